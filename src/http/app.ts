/**
 * The HTTP app: the JSON API under /api and the web pages at /, over one Library; each feature's
 * routers are in routes/<feature>/ (api.ts the JSON, page.ts the page and its forms).
 *
 * Every request passes, in order: security headers (on every response, errors included) →
 * cache policy (`private, no-store` on all but the assets, cache.ts) → body-size limit
 * (20 MiB for ingest, 64 KiB otherwise: 413) → authentication (API token or session cookie; sets
 * `user` and `csrfToken`) → private-mode read check → CSRF check on writes → the routers. Errors become `{error: {code, message}}` with the status of their code
 * (on-error.ts, from core/errors.ts).
 */
import { createRequire } from 'node:module';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PaperboyError } from '../core/errors.js';
import type { Library } from '../library/library.js';
import { PAGE_DOCS, webPages } from './pages.js';
import type { AppEnv } from './app-env.js';
import { authenticate, csrfProtection, readAccess } from './auth-middleware.js';
import { privateCaching } from './cache.js';
import { notFound, onError } from './on-error.js';
import { openApiDocument, type RouteDoc } from './openapi.js';
import { askDocs, askRoutes } from './routes/ask/api.js';
import { authDocs, authRoutes } from './routes/account/api.js';
import { dayDocs, dayRoutes } from './routes/daily/api.js';
import { feedRoutes } from './routes/subscriptions/feeds.js';
import { ingestDocs, ingestRoutes } from './routes/library/ingest-api.js';
import { paperDocs, paperRoutes } from './routes/papers/api.js';
import { relatedDocs, relatedRoutes } from './routes/papers/related-api.js';
import { searchDocs, searchRoutes } from './routes/search/api.js';
import { statsDocs, statsRoutes } from './routes/library/stats-api.js';
import { subscriptionDocs, subscriptionRoutes } from './routes/subscriptions/api.js';
import { tokenDocs, tokenRoutes } from './routes/account/tokens-api.js';
import { topicDocs, topicRoutes } from './routes/topics/api.js';
import { upvoteDocs, upvoteRoutes } from './routes/papers/upvotes-api.js';
import { securityHeaders } from './security-headers.js';
import { makeServices, type AppOptions, type Services } from './services.js';

export type { AppOptions } from './services.js';

/** Every API route's description, for /api/openapi.json. */
export const ROUTE_DOCS: RouteDoc[] = [
  ...authDocs,
  ...tokenDocs,
  ...searchDocs,
  ...askDocs,
  ...paperDocs,
  ...relatedDocs,
  ...upvoteDocs,
  ...dayDocs,
  ...statsDocs,
  ...topicDocs,
  ...ingestDocs,
  ...subscriptionDocs,
  ...PAGE_DOCS,
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'meta',
    auth: 'public',
    summary: 'This document',
    responses: { 200: { description: 'the OpenAPI 3.1 description of the API' } },
  },
];

/** Paths whose bodies may be large (uploads). */
const INGEST_PATHS = new Set(['/api/ingest']);

function bodyLimits(services: Services): MiddlewareHandler<AppEnv> {
  const tooLarge = (max: number) => () => {
    throw new PaperboyError('PAYLOAD_TOO_LARGE', `the request body is larger than ${max >= 1024 * 1024 ? `${max / (1024 * 1024)} MiB` : `${max / 1024} KiB`}`);
  };
  const small = bodyLimit({ maxSize: services.maxBodyBytes, onError: tooLarge(services.maxBodyBytes) });
  const large = bodyLimit({ maxSize: services.maxIngestBytes, onError: tooLarge(services.maxIngestBytes) });
  return (c, next) => (INGEST_PATHS.has(new URL(c.req.url).pathname) ? large(c, next) : small(c, next));
}

export function createApp(library: Library, options: AppOptions = {}): Hono<AppEnv> {
  const services = makeServices(library, options);
  const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  const document = openApiDocument(ROUTE_DOCS, version);
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', securityHeaders());
  app.use('*', privateCaching());
  app.use('*', bodyLimits(services));
  app.use('*', async (c, next) => {
    c.set('library', library);
    await next();
  });
  app.use('*', authenticate(services));
  app.use('*', readAccess(services));
  app.use('*', csrfProtection());
  app.get('/api/openapi.json', (c) => c.json(document));
  app.route('/', authRoutes(services));
  app.route('/', tokenRoutes(services));
  app.route('/', searchRoutes(services));
  app.route('/', askRoutes(services));
  app.route('/', relatedRoutes(services));
  app.route('/', upvoteRoutes(services));
  app.route('/', paperRoutes(services));
  app.route('/', dayRoutes(services));
  app.route('/', statsRoutes(services));
  app.route('/', topicRoutes(services));
  app.route('/', ingestRoutes(services));
  app.route('/', subscriptionRoutes(services));
  app.route('/', feedRoutes(services));
  app.route('/', webPages(services));
  return app;
}
