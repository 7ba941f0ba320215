import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, addTestUser, testEnv, tokenFor, type TestEnv } from './test-support/test-app.js';

let t: TestEnv;
const browser = () => new Browser(() => t);
/** The waits sign-ins were made to take (recorded, not slept: no test depends on time). */
const waits: number[] = [];

beforeAll(async () => {
  t = await testEnv({ app: { signIn: { perAddress: { limit: 3, windowMs: 60_000 }, sleep: async (ms) => void waits.push(ms) } } });
  await addTestUser(t.library, 'ada', 'correct horse battery', true);
  await addTestUser(t.library, 'bob', 'another good password');
  await addTestUser(t.library, 'dee');
});
afterAll(async () => t.close());

describe('sign in and out', () => {
  it('signs in with JSON, sets a hardened session cookie, and signs out', async () => {
    const b = browser();
    const before = (await (await b.request('/api/auth/me')).json()) as { user: unknown; access: string };
    expect(before).toMatchObject({ user: null, access: 'open' });
    const res = await b.login('ada');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { name: 'ada', admin: true }, csrfToken: expect.any(String) });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pb_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(((await (await b.request('/api/auth/me')).json()) as { user: { name: string } }).user.name).toBe('ada');
    const out = await b.request('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': b.csrf } });
    expect(out.status).toBe(200);
    expect(((await (await b.request('/api/auth/me')).json()) as { user: unknown }).user).toBeNull();
  });

  it('marks the cookie Secure over TLS', async () => {
    const b = browser();
    await b.refreshCsrf();
    const res = await t.app.request('https://papers.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': b.csrf, cookie: `pb_csrf=${b.cookie('pb_csrf')}`, 'x-forwarded-for': b.ip },
      body: JSON.stringify({ name: 'bob', password: 'another good password' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('pb_session='))).toMatch(/Secure/);
  });

  it('refuses a wrong password with 401, and validates the body', async () => {
    const b = browser();
    expect((await b.login('ada', 'wrong password')).status).toBe(401);
    expect((await b.login('nobody', 'wrong password')).status).toBe(401);
    await b.refreshCsrf();
    const bad = await b.request('/api/auth/login', { method: 'POST', json: { name: 'ada' }, headers: { 'x-csrf-token': b.csrf } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^password: /);
    const extra = await b.request('/api/auth/login', { method: 'POST', json: { name: 'ada', password: 'x', admin: true }, headers: { 'x-csrf-token': b.csrf } });
    expect(((await extra.json()) as { error: { message: string } }).error.message).toMatch(/^admin: unexpected field/);
    const notJson = await b.request('/api/auth/login', { method: 'POST', body: 'name=ada', headers: { 'x-csrf-token': b.csrf, 'content-type': 'text/plain' } });
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/^body: /);
  });

  it('limits sign-in attempts per address', async () => {
    const b = browser();
    for (let i = 0; i < 3; i++) expect((await b.login('bob', 'guess')).status).toBe(401);
    const limited = await b.login('bob', 'another good password');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // The address, not the name: bob from his own address gets in.
    expect((await browser().login('bob', 'another good password')).status).toBe(200);
  });

  it('never locks a name: wrong passwords from many addresses only slow it down, and its owner gets in', async () => {
    waits.length = 0;
    // The probe: ten wrong passwords for one name, from addresses of the attacker's choosing.
    for (let i = 0; i < 10; i++) expect((await browser().login('dee', `guess ${i}`)).status).toBe(401);
    const owner = await browser().login('dee');
    expect(owner.status).toBe(200);
    // Each attempt after three failures waited longer, up to the cap (4 s); the owner waited the cap too.
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
    // Signed in, the failures are forgotten.
    expect((await browser().login('dee')).status).toBe(200);
    expect(waits).toHaveLength(7);
  });

  it('signs in and out with the HTML forms, redirecting', async () => {
    const b = browser();
    await b.refreshCsrf();
    const ok = await b.request('/login', { method: 'POST', form: { name: 'ada', password: 'correct horse battery', csrf: b.csrf, next: '/day/2024-05-01' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/day/2024-05-01');
    expect(b.cookie('pb_session')).toBeTruthy();
    await b.refreshCsrf();
    const out = await b.request('/logout', { method: 'POST', form: { csrf: b.csrf } });
    expect(out.status).toBe(303);
    expect(b.cookie('pb_session')).toBeUndefined();
    await b.refreshCsrf();
    const bad = await b.request('/login', { method: 'POST', form: { name: 'ada', password: 'nope', csrf: b.csrf, next: '//evil.example/' } });
    expect(bad.headers.get('location')).toBe('/login?error=1&next=%2F');
  });

  it('sends a hostile next back home after signing in: never off-site, never a 500', async () => {
    // As the probe sent them: a tab or newline inside the path, percent-encoded in the form body.
    for (const next of ['%2F%09%2Fevil.example', '%2Fa%0Ab', '%2F%0A%2Fevil.example']) {
      const b = browser();
      await b.refreshCsrf();
      const res = await b.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `name=ada&password=correct+horse+battery&csrf=${b.csrf}&next=${next}`,
      });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
      expect(b.cookie('pb_session'), next).toBeTruthy();
    }
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the token, or with another session’s', async () => {
    const b = browser();
    await b.login('ada');
    const none = await b.request('/api/papers/2405.10001/upvote', { method: 'POST' });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');
    const other = browser();
    await other.login('bob');
    expect((await b.request('/api/papers/2405.10001/upvote', { method: 'POST', headers: { 'x-csrf-token': other.csrf } })).status).toBe(403);
    expect((await b.request('/api/papers/2405.10001/upvote', { method: 'POST', headers: { 'x-csrf-token': b.csrf } })).status).toBe(200);
    // A form field works as well as the header.
    const form = await b.request('/papers/2405.10001/upvote', { method: 'POST', form: { csrf: b.csrf, up: '0', next: '/' } });
    expect(form.status).toBe(303);
    expect((await b.request('/papers/2405.10001/upvote', { method: 'POST', form: { up: '0', next: '/' } })).status).toBe(403);
  });

  it('protects the login form too, and exempts API-token requests', async () => {
    const res = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ada', password: 'correct horse battery' }),
    });
    expect(res.status).toBe(403);
    const bob = (await t.library.store.userByName('bob'))!;
    const token = await tokenFor(t.library, bob.id);
    const vote = await t.app.request('/api/papers/2405.10003/upvote', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(vote.status).toBe(200);
  });
});

