/** What the ask API (api.ts) and the ask page (page.ts) share: the question's bounds and the allowance of questions. */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { clientAddress, type Services } from '../../services.js';

export const MAX_QUESTION = 500;

export const question = z.string().trim().min(1, 'ask something').max(MAX_QUESTION);
export const paperId = z.string().trim().min(1).max(300);

/** Counts one question against the asker's allowance: per user when signed in, else per address. */
export function askAllowance(c: Context<AppEnv>, services: Services): { allowed: true } | { allowed: false; retryAfter: number } {
  const user = c.get('user');
  return services.askLimiter.attempt(user ? `user:${user.id}` : `ip:${clientAddress(c, services.config)}`);
}
