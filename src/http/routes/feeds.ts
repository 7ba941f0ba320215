/**
 * Per-subscription feeds: GET /feeds/:id.atom and /feeds/:id.json. In a private library the URL
 * must carry the subscription's feed token (`?token=`, shown with the feed links), since feed
 * readers cannot sign in; the auth middleware lets /feeds/ through so that this check decides.
 */
import { Hono } from 'hono';
import { accessMode } from '../../accounts/access.js';
import { PaperboyError } from '../../core/errors.js';
import { digestLinks } from '../../digest/digest-links.js';
import { atomFeed, buildFeed, jsonFeed } from '../../digest/feeds.js';
import { feedTokenMatches } from '../../digest/subscription-tokens.js';
import type { AppEnv } from '../app-env.js';
import type { Services } from '../services.js';

export function feedRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { library, config } = services;
  app.get('/feeds/:file{[0-9]{1,15}\\.(?:atom|json)}', async (c) => {
    const file = c.req.param('file');
    const id = Number(file.slice(0, file.lastIndexOf('.')));
    const token = c.req.query('token');
    const secret = await services.csrfSecret();
    if (token !== undefined && !feedTokenMatches(secret, id, token)) throw new PaperboyError('FORBIDDEN', 'this feed token is not valid: copy the feed URL again from your subscriptions');
    if (token === undefined && accessMode(config) === 'private') {
      throw new PaperboyError('UNAUTHENTICATED', 'this library is private: use the feed URL with its token, from your subscriptions page');
    }
    const sub = await library.store.subscriptionById(id);
    if (!sub) throw new PaperboyError('NOT_FOUND', `no subscription ${id} (it may have been removed)`);
    const topics = await library.topicsFor([sub]);
    const feed = await buildFeed({ store: library.store, lexical: await library.lexical(), topics }, sub, { now: new Date() });
    const links = await digestLinks(library.store, config, config.baseUrl ?? new URL(c.req.url).origin);
    if (file.endsWith('.json')) return c.body(JSON.stringify(jsonFeed(feed, links)), 200, { 'content-type': 'application/feed+json; charset=utf-8' });
    return c.body(atomFeed(feed, links), 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });
  return app;
}