describe('API tokens', () => {
  it('creates (shown once), lists, uses and revokes tokens', async () => {
    const b = browser();
    await b.login('dee');
    const created = await b.request('/api/tokens', { method: 'POST', json: { name: 'laptop' }, headers: { 'x-csrf-token': b.csrf } });
    expect(created.status).toBe(201);
    const { token, id } = (await created.json()) as { token: string; id: number };
    expect(token).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
    const me = await t.app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('dee');
    const list = (await (await b.request('/api/tokens')).json()) as { tokens: { id: number; name: string; lastUsedAt: string | null }[] };
    expect(list.tokens.find((x) => x.id === id)).toMatchObject({ name: 'laptop', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toContain(token);
    // Someone else cannot revoke it.
    const ada = browser();
    await ada.login('ada');
    expect((await ada.request(`/api/tokens/${id}`, { method: 'DELETE', headers: { 'x-csrf-token': ada.csrf } })).status).toBe(404);
    expect((await b.request(`/api/tokens/${id}`, { method: 'DELETE', headers: { 'x-csrf-token': b.csrf } })).status).toBe(204);
    const revoked = await t.app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('validates token requests and needs a user', async () => {
    expect((await t.app.request('/api/tokens')).status).toBe(401);
    expect((await t.app.request('/api/auth/me', { headers: { authorization: 'Basic YWRhOng=' } })).status).toBe(401);
    const b = browser();
    await b.login('dee');
    const long = await b.request('/api/tokens', { method: 'POST', json: { name: 'x'.repeat(101) }, headers: { 'x-csrf-token': b.csrf } });
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/^name: /);
    const bad = await b.request('/api/tokens/abc', { method: 'DELETE', headers: { 'x-csrf-token': b.csrf } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^id: /);
  });
});

describe('private mode', () => {
  let p: TestEnv;
  beforeAll(async () => {
    p = await testEnv({ env: { PAPERBOY_ACCESS: 'private' } });
    await addTestUser(p.library, 'cy');
  });
  afterAll(async () => p.close());

  it('no cache keeps what depends on who asks: private, no-store and Vary: Cookie, the assets aside', async () => {
    const b = new Browser(() => p);
    await b.login('cy');
    const token = await tokenFor(p.library, (await p.library.store.userByName('cy'))!.id);
    const requests: [string, Record<string, string>][] = [];
    for (const path of ['/api/auth/me', '/api/tokens', '/api/subscriptions', '/api/digest/preview', '/api/papers/2405.10001', '/', '/subscriptions', '/day/2024-05-01']) {
      requests.push([path, {}], [path, { authorization: `Bearer ${token}` }]);
    }
    for (const [path, headers] of requests) {
      const res = await b.request(path, { headers });
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers.get('cache-control'), path).toBe('private, no-store');
      expect(res.headers.get('vary'), path).toMatch(/\bCookie\b.*\bAuthorization\b/);
    }
    // Anonymous: the sign-in page, a refusal, a redirect to sign in.
    for (const path of ['/login', '/api/search?q=x', '/day/2024-05-01']) {
      expect((await p.app.request(path)).headers.get('cache-control'), path).toBe('private, no-store');
    }
    const css = await b.request('/assets/style.css');
    expect(css.headers.get('cache-control')).toMatch(/^public, /);
    expect(css.headers.get('vary')).toBeNull();
  });

  it('refuses anonymous reads, lets signed-in users and tokens read', async () => {
    for (const path of ['/api/papers/2405.10001', '/api/search?q=sparse', '/api/days', '/api/stats', '/api/papers/2405.10001/related']) {
      const res = await p.app.request(path);
      expect(res.status, path).toBe(401);
    }
    const page = await p.app.request('/day/2024-05-01');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fday%2F2024-05-01');
    expect((await p.app.request('/api/openapi.json')).status).toBe(200);
    const me = (await (await p.app.request('/api/auth/me')).json()) as { access: string };
    expect(me.access).toBe('private');
    const b = new Browser(() => p);
    expect((await b.login('cy')).status).toBe(200);
    expect((await b.request('/api/papers/2405.10001')).status).toBe(200);
    const token = await tokenFor(p.library, (await p.library.store.userByName('cy'))!.id);
    expect((await p.app.request('/api/days', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
