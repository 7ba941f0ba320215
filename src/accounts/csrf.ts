/**
 * CSRF protection for cookie-authenticated writes (form posts and JSON): a double-submit token
 * derived from the session, HMAC-SHA256(secret, session id), that a page embeds in its forms (or
 * a script sends as `X-CSRF-Token`). Before sign-in the token is derived from a random
 * `pb_csrf` cookie instead, which protects the login form. Requests authenticated by an API
 * token carry no ambient credentials and are exempt. The secret lives in the store's settings.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store.js';

export const CSRF_COOKIE = 'pb_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SECRET_SETTING = 'csrf-secret';

/** The server's CSRF secret, created on first use and kept in the library. */
export async function csrfSecret(store: Store): Promise<string> {
  const existing = await store.getSetting(SECRET_SETTING);
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  await store.setSetting(SECRET_SETTING, secret);
  return secret;
}

/** A fresh value for the pre-sign-in `pb_csrf` cookie. */
export const newCsrfNonce = () => randomBytes(16).toString('base64url');

/**
 * HMAC-SHA256 of `purpose:value` with the library's secret (csrfSecret): the one way paperboy signs
 * a value. The purpose keeps a token made for one use (a session's CSRF token, an unsubscribe link,
 * a feed URL) from standing in for another.
 */
export function signedToken(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');
}

/** The token for a session id (or pre-sign-in nonce); `kind` keeps the two from standing in for each other. */
export function csrfToken(secret: string, kind: 'session' | 'anonymous', value: string): string {
  return signedToken(secret, kind, value);
}

export function csrfTokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
