import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, addTestUser, testEnv, type TestEnv } from './test-support/test-app.js';

/** Response JSON, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

let t: TestEnv;
let browser: Browser;

beforeAll(async () => {
  t = await testEnv();
  browser = new Browser(() => t);
});
afterAll(async () => t.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await browser.request(path, { headers });
  return { res, status: res.status, body: (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as JsonBody };
};

describe('security headers', () => {
  it('are on every response: JSON, errors, not found', async () => {
    for (const path of ['/api/stats', '/api/papers/nope', '/api/nothing-here', '/api/search?limit=0']) {
      const { res } = await get(path);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(res.headers.get('content-security-policy')).toMatch(/style-src 'self'/);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      // Inline script and style sheets never; only KaTeX's style attributes are allowed.
      expect(res.headers.get('content-security-policy')).not.toMatch(/(script-src|style-src) [^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('unknown API routes are JSON 404s', async () => {
    const { status, body } = await get('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});

describe('GET /api/search', () => {
  it('finds papers, paginating by cursor', async () => {
    const { status, body } = await get('/api/search?q=sparse&limit=1');
    expect(status).toBe(200);
    expect(body.mode).toBe('lexical');
    expect(body.hits).toHaveLength(1);
    expect(body.hits[0]).toMatchObject({ id: expect.any(String), score: expect.any(Number), snippet: expect.any(String), upvotes: expect.any(Number) });
    expect(body.nextCursor).toBe('1');
    const second = await get(`/api/search?q=sparse&limit=1&cursor=${body.nextCursor}`);
    expect(second.body.hits[0].id).not.toBe(body.hits[0].id);
    const all = await get('/api/search?q=sparse&limit=100');
    expect(all.body.nextCursor).toBeUndefined();
    expect(all.body.hits.map((h: { id: string }) => h.id)).toEqual(expect.arrayContaining([body.hits[0].id, second.body.hits[0].id]));
  });

  it('takes repeated filters', async () => {
    const { body } = await get('/api/search?q=&category=cs.CL&category=cs.CV&limit=50');
    expect(body.hits.map((h: { id: string }) => h.id).sort()).toEqual(['2405.10002', '2405.10003', '2405.10005']);
    const { body: dated } = await get('/api/search?q=benchmarks&from=2024-05-02&to=2024-05');
    expect(dated.hits.every((h: { date: string }) => h.date >= '2024-05-02' && h.date <= '2024-05-31')).toBe(true);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=abc', 'cursor'],
    ['mode=fuzzy', 'mode'],
    ['from=yesterday', 'from'],
    ['to=2024-13', 'to'],
  ])('refuses %s with a 400 naming the field', async (query, field) => {
    const { status, body } = await get(`/api/search?q=x&${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BAD_INPUT');
    expect(body.error.message).toMatch(new RegExp(`^${field}: `));
  });

  it('asks for embeddings before a semantic search', async () => {
    const { status, body } = await get('/api/search?q=retrieval&mode=semantic');
    expect(status).toBe(409);
    expect(body.error.code).toBe('NO_EMBEDDINGS');
  });
});

describe('GET /api/papers/:id', () => {
  it('returns a paper by id, arXiv id with version, or an old-style id with its slash', async () => {
    const { status, body } = await get('/api/papers/2405.10002');
    expect(status).toBe(200);
    expect(body.paper).toMatchObject({ id: '2405.10002', upvotes: 40, sourceUpvotes: 40, userUpvotes: 0, categories: ['cs.CL'] });
    expect(body.paper.upvoted).toBeUndefined();
    expect((await get('/api/papers/arXiv:2405.10002v2')).body.paper.id).toBe('2405.10002');
    expect((await get('/api/papers/hep-th/9901001')).body.paper.title).toBe('Strings on Old Style Identifiers Revisited');
    expect((await get('/api/papers/hep-th%2F9901001')).body.paper.id).toBe('hep-th/9901001');
  });

  it('is a 404 for an unknown paper', async () => {
    const { status, body } = await get('/api/papers/2405.99999');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('2405.99999') });
  });

  it('returns an XSS payload in a title as JSON data, never as HTML', async () => {
    const { res, body } = await get('/api/papers/2405.10005');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.paper.title).toBe("<script>alert('xss')</script> Robust Segmentation of Street Scenes");
    const search = await get('/api/search?q=segmentation');
    expect(search.res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(search.body.hits[0].title).toContain('<script>');
  });

  it('sends an ETag and answers 304 while nothing changed', async () => {
    const first = await get('/api/papers/2405.10006');
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.res.headers.get('cache-control')).toBe('private, no-store');
    const again = await get('/api/papers/2405.10006', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    // Another route has another tag.
    expect((await get('/api/papers/2405.10002')).res.headers.get('etag')).not.toBe(etag);
    // An upvote changes it.
    const user = await addTestUser(t.library, 'etag-voter');
    await t.library.store.setUpvote(user.id, (await t.library.store.docIdOf('2405.10006'))!, true);
    const after = await get('/api/papers/2405.10006', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.body.paper.upvotes).toBe(2);
  });
});

describe('GET /api/papers/:id/related', () => {
  it('lists related papers by shared words', async () => {
    const { status, body } = await get('/api/papers/2405.10003/related?limit=3');
    expect(status).toBe(200);
    expect(body.method).toBe('lexical');
    expect(body.related.length).toBeLessThanOrEqual(3);
    expect(body.related.map((r: { id: string }) => r.id)).not.toContain('2405.10003');
  });

  it('validates and 404s', async () => {
    expect((await get('/api/papers/2405.10003/related?limit=0')).body.error.message).toMatch(/^limit: /);
    expect((await get('/api/papers/nope/related')).status).toBe(404);
  });
});

describe('GET /api/days', () => {
  it('lists days with counts, newest first, paginated by cursor', async () => {
    const { body, res } = await get('/api/days?limit=2');
    expect(body.days).toEqual([
      { date: '2024-05-06', papers: 1 },
      { date: '2024-05-02', papers: 2 },
    ]);
    expect(res.headers.get('etag')).toBeTruthy();
    const next = await get(`/api/days?limit=2&cursor=${body.nextCursor}`);
    expect(next.body.days).toEqual([
      { date: '2024-05-01', papers: 3 },
      { date: '1999-01-04', papers: 1 },
    ]);
    expect(next.body.nextCursor).toBeUndefined();
    expect((await get('/api/days?from=2024-05-02&to=2024-05-05')).body.days).toEqual([{ date: '2024-05-02', papers: 2 }]);
  });

  it("lists a day's papers by upvotes or newest, with neighbours and a cursor", async () => {
    const { body } = await get('/api/days/2024-05-01?limit=2');
    expect(body).toMatchObject({ date: '2024-05-01', span: 'day', from: '2024-05-01', to: '2024-05-01', sort: 'upvotes', previous: '1999-01-04', next: '2024-05-02' });
    expect(body.papers.map((p: { id: string; upvotes: number }) => [p.id, p.upvotes])).toEqual([
      ['2405.10002', 40],
      ['2405.10001', 12],
    ]);
    const rest = await get(`/api/days/2024-05-01?limit=2&cursor=${encodeURIComponent(body.nextCursor)}`);
    expect(rest.body.papers.map((p: { id: string }) => p.id)).toEqual(['2405.10003']);
    expect(rest.body.nextCursor).toBeUndefined();
    const week = await get('/api/days/2024-05-01?span=week&sort=newest');
    expect(week.body).toMatchObject({ from: '2024-04-29', to: '2024-05-05', next: '2024-05-06' });
    expect(week.body.papers[0].date).toBe('2024-05-02');
    const month = await get('/api/days/2024-05-20?span=month&category=cs.LG');
    expect(month.body).toMatchObject({ from: '2024-05-01', to: '2024-05-31' });
    expect(month.body.papers.map((p: { id: string }) => p.id)).toEqual(['2405.10001', '2405.10004']);
    expect((await get('/api/days/latest')).body.date).toBe('2024-05-06');
  });

  it('lists the last day and month of the calendar (empty), not a 500', async () => {
    expect((await get('/api/days/9999-12-31')).body).toMatchObject({ from: '9999-12-31', to: '9999-12-31', papers: [] });
    expect((await get('/api/days/9999-12-31?span=month')).body).toMatchObject({ from: '9999-12-01', to: '9999-12-31', papers: [] });
    expect((await get('/api/days/1000-01-01')).status).toBe(200);
  });

  it('answers 304 to a current ETag', async () => {
    const first = await get('/api/days/2024-05-02');
    expect((await get('/api/days/2024-05-02', { 'if-none-match': first.res.headers.get('etag')! })).status).toBe(304);
  });

  it.each([
    ['/api/days/2024-02-30', 'date'],
    ['/api/days/tomorrow', 'date'],
    ['/api/days/2024-05-01?sort=best', 'sort'],
    ['/api/days/2024-05-01?span=year', 'span'],
    ['/api/days/2024-05-01?limit=500', 'limit'],
    ['/api/days/2024-05-01?cursor=garbage', 'cursor'],
    ['/api/days?from=May', 'from'],
    ['/api/days?limit=0', 'limit'],
    ['/api/days?cursor=2024-5-1', 'cursor'],
    // Out of the calendar a library can hold: a clear 400, never a 500.
    ['/api/days/9999-12-31?span=week', 'date'],
    ['/api/days/1000-01-01?span=week', 'date'],
    ['/api/days/0001-01-01?span=month', 'date'],
    ['/api/days?from=0999-12-31', 'from'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BAD_INPUT');
    expect(body.error.message).toMatch(new RegExp(`^${field}: `));
  });
});

describe('GET /api/stats', () => {
  it('counts the library; file paths only for admins', async () => {
    const { body } = await get('/api/stats');
    expect(body).toMatchObject({ papers: 7, records: 7, skipped: 0, sources: 1 });
    expect(body.files).toBeUndefined();
  });
});
