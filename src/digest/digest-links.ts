/** Absolute links that leave the web app (in emails and feeds): papers, feeds, unsubscribing. */
import { csrfSecret } from '../accounts/csrf.js';
import { accessMode } from '../accounts/access.js';
import type { Config } from '../core/config.js';
import type { Store } from '../store/store.js';
import { paperPath } from '../web/components.js';
import { feedToken, unsubscribeToken, type UnsubscribeScope } from './subscription-tokens.js';

export interface DigestLinks {
  baseUrl: string;
  paper(paperId: string): string;
  /** The Atom and JSON Feed URLs of a subscription; with a feed token when the library is private. */
  feeds(subscriptionId: number): { atom: string; json: string };
  unsubscribe(scope: UnsubscribeScope): string;
  /** Where subscriptions are managed. */
  manage: string;
}

/** Links under `baseUrl` (the configured PAPERBOY_BASE_URL, or the server's own origin). */
export async function digestLinks(store: Store, config: Config, baseUrl: string): Promise<DigestLinks> {
  const secret = await csrfSecret(store);
  const base = baseUrl.replace(/\/+$/, '');
  const tokenQuery = (id: number) => (accessMode(config) === 'private' ? `?token=${feedToken(secret, id)}` : '');
  return {
    baseUrl: base,
    paper: (id) => `${base}${paperPath(id)}`,
    feeds: (id) => ({ atom: `${base}/feeds/${id}.atom${tokenQuery(id)}`, json: `${base}/feeds/${id}.json${tokenQuery(id)}` }),
    unsubscribe: (scope) => `${base}/unsubscribe?token=${unsubscribeToken(secret, scope)}`,
    manage: `${base}/subscriptions`,
  };
}
