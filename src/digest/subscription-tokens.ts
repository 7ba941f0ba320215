/**
 * Signed tokens that act without a sign-in: unsubscribe links (in digest emails) and private feed
 * URLs. Each is the library's HMAC (accounts/csrf.ts's `signedToken`) of what it names, so nothing
 * is stored, and deleting the subscription (or user) is what revokes them.
 */
import { csrfTokenMatches, signedToken } from '../accounts/csrf.js';

/** One subscription, or every subscription of a user (the List-Unsubscribe header of a digest). */
export type UnsubscribeScope = { kind: 'subscription'; id: number } | { kind: 'user'; id: number };

const scopeText = (s: UnsubscribeScope) => `${s.kind === 'user' ? 'u' : 's'}${s.id}`;

/** `s12.<mac>` or `u3.<mac>`: URL-safe as is. */
export function unsubscribeToken(secret: string, scope: UnsubscribeScope): string {
  const text = scopeText(scope);
  return `${text}.${signedToken(secret, 'unsubscribe', text)}`;
}

/** What a token unsubscribes from, or undefined when it is malformed or its signature does not match. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeScope | undefined {
  const m = /^([su])([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const scope: UnsubscribeScope = { kind: m[1] === 'u' ? 'user' : 'subscription', id: Number(m[2]) };
  return csrfTokenMatches(signedToken(secret, 'unsubscribe', scopeText(scope)), m[3]) ? scope : undefined;
}

export function feedToken(secret: string, subscriptionId: number): string {
  return signedToken(secret, 'feed', String(subscriptionId));
}

export function feedTokenMatches(secret: string, subscriptionId: number, token: string | undefined): boolean {
  return csrfTokenMatches(feedToken(secret, subscriptionId), token);
}
