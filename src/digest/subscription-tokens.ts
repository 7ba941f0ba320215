/**
 * Signed tokens that act without a sign-in: unsubscribe links (in digest emails) and feed URLs. Each is the library's HMAC (accounts/csrf.ts's `signedToken`) of what it names, so nothing
 * is stored, and deleting the subscription (or user) is what revokes them.
 */
import { csrfTokenMatches, signedToken } from '../accounts/csrf.js';
import type { SubscriptionRecord } from '../store/store.js';

/**
 * One subscription of a user, or every subscription of a user (the List-Unsubscribe header of a
 * digest). A subscription's link signs its owner too, so that it never acts on another reader's
 * subscription under the same id.
 */
export type UnsubscribeScope = { kind: 'subscription'; id: number; userId: number } | { kind: 'user'; id: number };

/** A scope read from a link: those in digests sent before links signed the owner name the subscription alone. */
export type LinkScope = UnsubscribeScope | { kind: 'subscription'; id: number; userId?: undefined };

const scopeText = (s: LinkScope) => (s.kind === 'user' ? `u${s.id}` : `s${s.id}${s.userId === undefined ? '' : `u${s.userId}`}`);

/** `s12u3.<mac>` (subscription 12 of user 3) or `u3.<mac>`: URL-safe as is. */
export function unsubscribeToken(secret: string, scope: UnsubscribeScope): string {
  const text = scopeText(scope);
  return `${text}.${signedToken(secret, 'unsubscribe', text)}`;
}

/** What a token unsubscribes from, or undefined when it is malformed or its signature does not match. */
export function readUnsubscribeToken(secret: string, token: string): LinkScope | undefined {
  const m = /^(?:s([1-9]\d{0,15})(?:u([1-9]\d{0,15}))?|u([1-9]\d{0,15}))\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const scope: LinkScope = m[3]
    ? { kind: 'user', id: Number(m[3]) }
    : { kind: 'subscription', id: Number(m[1]), ...(m[2] ? { userId: Number(m[2]) } : {}) };
  return csrfTokenMatches(signedToken(secret, 'unsubscribe', scopeText(scope)), m[4]) ? scope : undefined;
}

/** What a feed token names: one subscription, as created by one user at one time. */
export type FeedSubject = Pick<SubscriptionRecord, 'id' | 'userId' | 'createdAt'>;

/**
 * Every feed URL carries this token, in an open library too: the ids are sequential, and a feed
 * shows its reader's subscription. It signs the owner and creation time as well as the id: before
 * schema 5 SQLite gave a deleted last row's id to the next subscription, which an old URL must not open.
 */
export function feedToken(secret: string, sub: FeedSubject): string {
  return signedToken(secret, 'feed', `${sub.id}:${sub.userId}:${sub.createdAt}`);
}

export function feedTokenMatches(secret: string, sub: FeedSubject, token: string | undefined): boolean {
  return csrfTokenMatches(feedToken(secret, sub), token);
}
