/**
 * What a digest run reads once for all its users, rather than once a user: the subscriptions, the
 * papers added since the earliest user's window (each with when it was added), and a matcher that
 * matches each distinct subscription over those papers once (match-subscription.ts).
 */
import type { SubscriptionRecord } from '../store/store.js';
import { subscriptionMatcher, type Candidate, type MatchSources, type SubscriptionMatcher } from './match-subscription.js';

export class DigestPool {
  private constructor(
    private readonly sources: MatchSources,
    /** The earliest window start the pool serves. */
    private readonly since: string,
    private readonly subscriptions: Map<number, SubscriptionRecord[]>,
    /** Newest first, as the store lists them. */
    private readonly added: { candidate: Candidate; addedAt: string }[],
    readonly match: SubscriptionMatcher,
  ) {}

  /** For windows starting at `since` or later, for the users whose subscriptions are given. */
  static async read(sources: MatchSources, subscriptions: SubscriptionRecord[], since: string): Promise<DigestPool> {
    const byUser = new Map<number, SubscriptionRecord[]>();
    for (const sub of subscriptions) {
      const mine = byUser.get(sub.userId);
      if (mine) mine.push(sub);
      else byUser.set(sub.userId, [sub]);
    }
    // Nobody subscribed, nothing to read.
    const additions = subscriptions.length ? await sources.store.paperAdditionsSince(since) : [];
    const addedAt = new Map(additions.map((a) => [a.docId, a.addedAt]));
    const papers = await sources.store.getPapersByDocIds(additions.map((a) => a.docId));
    const added = papers.map((candidate) => ({ candidate, addedAt: addedAt.get(candidate.docId)! }));
    return new DigestPool(sources, since, byUser, added, subscriptionMatcher(sources, papers));
  }

  /** The user's subscriptions, in the order they subscribed. */
  subscriptionsOf(userId: number): SubscriptionRecord[] {
    return this.subscriptions.get(userId) ?? [];
  }

  /** The papers added at or after `since` that the user was never sent, newest first. */
  async candidates(userId: number, since: string): Promise<Candidate[]> {
    if (since < this.since) throw new Error(`a digest pool read from ${this.since} has no papers from ${since}`);
    const inWindow = this.added.filter((a) => a.addedAt >= since);
    const sent = await this.sources.store.sentPapers(userId, inWindow.map((a) => a.candidate.docId));
    return inWindow.flatMap((a) => (sent.has(a.candidate.docId) ? [] : [a.candidate]));
  }
}
