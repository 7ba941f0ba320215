/** Unsubscribing by a signed token (from a digest email), without signing in. */
import type { Store } from '../store/store.js';
import { readUnsubscribeToken, type UnsubscribeScope } from './subscription-tokens.js';
import { describeSubscription } from './subscriptions.js';

export type UnsubscribeTarget =
  | { valid: false }
  /** `what` names it for the confirmation page; `exists` is false once it is already gone. */
  | { valid: true; scope: UnsubscribeScope; what: string; exists: boolean };

/** What a token would unsubscribe from (for the confirmation page), or `valid: false` for a bad token. */
export async function unsubscribeTarget(store: Store, secret: string, token: string): Promise<UnsubscribeTarget> {
  const scope = readUnsubscribeToken(secret, token);
  if (!scope) return { valid: false };
  if (scope.kind === 'user') {
    const user = await store.userById(scope.id);
    const count = user ? (await store.listSubscriptions(user.id)).length : 0;
    return { valid: true, scope, what: `all ${count} subscription${count === 1 ? '' : 's'} of ${user?.name ?? 'a removed user'} (no more digest emails)`, exists: count > 0 };
  }
  const sub = await store.subscriptionById(scope.id);
  return { valid: true, scope, what: sub ? describeSubscription(sub) : 'a subscription', exists: sub !== undefined };
}

/** Removes what a valid scope names; returns how many subscriptions went (0 when already gone: unsubscribing twice is fine). */
export async function unsubscribe(store: Store, scope: UnsubscribeScope): Promise<number> {
  return scope.kind === 'user' ? store.deleteUserSubscriptions(scope.id) : (await store.deleteSubscription(scope.id)) ? 1 : 0;
}
