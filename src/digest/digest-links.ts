/** Absolute links that leave the web app (in emails and feeds): papers, feeds, unsubscribing. */
import { csrfSecret } from '../accounts/csrf.js';
import type { Store } from '../store/store.js';
import { urls } from '../core/urls.js';
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
    paper: (id) => `${base}${urls.paper(id)}`,
    feeds: (sub) => {
      const token = feedToken(secret, sub);
      return { atom: `${base}${urls.feed(sub.id, 'atom', token)}`, json: `${base}${urls.feed(sub.id, 'json', token)}` };
    },
    unsubscribe: (scope) => `${base}${urls.unsubscribe(unsubscribeToken(secret, scope))}`,
    manage: `${base}${urls.subscriptions}`,
  };
}
