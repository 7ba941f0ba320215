/** Absolute links that leave the web app (in emails and feeds): papers, feeds, unsubscribing. */
import { csrfSecret } from '../accounts/csrf.js';
import type { Store } from '../store/store.js';
import { paperPath } from '../web/components.js';
import { feedToken, unsubscribeToken, type FeedSubject, type UnsubscribeScope } from './subscription-tokens.js';

export interface DigestLinks {
  baseUrl: string;
  paper(paperId: string): string;
  /** The Atom and JSON Feed URLs of a subscription, each with its feed token. */
  feeds(sub: FeedSubject): { atom: string; json: string };
  unsubscribe(scope: UnsubscribeScope): string;
  /** Where subscriptions are managed. */
  manage: string;
}

/**
 * Links under `baseUrl`: the configured PAPERBOY_BASE_URL, or the server's own address
 * (http/services.ts's linkBase), or '' for links relative to the page showing them.
 */
export async function digestLinks(store: Store, baseUrl: string): Promise<DigestLinks> {
  const secret = await csrfSecret(store);
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    paper: (id) => `${base}${paperPath(id)}`,
    feeds: (sub) => {
      const token = `?token=${feedToken(secret, sub)}`;
      return { atom: `${base}/feeds/${sub.id}.atom${token}`, json: `${base}/feeds/${sub.id}.json${token}` };
    },
    unsubscribe: (scope) => `${base}/unsubscribe?token=${unsubscribeToken(secret, scope)}`,
    manage: `${base}/subscriptions`,
  };
}
