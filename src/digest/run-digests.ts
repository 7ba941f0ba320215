/**
 * One digest run (`paperboy digest`): for each user with subscriptions, build the digest of the
 * papers added since the later of the window start and their last digest, send it, and record
 * what was sent only once the mail server accepted it. A dry run builds and renders only. The
 * subscriptions and new papers are read, and each distinct subscription matched, once for all the
 * users (digest-pool.ts).
 */
import type { UserRecord } from '../store/store.js';
import { buildDigest, type Digest } from './build-digest.js';
import type { DigestLinks } from './digest-links.js';
import { DigestPool } from './digest-pool.js';
import type { Mailer } from './mailer.js';
import type { MatchSources } from './match-subscription.js';
import { renderDigest, type RenderedDigest } from './render-digest.js';

export interface DigestRunOptions {
  sources: MatchSources;
  links: DigestLinks;
  /** The run's time: the window ends, and the next one starts, here. */
  now: Date;
  /** How far back a user without a recent digest looks (`--since`). */
  windowMs: number;
  /** Only these users (default: every user with a subscription). */
  users?: UserRecord[];
  /** Sends when given; a dry run (none) sends and records nothing. */
  mailer?: Mailer;
  perSubscription?: number;
}

export type DigestOutcome =
  | { status: 'sent'; to: string }
  | { status: 'dry-run'; to?: string }
  | { status: 'nothing-new' }
  | { status: 'no-email' }
  | { status: 'failed'; to: string; error: string };

export interface UserDigestRun {
  digest: Digest;
  rendered?: RenderedDigest;
  outcome: DigestOutcome;
}

/** RFC 2369 / RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export async function runDigests(o: DigestRunOptions): Promise<UserDigestRun[]> {
  const store = o.sources.store;
  const now = o.now.toISOString();
  const windowStart = new Date(o.now.getTime() - o.windowMs).toISOString();
  const subscriptions = await store.listSubscriptions();
  const subscribers = new Set(subscriptions.map((s) => s.userId));
  const users = (o.users ?? (await store.listUsers())).filter((u) => subscribers.has(u.id));
  const sinceOf = (user: UserRecord) => (user.lastDigestAt && user.lastDigestAt > windowStart ? user.lastDigestAt : windowStart);
  const ids = new Set(users.map((u) => u.id));
  // Read once, from the earliest window: every later window is a part of it.
  const earliest = users.map(sinceOf).reduce((min, s) => (s < min ? s : min), now);
  const pool = await DigestPool.read(o.sources, subscriptions.filter((s) => ids.has(s.userId)), earliest);
  const runs: UserDigestRun[] = [];
  for (const user of users) {
    const digest = await buildDigest(o.sources, user, { since: sinceOf(user), pool, ...(o.perSubscription ? { perSubscription: o.perSubscription } : {}) });
    const rendered = digest.entries.length ? renderDigest(digest, o.links, o.sources.topics) : undefined;
    const run = (outcome: DigestOutcome) => runs.push({ digest, ...(rendered ? { rendered } : {}), outcome });
    if (!o.mailer) {
      run({ status: 'dry-run', ...(user.email ? { to: user.email } : {}) });
      continue;
    }
    if (!user.email) {
      run({ status: 'no-email' });
      continue;
    }
    if (!rendered) {
      // Nothing new: the next window still starts here.
      await store.recordDigest(user.id, [], now);
      run({ status: 'nothing-new' });
      continue;
    }
    try {
      await o.mailer.send({
        to: user.email,
        ...rendered,
        headers: unsubscribeHeaders(o.links.unsubscribe({ kind: 'user', id: user.id })),
      });
    } catch (err) {
      run({ status: 'failed', to: user.email, error: (err as Error).message });
      continue;
    }
    await store.recordDigest(user.id, digest.entries.map((e) => ({ docId: e.docId, subscriptionId: e.subscription.id })), now);
    run({ status: 'sent', to: user.email });
  }
  return runs;
}
