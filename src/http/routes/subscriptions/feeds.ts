/**
 * Per-subscription feeds: GET /feeds/:id.atom and /feeds/:id.json. The URL must carry the
 * subscription's feed token (`?token=`, in every feed link paperboy shows), in an open library
 * too: ids are sequential, and a feed shows its reader's subscription. Feed readers cannot sign
 * in, so the auth middleware lets /feeds/ through and the token decides.
 */
import { Hono } from 'hono';
import { PaperboyError } from '../../../core/errors.js';
import { digestLinks } from '../../../digest/digest-links.js';
import { atomFeed, buildFeed, jsonFeed } from '../../../digest/feeds.js';
import { feedTokenMatches } from '../../../digest/subscription-tokens.js';
import type { AppEnv } from '../../app-env.js';
import { linkBase, type Services } from '../../services.js';

export function feedRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { library, config } = services;
  app.get('/feeds/:file{[0-9]{1,15}\\.(?:atom|json)}', async (c) => {
    const file = c.req.param('file');
    const id = Number(file.slice(0, file.lastIndexOf('.')));
    const token = c.req.query('token');
    if (!token) throw new PaperboyError('FORBIDDEN', 'this feed URL has no token (feed URLs without one no longer work): copy it again from your subscriptions page');
    const sub = await library.store.subscriptionById(id);
    // A removed subscription and a wrong token look the same: neither says whether an id exists.
    if (!sub || !feedTokenMatches(await services.csrfSecret(), sub, token)) {
      throw new PaperboyError('NOT_FOUND', 'no feed at this URL: its subscription was removed, or the URL is incomplete (copy it again from your subscriptions page)');
    }
    const topics = await library.topicsFor([sub]);
    const feed = await buildFeed({ store: library.store, lexical: await library.lexical(), topics }, sub, { now: new Date() });
    const links = await digestLinks(library.store, linkBase(c, config));
    if (file.endsWith('.json')) return c.body(JSON.stringify(jsonFeed(feed, links)), 200, { 'content-type': 'application/feed+json; charset=utf-8' });
    return c.body(atomFeed(feed, links), 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });
  return app;
}
