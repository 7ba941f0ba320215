import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPERS, addPapers } from '../../../digest/test-support/digest-library.js';
import { Browser, addTestUser, testEnv, tokenFor, type TestEnv } from '../../test-support/test-app.js';

/** Response JSON, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

let t: TestEnv;
let ada: string;
let bob: string;

beforeAll(async () => {
  t = await testEnv({ fixtures: [] });
  ada = await tokenFor(t.library, (await addTestUser(t.library, 'ada')).id);
  bob = await tokenFor(t.library, (await addTestUser(t.library, 'bob')).id);
  await addPapers(t.library.store, [PAPERS.moeRouting!, PAPERS.moeMention!, PAPERS.segmentation!], '/p.jsonl');
});
afterAll(async () => t.close());

const call = async (pathname: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await t.app.request(pathname, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as JsonBody };
};

describe('/api/subscriptions', () => {
  it('creates, lists with feed URLs, refuses duplicates and invalid input', async () => {
    expect((await call('/api/subscriptions')).status).toBe(401);
    const created = await call('/api/subscriptions', { method: 'POST', token: ada, json: { kind: 'search', value: ' mixture of experts routing ' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'search', value: 'mixture of experts routing', label: "search 'mixture of experts routing'" });
    // In-process requests have no server address: the feed URLs are relative, with their token.
    expect(created.body.feeds.atom).toMatch(new RegExp(`^/feeds/${created.body.id}\\.atom\\?token=[\\w-]{43}$`));
    expect((await t.app.request(created.body.feeds.json)).status).toBe(200);
    expect((await call('/api/subscriptions', { method: 'POST', token: ada, json: { kind: 'search', value: 'mixture of experts routing' } })).status).toBe(409);
    for (const bad of [{ kind: 'venue', value: 'x' }, { kind: 'search', value: '' }, { kind: 'search', value: 'x'.repeat(501) }, { kind: 'search' }, { kind: 'search', value: 'x', extra: 1 }]) {
      const res = await call('/api/subscriptions', { method: 'POST', token: ada, json: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('BAD_INPUT');
    }
    const listed = await call('/api/subscriptions', { token: ada });
    expect(listed.body).toMatchObject({ email: null, subscriptions: [{ id: created.body.id, kind: 'search' }] });
    expect((await call('/api/subscriptions', { token: bob })).body.subscriptions).toEqual([]);
  });

  it("forbids removing another user's subscription; removes one's own", async () => {
    const mine = await call('/api/subscriptions', { method: 'POST', token: ada, json: { kind: 'author', value: 'Ana Müller' } });
    const theirs = await call(`/api/subscriptions/${mine.body.id}`, { method: 'DELETE', token: bob });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('FORBIDDEN');
    expect((await call('/api/subscriptions/9999', { method: 'DELETE', token: ada })).status).toBe(404);
    expect((await call('/api/subscriptions/abc', { method: 'DELETE', token: ada })).status).toBe(400);
    expect((await call(`/api/subscriptions/${mine.body.id}`, { method: 'DELETE', token: ada })).status).toBe(204);
    expect((await call('/api/subscriptions', { token: ada })).body.subscriptions.map((s: JsonBody) => s.kind)).toEqual(['search']);
  });

  it('sets the digest address, checking it', async () => {
    expect((await call('/api/account/email', { method: 'POST', token: ada, json: { email: 'not an address' } })).status).toBe(400);
    expect((await call('/api/account/email', { method: 'POST', token: ada, json: { email: 'ada@example.org' } })).body).toEqual({ email: 'ada@example.org' });
    expect((await call('/api/subscriptions', { token: ada })).body.email).toBe('ada@example.org');
  });

  it('previews the pending digest with reasons, best match first, recording nothing', async () => {
    const preview = await call('/api/digest/preview?since=1d', { token: ada });
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe("paperboy: 2 new papers for you (search 'mixture of experts routing')");
    expect(preview.body.papers.map((p: JsonBody) => [p.paper.id, p.reason])).toEqual([
      ['2501.00001', "matches your search 'mixture of experts routing'"],
      ['2501.00002', "matches your search 'mixture of experts routing'"],
    ]);
    expect((await call('/api/digest/preview', { token: ada })).body.papers).toHaveLength(2);
    expect((await call('/api/digest/preview?since=forever', { token: ada })).status).toBe(400);
    // A window reaching before any date a Date can hold: a 400, not a RangeError's 500.
    const tooFar = await call(`/api/digest/preview?since=${'99999w'.repeat(150)}`, { token: ada });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(/^since: .*at most 100 years/);
    expect((await call('/api/digest/preview', { token: bob })).body).toEqual({ since: null, subject: null, papers: [] });
  });
});

describe('subscription forms', () => {
  it('subscribe by a button (CSRF-checked), remove by a button, and send signed-out readers to sign in', async () => {
    const anon = new Browser(() => t);
    await anon.refreshCsrf();
    const signedOut = await anon.request('/subscriptions', { method: 'POST', form: { kind: 'author', value: 'Li Wei', next: '/search?q=x', csrf: anon.csrf } });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/login?next=%2Fsearch%3Fq%3Dx');

    const b = new Browser(() => t);
    expect((await b.login('bob')).status).toBe(200);
    expect((await b.request('/subscriptions', { method: 'POST', form: { kind: 'author', value: 'Li Wei', csrf: 'wrong' } })).status).toBe(403);
    const res = await b.request('/subscriptions', { method: 'POST', form: { kind: 'author', value: 'Li Wei', next: '/paper/2501.00002', csrf: b.csrf } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/paper/2501.00002');
    // Twice is fine for a button.
    expect((await b.request('/subscriptions', { method: 'POST', form: { kind: 'author', value: 'Li Wei', csrf: b.csrf } })).status).toBe(303);
    const subs = (await (await b.request('/api/subscriptions')).json()) as JsonBody;
    expect(subs.subscriptions.map((s: JsonBody) => s.value)).toEqual(['Li Wei']);
    const id = subs.subscriptions[0].id as number;
    const adaSub = (await call('/api/subscriptions', { token: ada })).body.subscriptions[0].id as number;
    expect((await b.request(`/subscriptions/${adaSub}/delete`, { method: 'POST', form: { csrf: b.csrf } })).status).toBe(403);
    const removed = await b.request(`/subscriptions/${id}/delete`, { method: 'POST', form: { csrf: b.csrf } });
    expect(removed.headers.get('location')).toBe('/subscriptions');
    expect(((await (await b.request('/api/subscriptions')).json()) as JsonBody).subscriptions).toEqual([]);
  });
});
