/**
 * Conditional GETs for paper and day responses: a weak ETag from the library's change counters
 * (papers and upvotes), the user (responses say what they upvoted) and the route, so any write
 * changes it. A matching If-None-Match gets a 304.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

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

/**
 * Sets ETag and Cache-Control; returns a 304 response when the client's copy is current, else
 * undefined (build the body).
 */
export async function conditional(c: Context<AppEnv>): Promise<Response | undefined> {
  const etag = await etagFor(c);
  c.header('ETag', etag);
  // Revalidate every time (cheap: a 304); private, since responses can depend on the user.
  c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Cookie, Authorization');
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  return undefined;
}
