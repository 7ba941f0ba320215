/**
 * The route sweep. Every route the app serves, read from Hono's own route table and from
 * /api/openapi.json (so a new route is swept, or this test fails until it has an entry), is called
 * as an anonymous client, as reader A and as reader B (each by session cookie and by API token),
 * in an open and in a private library, against a real SQLite library. Every response must hold:
 * - no 500;
 * - nothing of A's reaches anyone else: A's subscriptions, digest address, API token names and
 *   tokens, session, CSRF token and feed tokens are unique markers, looked for in every body and
 *   header the others get;
 * - no server path reaches anyone but A (the admin): the fixtures' and the library's directories;
 * - nobody but A changes A's data (B's and anonymous DELETEs and POSTs on A's objects fail);
 * - every write authenticated by a cookie (signed in, or anonymous with pb_csrf) is refused
 *   without its CSRF token;
 * - every response but the assets is `Cache-Control: private, no-store` with `Vary: Cookie`;
 * - no link is built from the request's Host, and every redirect stays on this site;
 * - the auth level the OpenAPI document states is enforced, and in a private library anonymous
 *   gets the sign-in, a refusal or a redirect to sign in, and no paper.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEmail } from '../accounts/users.js';
import { sessionUser } from '../accounts/sessions.js';
import { digestLinks } from '../digest/digest-links.js';
import { subscribe } from '../digest/subscriptions.js';
import { unsubscribeToken } from '../digest/subscription-tokens.js';
import { csrfSecret } from '../accounts/csrf.js';
import { createApiToken } from '../accounts/api-tokens.js';
import { openApiPath } from './openapi.js';
import { Browser, FIXTURES, addTestUser, testEnv, type TestEnv } from './test-support/test-app.js';

type Who = 'anonymous' | 'A' | 'B' | 'A token' | 'B token';
type Access = 'open' | 'private';

/** One request of a route: a path with its query, and a body for writes. */
interface Probe {
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

/** What the probes fill parameters with: the library's papers and topics, and A's and B's objects. */
interface SweepData {
  paperId: string;
  topicId: string;
  /** A's subscription to remove (A's own sweep does), A's feed (of another, kept) and a token to revoke. */
  a: { subscriptionId: number; feedSubscriptionId: number; feedPath: string; victimTokenId: number };
  b: { feedToken: string };
}

interface Sweep {
  probes(d: SweepData, who: Who): (string | Probe)[];
  /** Signs the caller out: swept after the rest. */
  endsSession?: true;
}

const QUESTION = 'what is sparse reward exploration?';
/** Every request names this host, as a client may in its Host header. */
const FORGED_HOST = 'forged-host.example';
const LISTING = `${JSON.stringify({ arxiv_id: '2406.20001', title: 'Swept Uploads of One Listing', abstract: 'A listing uploaded by the route sweep.', date: '2024-06-01' })}\n`;

/**
 * Every route, by method and OpenAPI-style path, and how to call it. Paths with ids name A's
 * objects, so that everyone else's calls test that they cannot reach them.
 */
const SWEEP: Record<string, Sweep> = {
  'GET /api/openapi.json': { probes: () => ['/api/openapi.json'] },
  'GET /api/auth/me': { probes: () => ['/api/auth/me'] },
  'POST /api/auth/login': { probes: () => [{ path: '/api/auth/login', json: { name: 'ada', password: 'not the password' } }] },
  'POST /api/auth/logout': { probes: () => ['/api/auth/logout'], endsSession: true },
  'POST /login': { probes: () => [{ path: '/login', form: { name: 'ada', password: 'not the password', next: '/\t/evil.example' } }] },
  'POST /logout': { probes: () => [{ path: '/logout', form: {} }], endsSession: true },
  'GET /api/tokens': { probes: () => ['/api/tokens'] },
  'POST /api/tokens': { probes: () => [{ path: '/api/tokens', json: { name: 'swept' } }] },
  'DELETE /api/tokens/{id}': { probes: (d) => [`/api/tokens/${d.a.victimTokenId}`] },
  'GET /api/search': { probes: () => ['/api/search?q=sparse', '/api/search?q=sparse&from=9999-12&to=9999-12-31&limit=100'] },
  'POST /api/ask': { probes: () => [{ path: '/api/ask', json: { question: QUESTION } }, { path: '/api/ask?stream=1', json: { question: QUESTION } }] },
  'GET /api/ask': { probes: () => [`/api/ask?q=${encodeURIComponent(QUESTION)}`, `/api/ask?q=${encodeURIComponent(QUESTION)}&stream=1`] },
  'GET /api/papers/{id}/related': { probes: (d) => [`/api/papers/${d.paperId}/related`] },
  'POST /api/papers/{id}/upvote': { probes: (d) => [`/api/papers/${d.paperId}/upvote`] },
  'DELETE /api/papers/{id}/upvote': { probes: (d) => [`/api/papers/${d.paperId}/upvote`] },
  'POST /papers/{id}/upvote': { probes: (d) => [{ path: `/papers/${d.paperId}/upvote`, form: { up: '1', next: '/\t/evil.example' } }] },
  'GET /api/papers/{id}': { probes: (d) => [`/api/papers/${d.paperId}`, '/api/papers/hep-th/9901001', '/api/papers/no-such-paper'] },
  'GET /api/days': { probes: () => ['/api/days', '/api/days?from=1000-01-01&to=9999-12-31&cursor=1000-01-01'] },
  'GET /api/days/{date}': { probes: () => ['/api/days/latest', '/api/days/2024-05-01?span=week', '/api/days/9999-12-31?span=week', '/api/days/9999-12-31?span=month'] },
  'GET /api/stats': { probes: () => ['/api/stats'] },
  'GET /api/topics': { probes: () => ['/api/topics'] },
  'GET /api/topics/{id}': { probes: (d) => [`/api/topics/${d.topicId}`, '/api/topics/no-such-topic'] },
  'GET /api/map': { probes: () => ['/api/map'] },
  'GET /api/trending': { probes: () => ['/api/trending'] },
  'POST /api/ingest': { probes: () => [{ path: '/api/ingest', json: { name: 'swept', text: LISTING } }] },
  'GET /api/subscriptions': { probes: () => ['/api/subscriptions'] },
  'POST /api/subscriptions': { probes: () => [{ path: '/api/subscriptions', json: { kind: 'search', value: 'swept search' } }] },
  'DELETE /api/subscriptions/{id}': { probes: (d) => [`/api/subscriptions/${d.a.subscriptionId}`] },
  'POST /api/account/email': { probes: () => [{ path: '/api/account/email', json: { email: 'swept@example.org' } }] },
  'GET /api/digest/preview': { probes: () => ['/api/digest/preview?since=1w'] },
  'POST /subscriptions': { probes: () => [{ path: '/subscriptions', form: { kind: 'author', value: 'Swept Author', next: '/a\nb' } }] },
  'POST /subscriptions/{id}/delete': { probes: (d) => [{ path: `/subscriptions/${d.a.subscriptionId}/delete`, form: {} }] },
  'POST /account/email': { probes: () => [{ path: '/account/email', form: { email: 'swept@example.org' } }] },
  // Never a valid token (that would unsubscribe): a forged one for A's subscription, and none.
  'GET /unsubscribe': { probes: (d) => [`/unsubscribe?token=s${d.a.subscriptionId}.${'A'.repeat(43)}`, '/unsubscribe'] },
  'POST /unsubscribe': { probes: (d) => [{ path: `/unsubscribe?token=s${d.a.subscriptionId}.${'A'.repeat(43)}`, form: { 'List-Unsubscribe': 'One-Click' } }] },
  // A's feed without a token, with B's, with a forged one; A also with its own.
  'GET /feeds/{file}': {
    probes: (d, who) => [
      `/feeds/${d.a.feedSubscriptionId}.json`,
      `/feeds/${d.a.feedSubscriptionId}.atom?token=${d.b.feedToken}`,
      `/feeds/${d.a.feedSubscriptionId}.atom?token=${'A'.repeat(43)}`,
      ...(who === 'A' || who === 'A token' ? [d.a.feedPath] : []),
    ],
  },
  'GET /assets/style.css': { probes: () => ['/assets/style.css'] },
  'GET /assets/app.js': { probes: () => ['/assets/app.js'] },
  'GET /assets/favicon.svg': { probes: () => ['/assets/favicon.svg'] },
  'GET /assets/katex/katex.min.css': { probes: () => ['/assets/katex/katex.min.css'] },
  'GET /assets/katex/fonts/{file}': { probes: () => ['/assets/katex/fonts/KaTeX_Main-Regular.woff2', '/assets/katex/fonts/..%2F..%2Fpackage.json'] },
  'GET /': { probes: () => ['/'] },
  'GET /day/{date}': { probes: () => ['/day/2024-05-01', '/day/9999-12-31', '/day/2024-02-30'] },
  'GET /week/{date}': { probes: () => ['/week/2024-05-01', '/week/9999-12-31'] },
  'GET /month/{date}': { probes: () => ['/month/2024-05', '/month/9999-12'] },
  'GET /search': { probes: () => ['/search?q=sparse', '/search?q=sparse&partial=1', '/search?q=sparse&from=9999-12-31&to=0001-01-01'] },
  'GET /ask': { probes: () => ['/ask', `/ask?q=${encodeURIComponent(QUESTION)}`] },
  'GET /paper/*': { probes: (d) => [`/paper/${d.paperId}`, `/paper/${d.paperId}.bib`, '/paper/hep-th/9901001', '/paper/no-such-paper'] },
  'GET /topics': { probes: () => ['/topics'] },
  'GET /topics/{id}': { probes: (d) => [`/topics/${d.topicId}`, '/topics/no-such-topic'] },
  'GET /map': { probes: () => ['/map'] },
  'GET /trending': { probes: () => ['/trending'] },
  'GET /library': { probes: () => ['/library'] },
  'GET /login': { probes: () => ['/login', '/login?next=%2F%09%2Fevil.example'] },
  'GET /subscriptions': { probes: () => ['/subscriptions'] },
};

/** Writes whose proof is a signed token of their own instead of a CSRF token (RFC 8058 one-click from a mail client). */
const CSRF_EXEMPT = new Set(['POST /unsubscribe']);

/** What anyone may reach in a private library: signing in, the API description, the assets, and what checks its own token. */
const PUBLIC_IN_PRIVATE = (route: string) =>
  /^(GET|POST) \/api\/auth\//.test(route) ||
  ['GET /login', 'POST /login', 'POST /logout', 'GET /api/openapi.json', 'GET /unsubscribe', 'POST /unsubscribe', 'GET /feeds/{file}'].includes(route) ||
  route.startsWith('GET /assets/');

/** Paper titles of the library: an anonymous reader of a private library must see none. */
const TITLES = readFileSync(path.join(FIXTURES, 'daily.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { title: string }).title)
  .filter((title) => !title.includes('<'));

interface Client {
  browser: Browser;
  /** An API token (sent as Authorization: Bearer), or undefined: cookies only. */
  token?: string;
}

interface SweepEnv {
  access: Access;
  t: TestEnv;
  data: SweepData;
  clients: Record<Who, Client>;
  /** A's secrets and marked data: none may reach anyone else. */
  markers: string[];
  /** Route key → the auth level the OpenAPI document states. */
  auth: Map<string, string>;
  routes: string[];
  snapshot(): Promise<string>;
  before: string;
}

interface Result {
  who: Who;
  route: string;
  method: string;
  probe: Probe;
  csrf: boolean;
  status: number;
  headers: Headers;
  body: string;
}

/** Every route the app serves, as `METHOD /openapi/{path}`; `ALL` entries are middleware (app.use), not routes. */
function servedRoutes(t: TestEnv): string[] {
  return [...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`))];
}

async function setUp(access: Access): Promise<SweepEnv> {
  const t = await testEnv({
    env: { PAPERBOY_ACCESS: access },
    app: { askLimit: { limit: 10_000, windowMs: 60_000 }, ingestLimit: { limit: 10_000, windowMs: 60_000 }, signIn: { perAddress: { limit: 10_000, windowMs: 60_000 }, sleep: async () => {} } },
  });
  const store = t.library.store;
  await t.library.topics({ wait: true });
  const mark = `mk${randomBytes(6).toString('hex')}`;
  const ada = await addTestUser(t.library, 'ada', 'correct horse battery', true);
  const bob = await addTestUser(t.library, 'bob');
  // A's marked data.
  const aSubs = [
    await subscribe(store, { userId: ada.id, kind: 'search', value: `${mark} search` }),
    await subscribe(store, { userId: ada.id, kind: 'author', value: `${mark} Author` }),
    await subscribe(store, { userId: ada.id, kind: 'question', value: `what does ${mark} question?` }),
  ];
  await setEmail(store, ada.id, `${mark}@example.org`);
  const victim = await createApiToken(store, ada.id, `${mark} token`);
  const aToken = (await createApiToken(store, ada.id, `${mark} requests`)).token;
  const bSub = await subscribe(store, { userId: bob.id, kind: 'search', value: 'sparse reward' });
  const bToken = (await createApiToken(store, bob.id, 'bob requests')).token;
  const links = await digestLinks(store, '');
  const feedTokenOf = (url: string) => new URL(url, 'http://x').searchParams.get('token')!;
  const secret = await csrfSecret(store);

  const clients = {} as Record<Who, Client>;
  clients.anonymous = { browser: new Browser(() => t) };
  await clients.anonymous.browser.refreshCsrf();
  for (const [who, name] of [['A', 'ada'], ['B', 'bob']] as const) {
    const browser = new Browser(() => t);
    expect((await browser.login(name)).status).toBe(200);
    clients[who] = { browser };
  }
  clients['A token'] = { browser: new Browser(() => t), token: aToken };
  clients['B token'] = { browser: new Browser(() => t), token: bToken };
  const aSession = clients.A.browser.cookie('pb_session')!;

  const topics = (await (await clients['A token'].browser.request('/api/topics', { headers: { authorization: `Bearer ${aToken}` } })).json()) as { topics: { id: string }[] };
  expect(topics.topics.length).toBeGreaterThan(0);
  const markers = [
    mark,
    aSession,
    clients.A.browser.csrf,
    aToken,
    victim.token,
    ...aSubs.flatMap((s) => [feedTokenOf(links.feeds(s).atom), unsubscribeToken(secret, { kind: 'subscription', id: s.id, userId: s.userId }).split('.')[1]!]),
    unsubscribeToken(secret, { kind: 'user', id: ada.id }).split('.')[1]!,
  ];
  const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-paperboy-auth': string }>> };
  const auth = new Map(Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${p}`, op['x-paperboy-auth']] as const)));
  const paperId = '2405.10001';
  const docIds = [(await store.docIdOf(paperId))!];
  const snapshot = async () =>
    JSON.stringify({
      subscriptions: await store.listSubscriptions(ada.id),
      tokens: await store.listApiTokens(ada.id),
      user: await store.userById(ada.id),
      upvoted: [...(await store.upvotedBy(ada.id, docIds))],
      session: (await sessionUser(store, aSession))?.id,
    });
  const env: SweepEnv = {
    access,
    t,
    data: {
      paperId,
      topicId: topics.topics[0]!.id,
      a: { subscriptionId: aSubs[0]!.id, feedSubscriptionId: aSubs[1]!.id, feedPath: links.feeds(aSubs[1]!).json, victimTokenId: victim.info.id },
      b: { feedToken: feedTokenOf(links.feeds(bSub).atom) },
    },
    clients,
    markers,
    auth,
    routes: [...new Set([...servedRoutes(t), ...auth.keys()])],
    snapshot,
    before: '',
  };
  env.before = await snapshot();
  return env;
}

