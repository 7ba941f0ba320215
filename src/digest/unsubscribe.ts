/** Unsubscribing by a signed token (from a digest email), without signing in. */
import type { Store, SubscriptionRecord } from '../store/store.js';
import { readUnsubscribeToken, type LinkScope } from './subscription-tokens.js';
import { describeSubscription } from './subscriptions.js';

export type UnsubscribeTarget =
  /** Malformed, altered or cut short. */
  | { status: 'invalid' }
  /**
   * A link that signs a subscription id alone (digests sent before links signed the owner), whose
   * id digests have since named for another reader too: before schema 5 SQLite gave a removed
   * subscription's id to the next one, so the link cannot say whose subscription it means.
   */
  | { status: 'unclear' }
  /** `what` names it for the confirmation page; `exists` is false once it is gone (or no longer the link's owner's). */
  | { status: 'valid'; scope: LinkScope; what: string; exists: boolean };

/** What a token would unsubscribe from, for the confirmation page and for `unsubscribe`. */
export async function unsubscribeTarget(store: Store, secret: string, token: string): Promise<UnsubscribeTarget> {
  const scope = readUnsubscribeToken(secret, token);
  if (!scope) return { status: 'invalid' };
  if (scope.kind === 'user') {
    const user = await store.userById(scope.id);
    const count = user ? (await store.listSubscriptions(user.id)).length : 0;
    return { status: 'valid', scope, what: `all ${count} subscription${count === 1 ? '' : 's'} of ${user?.name ?? 'a removed user'} (no more digest emails)`, exists: count > 0 };
  }
  const sub = await store.subscriptionById(scope.id);
  if (sub && scope.userId === undefined && (await namedForOthers(store, sub))) return { status: 'unclear' };
  const theirs = sub !== undefined && (scope.userId === undefined || sub.userId === scope.userId);
  return { status: 'valid', scope, what: theirs ? describeSubscription(sub) : 'a subscription', exists: theirs };
}

/** Whether digests named this subscription's id to another user than its owner. */
async function namedForOthers(store: Store, sub: SubscriptionRecord): Promise<boolean> {
  return (await store.digestRecipientsOfSubscription(sub.id)).some((userId) => userId !== sub.userId);
}

/** Removes what a valid target names; returns how many subscriptions went (0 when already gone: unsubscribing twice is fine). */
export async function unsubscribe(store: Store, target: Extract<UnsubscribeTarget, { status: 'valid' }>): Promise<number> {
  if (target.scope.kind === 'user') return store.deleteUserSubscriptions(target.scope.id);
  return target.exists && (await store.deleteSubscription(target.scope.id)) ? 1 : 0;
}
