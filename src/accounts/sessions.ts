/**
 * Browser sessions: a random 256-bit id in the `pb_session` cookie; the store keeps only its
 * SHA-256, so a leaked database does not hand out live sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store, UserRecord } from '../store/store.js';

export const SESSION_COOKIE = 'pb_session';
/** How long a sign-in lasts. */
export const SESSION_DAYS = 30;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'Lax';
  secure: boolean;
  path: '/';
  maxAge?: number;
  expires?: Date;
}

/** The session cookie's attributes: HttpOnly, SameSite=Lax, Path=/, Secure over TLS (or when configured). */
export function sessionCookieOptions(secure: boolean, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'Lax', secure, path: '/', ...(expires ? { expires } : {}) };
}

export async function startSession(store: Store, userId: number, now = new Date()): Promise<{ id: string; expires: Date }> {
  const id = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await store.pruneSessions(now.toISOString());
  await store.createSession({ idHash: sha256(id), userId, expiresAt: expires.toISOString() });
  return { id, expires };
}

/** The user of a live session id (from the cookie), or undefined. */
export async function sessionUser(store: Store, id: string, now = new Date()): Promise<UserRecord | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  return (await store.sessionUser(sha256(id), now.toISOString()))?.user;
}

export async function endSession(store: Store, id: string): Promise<void> {
  await store.deleteSession(sha256(id));
}
