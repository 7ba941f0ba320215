/**
 * API tokens for scripts: `Authorization: Bearer pb_…`. A token is 256 random bits, shown once
 * when created; the store keeps its SHA-256 only.
 */
import { randomBytes } from 'node:crypto';
import { PaperboyError } from '../core/errors.js';
import type { ApiTokenInfo, Store, UserRecord } from '../store/store.js';
import { sha256 } from './sessions.js';

export const TOKEN_PREFIX = 'pb_';
const TOKEN = /^pb_[A-Za-z0-9_-]{43}$/;

export async function createApiToken(store: Store, userId: number, name: string): Promise<{ token: string; info: ApiTokenInfo }> {
  const label = name.trim();
  if (label.length === 0 || label.length > 100) throw new PaperboyError('BAD_INPUT', 'name: a token name has 1 to 100 characters');
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const info = await store.createApiToken({ tokenHash: sha256(token), name: label, userId });
  return { token, info };
}

/** The user a token belongs to, or undefined for a malformed, unknown or revoked token. */
export async function tokenUser(store: Store, token: string, now = new Date()): Promise<UserRecord | undefined> {
  if (!TOKEN.test(token)) return undefined;
  return (await store.useApiToken(sha256(token), now.toISOString()))?.user;
}

/** The token of an `Authorization: Bearer …` header; undefined when there is no such header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}
