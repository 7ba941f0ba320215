/**
 * Subscriptions of the signed-in user, and their digest. JSON: GET/POST /api/subscriptions,
 * DELETE /api/subscriptions/:id, POST /api/account/email, GET /api/digest/preview?since=.
 * The subscriptions page and its forms (and the subscribe buttons') are page.ts.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { setEmail } from '../../../accounts/users.js';
import { parseDuration } from '../../../core/dates.js';
import { PaperboyError } from '../../../core/errors.js';
import { readerPaperJson, seesServer } from '../../paper-json.js';
import { digestLinks, type DigestLinks } from '../../../digest/digest-links.js';
import { runDigests } from '../../../digest/run-digests.js';
import { MAX_SUBSCRIPTION_VALUE, SUBSCRIPTION_KINDS, subscribe, subscriptionJson } from '../../../digest/subscriptions.js';
import type { AppEnv } from '../../app-env.js';
import { requireUser } from '../../auth-middleware.js';
import { ownSubscription } from './own-subscription.js';
import type { RouteDoc } from '../../openapi.js';
import { linkBase, type Services } from '../../services.js';
import { validJson, validParams, validQuery } from '../../validate.js';

export const Kind = z.enum(SUBSCRIPTION_KINDS as [string, ...string[]]);
const NewSubscription = z.strictObject({
  kind: Kind.describe('search: a query; topic: a topic id; author: a name; question: a standing question (answered as a search for now)'),
  value: z.string().trim().min(1).max(MAX_SUBSCRIPTION_VALUE),
});
export const SubscriptionId = z.object({ id: z.coerce.number().int().positive() });
const EmailBody = z.strictObject({ email: z.string().max(254).nullable().describe('null stops digest emails') });
const PreviewQuery = z.object({
  since: z
    .string()
    .default('1d')
    .refine((s) => parseDuration(s) !== undefined, 'a span like 30m, 12h, 1d or 2w (at most 100 years)')
    .describe('how far back to look (the last digest, if later, starts the window)'),
});

const SubscriptionDoc = z.object({
  id: z.number().int(),
  kind: Kind,
  value: z.string(),
  label: z.string(),
  createdAt: z.string(),
  feeds: z.object({ atom: z.string(), json: z.string() }).describe('feed URLs; in a private library they carry a feed token'),
});
const PreviewDoc = z.object({
  since: z.string(),
  subject: z.string().nullable(),
  papers: z.array(z.object({ paper: z.record(z.string(), z.unknown()), subscription: z.number().int(), reason: z.string(), alsoMatched: z.array(z.string()) })),
});

export function subscriptionRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { library, config } = services;
  const store = library.store;
  const links = (c: Context<AppEnv>): Promise<DigestLinks> => digestLinks(store, linkBase(c, config));

  app.get('/api/subscriptions', async (c) => {
    const user = requireUser(c);
    const l = await links(c);
    const record = await store.userById(user.id);
    const subs = await store.listSubscriptions(user.id);
    const topics = await library.topicsFor(subs);
    return c.json({ email: record?.email ?? null, subscriptions: subs.map((s) => subscriptionJson(s, l, topics)) });
  });
  app.post('/api/subscriptions', async (c) => {
    const user = requireUser(c);
    const body = await validJson(c, NewSubscription);
    const topics = await library.topicsFor([body]);
    const sub = await subscribe(store, { userId: user.id, ...body }, topics);
    return c.json(subscriptionJson(sub, await links(c), topics), 201);
  });
  app.delete('/api/subscriptions/:id', async (c) => {
    const user = requireUser(c);
    const { id } = validParams(c, SubscriptionId);
    await ownSubscription(store, user, id);
    await store.deleteSubscription(id);
    return c.body(null, 204);
  });
  app.post('/api/account/email', async (c) => {
    const user = requireUser(c);
    const { email } = await validJson(c, EmailBody);
    await setEmail(store, user.id, email ?? undefined);
    return c.json({ email: (await store.userById(user.id))?.email ?? null });
  });
  app.get('/api/digest/preview', async (c) => {
    const user = requireUser(c);
    const { since } = validQuery(c, PreviewQuery);
    const record = await store.userById(user.id);
    if (!record) throw new PaperboyError('UNAUTHENTICATED', 'sign in again');
    // A dry run for this one user: exactly what the next `paperboy digest` would send now.
    const [run] = await runDigests({
      sources: { store, lexical: await library.lexical(), topics: await library.topicsFor(await store.listSubscriptions(user.id)) },
      links: await links(c),
      now: new Date(),
      windowMs: parseDuration(since)!,
      users: [record],
    });
    return c.json({
      since: run?.digest.since ?? null,
      subject: run?.rendered?.subject ?? null,
      papers: (run?.digest.entries ?? []).map((e) => ({ paper: readerPaperJson(e.paper, seesServer(c)), subscription: e.subscription.id, reason: e.reason, alsoMatched: e.alsoMatched })),
    });
  });

  return app;
}

export const subscriptionDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/subscriptions',
    tag: 'subscriptions',
    auth: 'user',
    summary: 'Your subscriptions, with their feed URLs, and the address digests go to',
    responses: { 200: { description: 'subscriptions', schema: z.object({ email: z.string().nullable(), subscriptions: z.array(SubscriptionDoc) }) } },
    errors: [503],
  },
  {
    method: 'post',
    path: '/api/subscriptions',
    tag: 'subscriptions',
    auth: 'user',
    summary: 'Subscribe to a search, a topic, an author or a standing question',
    body: { json: NewSubscription },
    responses: { 201: { description: 'the new subscription', schema: SubscriptionDoc } },
    errors: [404, 409, 503],
  },
  {
    method: 'delete',
    path: '/api/subscriptions/{id}',
    tag: 'subscriptions',
    auth: 'user',
    summary: 'Remove one of your subscriptions',
    path_params: SubscriptionId,
    responses: { 204: { description: 'removed' } },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/api/account/email',
    tag: 'subscriptions',
    auth: 'user',
    summary: 'Set (or, with null, clear) the address your digests go to',
    body: { json: EmailBody },
    responses: { 200: { description: 'the address now', schema: z.object({ email: z.string().nullable() }) } },
  },
  {
    method: 'get',
    path: '/api/digest/preview',
    tag: 'subscriptions',
    auth: 'user',
    summary: 'Your pending digest: what the next digest run would send you now (sends and records nothing)',
    query: PreviewQuery,
    responses: { 200: { description: 'the papers, each with its reason', schema: PreviewDoc } },
    errors: [503],
  },
];