async function send(s: SweepEnv, who: Who, method: string, probe: Probe, csrf: boolean): Promise<Result> {
  const client = s.clients[who];
  const headers: Record<string, string> = {};
  if (client.token) headers.authorization = `Bearer ${client.token}`;
  if (csrf && !client.token) headers['x-csrf-token'] = client.browser.csrf;
  // Through a Host of the client's choosing: no link may be built from it.
  const res = await client.browser.request(`http://${FORGED_HOST}${probe.path}`, {
    method,
    headers,
    ...(probe.json !== undefined ? { json: probe.json } : {}),
    ...(probe.form ? { form: probe.form } : {}),
  });
  return { who, route: '', method, probe, csrf, status: res.status, headers: res.headers, body: await res.text() };
}

/** Calls every route as `who` (writes also without the CSRF token when cookies authenticate), session-ending routes last. */
async function sweepAs(s: SweepEnv, who: Who): Promise<Result[]> {
  const results: Result[] = [];
  const ordered = [...s.routes].sort((x, y) => Number(SWEEP[x]?.endsSession ?? false) - Number(SWEEP[y]?.endsSession ?? false));
  for (const route of ordered) {
    const [method] = route.split(' ') as [string];
    for (const p of SWEEP[route]!.probes(s.data, who)) {
      const probe = typeof p === 'string' ? { path: p } : p;
      if (method !== 'GET' && !s.clients[who].token && !CSRF_EXEMPT.has(route)) results.push({ ...(await send(s, who, method, probe, false)), route });
      results.push({ ...(await send(s, who, method, probe, true)), route });
    }
  }
  return results;
}

