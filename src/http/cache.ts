/**
 * Who may keep a response, and for how long.
 *
 * - `privateCaching()`, one rule for every response: `Cache-Control: private, no-store` and
 *   `Vary: Cookie, Authorization`, unless the route declared its response `public` (the assets).
 *   Every other response depends on who asks: a session, an API token, or (anonymous) the
 *   pre-sign-in `pb_csrf` cookie whose CSRF token pages embed and which the response may set; in a
 *   private library it is also the library's content. So neither a shared cache nor the browser
 *   keeps it (a shared computer's back button after sign-out shows nothing).
 * - Conditional GETs for paper and day responses: a weak ETag from the library's change counters
 *   (papers and upvotes), the user (responses say what they upvoted) and the route, so any write
 *   changes it. A matching If-None-Match gets a 304 (for clients that keep their own copy).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';

const VARY = ['Cookie', 'Authorization'];

export function privateCaching(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (/\bpublic\b/i.test(h.get('cache-control') ?? '')) return;
    h.set('Cache-Control', 'private, no-store');
    const vary = (h.get('vary') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    h.set('Vary', [...vary, ...VARY.filter((v) => !vary.some((x) => x.toLowerCase() === v.toLowerCase()))].join(', '));
  };
}

export async function etagFor(c: Context<AppEnv>): Promise<string> {
  const store = c.get('library').store;
  const [seq, votes] = await Promise.all([store.currentSeq(), store.upvoteSeq()]);
  const url = new URL(c.req.url);
  const route = createHash('sha256').update(`${url.pathname}?${url.search}`).digest('base64url').slice(0, 16);
  return `W/"${seq}.${votes}.${c.get('user')?.id ?? 0}.${route}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** Sets the ETag; returns a 304 response when the client's copy is current, else undefined (build the body). */
export async function conditional(c: Context<AppEnv>): Promise<Response | undefined> {
  const etag = await etagFor(c);
  c.header('ETag', etag);
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  return undefined;
}
