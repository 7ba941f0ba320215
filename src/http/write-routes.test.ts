import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, FIXTURES, addTestUser, testEnv, tokenFor, type TestEnv } from './test-support/test-app.js';

/** Response JSON, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

let t: TestEnv;
let admin: string;
let reader: string;

beforeAll(async () => {
  t = await testEnv({ app: { ingestLimit: { limit: 12, windowMs: 60_000 }, maxIngestBytes: 64 * 1024 } });
  admin = await tokenFor(t.library, (await addTestUser(t.library, 'ada', 'correct horse battery', true)).id);
  reader = await tokenFor(t.library, (await addTestUser(t.library, 'bob')).id);
});
afterAll(async () => t.close());

const call = async (pathname: string, init: RequestInit & { token?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await t.app.request(pathname, { ...init, headers });
  return { res, status: res.status, body: (res.status === 204 || res.status === 304 ? {} : await res.json()) as JsonBody };
};

describe('upvotes', () => {
  it('need a signed-in user', async () => {
    const { status, body } = await call('/api/papers/2405.10004/upvote', { method: 'POST' });
    // Anonymous writes fail CSRF before anything else; with a bad token, 401.
    expect(status).toBe(403);
    expect(body.error.code).toBe('CSRF_FAILED');
    const b = new Browser(() => t);
    await b.refreshCsrf();
    const anon = await b.request('/api/papers/2405.10004/upvote', { method: 'POST', headers: { 'x-csrf-token': b.csrf } });
    expect(anon.status).toBe(401);
    expect((await call('/api/papers/2405.10004/upvote', { method: 'POST', token: 'pb_nope' })).status).toBe(401);
  });

  it('count once per user, return the new count, and persist across a new app on the same library', async () => {
    const up = await call('/api/papers/2405.10004/upvote', { method: 'POST', token: reader });
    expect(up.body).toEqual({ id: '2405.10004', upvotes: 8, userUpvotes: 1, upvoted: true });
    expect((await call('/api/papers/2405.10004/upvote', { method: 'POST', token: reader })).body.upvotes).toBe(8);
    expect((await call('/api/papers/2405.10004/upvote', { method: 'POST', token: admin })).body.upvotes).toBe(9);
    const paper = await call('/api/papers/2405.10004', { token: reader });
    expect(paper.body.paper).toMatchObject({ upvotes: 9, userUpvotes: 2, upvoted: true });
    await t.reopen({ ingestLimit: { limit: 12, windowMs: 60_000 }, maxIngestBytes: 64 * 1024 });
    expect((await call('/api/papers/2405.10004')).body.paper.upvotes).toBe(9);
    const day = await call('/api/days/2024-05-02', { token: admin });
    expect(day.body.papers.map((p: { id: string; upvotes: number; upvoted: boolean }) => [p.id, p.upvotes, p.upvoted])).toEqual([
      ['2405.10004', 9, true],
      ['2405.10005', 3, false],
    ]);
    const down = await call('/api/papers/2405.10004/upvote', { method: 'DELETE', token: reader });
    expect(down.body).toEqual({ id: '2405.10004', upvotes: 8, userUpvotes: 1, upvoted: false });
    expect((await call('/api/papers/2405.10004/upvote', { method: 'DELETE', token: reader })).body.upvotes).toBe(8);
  });

  it('404 for an unknown paper; the form sends anonymous readers to sign in', async () => {
    expect((await call('/api/papers/2405.99999/upvote', { method: 'POST', token: reader })).status).toBe(404);
    const b = new Browser(() => t);
    await b.refreshCsrf();
    const res = await b.request('/papers/2405.10004/upvote', { method: 'POST', form: { csrf: b.csrf, up: '1', next: '/day/2024-05-02' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fday%2F2024-05-02');
    const bad = await b.request('/papers/2405.10004/upvote', { method: 'POST', form: { csrf: b.csrf, up: 'yes' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^up: /);
  });
});

describe('POST /api/ingest', () => {
  it('needs an admin', async () => {
    expect((await call('/api/ingest', { method: 'POST', token: reader, body: 'x' })).status).toBe(403);
    expect((await call('/api/ingest', { method: 'POST', token: reader, body: 'x' })).body.error.code).toBe('FORBIDDEN');
  });

  it('takes multipart files, keeps valid records and reports the skipped ones by line', async () => {
    const form = new FormData();
    form.append('file', new File([readFileSync(path.join(FIXTURES, 'partly-broken.jsonl'))], 'partly-broken.jsonl'));
    form.append('file', new File(['{"arxiv_id": "2405.30001", "title": "A Third Paper Sent In The Same Upload", "abstract": "Uploads may carry several files; each gets its own report with records, additions and skips listed.", "date": "2024-05-03"}\n'], '../../etc/second.jsonl'));
    const { status, body } = await call('/api/ingest', { method: 'POST', token: admin, body: form });
    expect(status).toBe(200);
    expect(body.reports).toHaveLength(2);
    expect(body.reports[0]).toMatchObject({ name: 'partly-broken.jsonl', format: 'jsonl', records: 2, added: 2, error: null });
    expect(body.reports[0].source).toMatch(/^upload:ada\/partly-broken\.jsonl#[0-9a-f]{12}$/);
    expect(body.reports[0].skipped.map((s: { line: number }) => s.line)).toEqual([2, 3]);
    expect(body.reports[1]).toMatchObject({ name: 'second.jsonl', added: 1 });
    // The admin sees the source as stored; anyone else its name only.
    expect((await call('/api/papers/2405.20001', { token: admin })).body.paper.sources[0].file).toBe(body.reports[0].source);
    expect((await call('/api/papers/2405.20001')).body.paper.sources[0].file).toBe('partly-broken.jsonl (upload)');
    // Searchable straight away.
    expect((await call('/api/search?q=neighbours')).body.hits[0].id).toBe('2405.20001');
    // The same upload again changes nothing.
    const again = new FormData();
    again.append('f', new File([readFileSync(path.join(FIXTURES, 'partly-broken.jsonl'))], 'partly-broken.jsonl'));
    expect((await call('/api/ingest', { method: 'POST', token: admin, body: again })).body.reports[0]).toMatchObject({ added: 0, unchanged: 2 });
  });

  it('takes JSON {format?, name?, text} and a raw body', async () => {
    const text = '@article{k1, title={Citations Arrive Through The JSON Body Route}, author={Ines Duarte}, year={2024}, abstract={A BibTeX entry posted as JSON text reaches the library through the ordinary ingest pipeline unchanged.}}\n';
    const json = await call('/api/ingest', { method: 'POST', token: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'bibtex', name: 'refs.bib', text }) });
    expect(json.status).toBe(200);
    expect(json.body.reports[0]).toMatchObject({ name: 'refs.bib', format: 'bibtex', added: 1 });
    const raw = await call('/api/ingest?name=listing.jsonl', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"arxiv_id": "2405.30002", "title": "Raw Bodies Are Listings Too, As Curl Sends Them", "abstract": "A listing sent with curl --data-binary arrives form-encoded in name only, and is read as the file itself.", "date": "2024-05-03"}\n',
    });
    expect(raw.status).toBe(200);
    expect(raw.body.reports[0]).toMatchObject({ name: 'listing.jsonl', added: 1 });
  });

  it('answers an unreadable upload with its error status, and validates', async () => {
    const binary = await call('/api/ingest', { method: 'POST', token: admin, headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 1, 2, 0, 0, 255, 0, 3]) });
    expect(binary.status).toBe(415);
    expect(binary.body.error.code).toBe('BINARY_FILE');
    expect(binary.body.reports[0].error.code).toBe('BINARY_FILE');
    expect(binary.body.error.message).not.toContain('paperboy-upload-');
    const badFormat = await call('/api/ingest', { method: 'POST', token: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'pdf', text: 'x' }) });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toMatch(/^format: /);
    const noText = await call('/api/ingest', { method: 'POST', token: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) });
    expect(noText.body.error.message).toMatch(/^text: /);
    const badQuery = await call('/api/ingest?format=word', { method: 'POST', token: admin, body: 'x' });
    expect(badQuery.body.error.message).toMatch(/^format: /);
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = await call('/api/ingest', { method: 'POST', token: admin, body: 'x'.repeat(65 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // Other routes take 64 KiB at most.
    const login = await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'a', password: 'x'.repeat(70 * 1024) }) });
    expect(login.status).toBe(413);
    // A streamed body without Content-Length is counted as it arrives.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await t.app.request('/api/tokens', { method: 'POST', body: stream, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('rate limits ingests per user', async () => {
    let last = 0;
    for (let i = 0; i < 14 && last !== 429; i++) last = (await call('/api/ingest', { method: 'POST', token: admin, body: '\n' })).status;
    expect(last).toBe(429);
  });
});