const describeResult = (r: Result) => `${r.who}: ${r.method} ${r.probe.path}${r.csrf ? '' : ' (no CSRF token)'} → ${r.status}`;
const errorCode = (r: Result) => {
  try {
    return (JSON.parse(r.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};
const toSignIn = (r: Result) => r.status === 303 && (r.headers.get('location') ?? '').startsWith('/login');

/** Soft assertions: a broken rule lists every response that breaks it, not just the first. */
function checkAll(s: SweepEnv, results: Result[]): void {
  expect(results.length).toBeGreaterThan(Object.keys(SWEEP).length);
  for (const r of results) {
    const what = describeResult(r);
    expect.soft(r.status, `${what}: ${r.body.slice(0, 300)}`).toBeLessThan(500);
    if (!r.probe.path.startsWith('/assets/')) {
      expect.soft(r.headers.get('cache-control'), what).toBe('private, no-store');
      expect.soft(r.headers.get('vary') ?? '', what).toMatch(/\bCookie\b/);
    }
    const seen = `${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${r.body}`;
    if (r.who !== 'A' && r.who !== 'A token') {
      for (const marker of s.markers) expect.soft(seen.includes(marker), `${what} shows A's ${marker}`).toBe(false);
      for (const dir of [path.resolve(FIXTURES), s.t.dir]) expect.soft(seen.includes(dir), `${what} shows the server path ${dir}`).toBe(false);
    }
    expect.soft(seen.includes(FORGED_HOST), `${what} builds a link from the Host header`).toBe(false);
    // Redirects stay on this site, in a valid header.
    const location = r.headers.get('location');
    if (location !== null) {
      expect.soft(new URL(location, 'http://this.site/').origin, `${what} redirects to ${JSON.stringify(location)}`).toBe('http://this.site');
      expect.soft(location, what).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    }
    // A write without its CSRF token is refused, whoever sends it.
    if (!r.csrf) {
      const reading = s.access === 'private' && r.who === 'anonymous' && r.route === 'POST /api/ask';
      expect.soft([r.status, errorCode(r)], what).toEqual(reading ? [401, 'UNAUTHENTICATED'] : [403, 'CSRF_FAILED']);
    }
    // The auth level the API document states.
    const level = s.auth.get(r.route);
    const refused = r.status === 401 || r.status === 403 || toSignIn(r);
    if (r.who === 'anonymous' && (level === 'user' || level === 'admin' || (level === 'read' && s.access === 'private'))) expect.soft(refused, what).toBe(true);
    if ((r.who === 'B' || r.who === 'B token') && level === 'admin') expect.soft(r.status, what).toBe(403);
    if (s.access === 'private' && r.who === 'anonymous') {
      for (const title of TITLES) expect.soft(r.body.includes(title), `${what} shows "${title}"`).toBe(false);
      if (!PUBLIC_IN_PRIVATE(r.route)) expect.soft(refused, what).toBe(true);
    }
  }
}

describe('the route sweep', () => {
  it('has an entry for every route the app serves and the API document lists, and none for a route that is gone', async () => {
    const t = await testEnv({ fixtures: [] });
    try {
      const served = servedRoutes(t);
      const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
      const routes = new Set([...served, ...documented]);
      expect(served.length).toBeGreaterThan(50);
      expect([...routes].filter((r) => !SWEEP[r]), 'routes with no sweep entry').toEqual([]);
      expect(Object.keys(SWEEP).filter((r) => !routes.has(r)), 'sweep entries for no route').toEqual([]);
    } finally {
      await t.close();
    }
  });

  for (const access of ['open', 'private'] as const) {
    describe(`in ${access === 'open' ? 'an open' : 'a private'} library`, () => {
      let s: SweepEnv;
      beforeAll(async () => {
        s = await setUp(access);
      }, 120_000);
      afterAll(async () => s.t.close());

      for (const who of ['anonymous', 'B', 'B token'] as const) {
        it(`${who}: no 500, nothing of A's, A's data unchanged, CSRF on every cookie write, private caching`, async () => {
          const results = await sweepAs(s, who);
          checkAll(s, results);
          expect(await s.snapshot()).toBe(s.before);
        }, 120_000);
      }

      for (const who of ['A token', 'A'] as const) {
        it(`${who}: no 500, CSRF on every cookie write, private caching; A reads its own`, async () => {
          const results = await sweepAs(s, who);
          checkAll(s, results);
          const ok = (path: string) => results.find((r) => r.probe.path === path && r.csrf && r.method === 'GET');
          // A's own subscriptions and feed reach A (the markers above are not leaks here).
          expect(ok('/api/subscriptions')?.body, 'A lists its subscriptions').toContain(s.markers[0]);
          expect(ok(s.data.a.feedPath)?.status, 'A opens its own feed').toBe(200);
        }, 120_000);
      }
    });
  }
});
