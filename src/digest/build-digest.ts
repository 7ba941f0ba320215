/**
 * A user's digest: the papers added to the library since `since` that their subscriptions match
 * and that they were never sent, each once, under the subscription it matches best, ranked, with a
 * one-line reason (and the other subscriptions it also matches).
 */
import type { SubscriptionRecord, UserRecord } from '../store/store.js';
import { DigestPool } from './digest-pool.js';
import type { Candidate, MatchSources, SubscriptionMatch } from './match-subscription.js';

export interface DigestEntry extends Candidate {
  subscription: SubscriptionRecord;
  reason: string;
  /** Reasons from the user's other subscriptions that matched this paper too. */
  alsoMatched: string[];
}

export interface DigestSection {
  subscription: SubscriptionRecord;
  entries: DigestEntry[];
  /** Further matches left out by the per-subscription cap (they are not recorded as sent). */
  more: number;
}

export interface Digest {
  user: UserRecord;
  since: string;
  /** One per subscription with something to send, in the order the user subscribed. */
  sections: DigestSection[];
  /** Every entry, section by section. */
  entries: DigestEntry[];
}

export interface DigestOptions {
  /** ISO timestamp: papers first added to the library at or after it are new. */
  since: string;
  /** At most this many papers a subscription (default 25): a digest is read, not searched. */
  perSubscription?: number;
  /** What a run of several digests reads once and shares (run-digests.ts); without it, the digest reads its own. */
  pool?: DigestPool;
}

/**
 * Which subscription a paper shared by several is listed under. An author followed by name is the
 * most deliberate signal, then a search or question (scored), then a topic (a coarse cluster);
 * within a kind, the higher score relative to that subscription's best.
 */
const KIND_STRENGTH: Record<SubscriptionRecord['kind'], number> = { author: 3, search: 2, question: 2, topic: 1 };

export async function buildDigest(sources: MatchSources, user: UserRecord, options: DigestOptions): Promise<Digest> {
  const empty: Digest = { user, since: options.since, sections: [], entries: [] };
  const pool = options.pool ?? (await DigestPool.read(sources, await sources.store.listSubscriptions(user.id), options.since));
  const subscriptions = pool.subscriptionsOf(user.id);
  if (subscriptions.length === 0) return empty;
  const candidates = await pool.candidates(user.id, options.since);
  if (candidates.length === 0) return empty;

  const best = new Map<number, { sub: SubscriptionRecord; match: SubscriptionMatch; strength: [number, number] }>();
  const reasons = new Map<number, { subId: number; reason: string }[]>();
  for (const sub of subscriptions) {
    const matches = await pool.match(sub, candidates);
    const top = matches.reduce((max, m) => Math.max(max, m.score), Number.MIN_VALUE);
    for (const match of matches) {
      const strength: [number, number] = [KIND_STRENGTH[sub.kind], match.score / top];
      const current = best.get(match.docId);
      if (!current || strength[0] > current.strength[0] || (strength[0] === current.strength[0] && strength[1] > current.strength[1])) {
        best.set(match.docId, { sub, match, strength });
      }
      const list = reasons.get(match.docId) ?? [];
      list.push({ subId: sub.id, reason: match.reason });
      reasons.set(match.docId, list);
    }
  }

  const byDocId = new Map(candidates.map((c) => [c.docId, c]));
  const cap = options.perSubscription ?? 25;
  const sections: DigestSection[] = [];
  for (const sub of subscriptions) {
    const mine = [...best.values()].filter((b) => b.sub.id === sub.id).sort((a, b) => b.match.score - a.match.score);
    if (mine.length === 0) continue;
    const entries = mine.slice(0, cap).map(({ match }) => ({
      ...byDocId.get(match.docId)!,
      subscription: sub,
      reason: match.reason,
      alsoMatched: (reasons.get(match.docId) ?? []).filter((r) => r.subId !== sub.id).map((r) => r.reason),
    }));
    sections.push({ subscription: sub, entries, more: mine.length - entries.length });
  }
  return { ...empty, sections, entries: sections.flatMap((s) => s.entries) };
}
