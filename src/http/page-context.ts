/** What a page needs to know of its request (web/layout.ts's PageContext): who asks, the CSRF token, where they are. */
import type { Context } from 'hono';
import type { PageContext } from '../web/layout.js';
import type { AppEnv } from './app-env.js';

export function pageContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url);
  return { user: c.get('user'), csrf: c.get('csrfToken') ?? '', here: url.pathname + url.search };
}
