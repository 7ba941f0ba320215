import { PaperboyError } from '../../../core/errors.js';
import type { Store, SubscriptionRecord } from '../../../store/store.js';
import type { SessionUser } from '../../app-env.js';

/** The user's own subscription: 404 when there is none, 403 when it is someone else's. */
export async function ownSubscription(store: Store, user: SessionUser, id: number): Promise<SubscriptionRecord> {
  const sub = await store.subscriptionById(id);
  if (!sub) throw new PaperboyError('NOT_FOUND', `no subscription ${id}`);
  if (sub.userId !== user.id) throw new PaperboyError('FORBIDDEN', `subscription ${id} is not yours`);
  return sub;
}
