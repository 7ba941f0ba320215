import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerEngine, Statement } from '../../../ask/ask-types.js';
import { paperSentences } from '../../../ask/sentences.js';
import { Browser, addTestUser, testEnv, tokenFor, type TestEnv } from '../../test-support/test-app.js';

/** Response JSON, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

const SOLAR = 'What do solar sails use for propulsion?';

let t: TestEnv;
let token: string;

beforeAll(async () => {
  t = await testEnv({ fixtures: ['ask-papers.jsonl'], app: { askLimit: { limit: 1000, windowMs: 60_000 } } });
  token = await tokenFor(t.library, (await addTestUser(t.library, 'ada')).id);
});
afterAll(async () => t.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  t.app.request('/api/ask', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Every citation's quote is, verbatim, the sentence at its index of that paper's abstract. */
async function expectVerified(statements: Statement[]): Promise<void> {
  for (const s of statements) {
    expect(s.citations.length).toBeGreaterThan(0);
    for (const cite of s.citations) {
      const paper = await t.library.store.getPaper(cite.paperId);
      expect(paper, cite.paperId).toBeDefined();
      expect(paperSentences(paper!)[cite.sentenceIndex]).toBe(cite.quote);
    }
  }
}

/** Server-sent events, in order: `event:` names and their `data:` JSON. */
function parseSse(text: string): { event: string; data: JsonBody }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as JsonBody };
    });
}

describe('POST /api/ask', () => {
  it('answers with citations that are really the quoted sentences of the cited papers', async () => {
    const res = await post({ question: SOLAR });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body).toMatchObject({ question: SOLAR, abstained: false });
    expect(body.plan.why).toEqual(expect.any(String));
    expect(body.engine).toEqual(expect.any(String));
    expect(body.rounds).toBeGreaterThanOrEqual(1);
    expect(body.statements.length).toBeGreaterThan(0);
    await expectVerified(body.statements);
    const cited = body.statements.flatMap((s) => s.citations);
    expect(cited[0]).toMatchObject({ paperId: '2405.20001', quote: 'Solar sails use the radiation pressure of sunlight for propulsion.' });
    expect(body.answer).toContain('[1]');
  });

  it('answers about one paper, citing only it', async () => {
    const body = (await (await post({ question: 'How is distance encoded?', paperId: '2405.20002' })).json()) as Answer;
    expect(body.plan).toMatchObject({ kind: 'paper', paperId: '2405.20002' });
    await expectVerified(body.statements);
    for (const s of body.statements) for (const c of s.citations) expect(c.paperId).toBe('2405.20002');
  });

  it('abstains plainly, with a note, when the library has nothing on it', async () => {
    const body = (await (await post({ question: 'What is the boiling point of liquid nitrogen at high altitude?' })).json()) as Answer;
    expect(body.abstained).toBe(true);
    expect(body.statements).toEqual([]);
    expect(body.note).toEqual(expect.any(String));
  });

  it('400 names the field: empty, too long, wrong type, unknown fields, not JSON', async () => {
    const cases: [unknown, RegExp][] = [
      [{ question: '   ' }, /^question: /],
      [{ question: 'x'.repeat(501) }, /^question: .*500/],
      [{ question: 42 }, /^question: /],
      [{}, /^question: /],
      [{ question: 'solar', paperId: '' }, /^paperId: /],
      [{ question: 'solar', extra: 1 }, /^extra: unexpected field/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as JsonBody;
      expect(json.error.code).toBe('BAD_INPUT');
      expect(json.error.message).toMatch(message);
    }
    const notJson = await t.app.request('/api/ask', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: SOLAR });
    expect(notJson.status).toBe(400);
  });

  it('404 for an unknown paper', async () => {
    const res = await post({ question: 'what?', paperId: '9999.99999' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as JsonBody).error.code).toBe('NOT_FOUND');
  });

  it('GET /api/ask?q= answers the same', async () => {
    const res = await t.app.request(`/api/ask?q=${encodeURIComponent(SOLAR)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.statements[0]?.citations[0]?.paperId).toBe('2405.20001');
    expect((await t.app.request('/api/ask?q=')).status).toBe(400);
  });
});

describe('streaming (server-sent events)', () => {
  it('Accept: text/event-stream streams the pipeline events in order, ending with the answer', async () => {
    const res = await post({ question: SOLAR }, { accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const events = parseSse(await res.text());
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('plan');
    expect(names.at(-1)).toBe('answer');
    expect(names).toContain('round');
    expect(names).toContain('statement');
    expect(names.indexOf('round')).toBeLessThan(names.indexOf('statement'));
    for (const name of names) expect(['plan', 'round', 'evidence', 'delta', 'statement', 'answer']).toContain(name);
    const answer = events.at(-1)!.data.answer as Answer;
    await expectVerified(answer.statements);
    // Each statement event is one of the answer's statements, in the same order.
    expect(events.filter((e) => e.event === 'statement').map((e) => e.data.statement)).toEqual(answer.statements);
    for (const e of events.filter((x) => x.event === 'evidence')) for (const s of e.data.evidence as JsonBody[]) expect(s).not.toHaveProperty('docId');
  });

  it('?stream=1 streams too (GET and POST); errors after the start are an error event', async () => {
    const get = await t.app.request(`/api/ask?stream=1&q=${encodeURIComponent(SOLAR)}`);
    expect(get.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(parseSse(await get.text()).at(-1)!.event).toBe('answer');
    const missing = await t.app.request('/api/ask?stream=1&q=what&paperId=9999.99999');
    const events = parseSse(await missing.text());
    expect(events.at(-1)).toEqual({ event: 'error', data: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('a client that disconnects aborts the pipeline (the engine sees the signal)', async () => {
    let aborted: () => void = () => undefined;
    const sawAbort = new Promise<void>((resolve) => (aborted = resolve));
    const stalling: AnswerEngine = {
      name: 'stalling',
      draft: (_q, _plan, _evidence, { signal }) =>
        new Promise((_resolve, reject) => {
          const stop = () => {
            aborted();
            reject(new Error('aborted'));
          };
          // The disconnect may already have aborted the signal before the draft starts: an
          // 'abort' listener added then would never fire.
          if (signal?.aborted) stop();
          else signal?.addEventListener('abort', stop);
        }),
    };
    t.library.answerEngine = () => stalling;
    try {
      const res = await post({ question: SOLAR }, { accept: 'text/event-stream' });
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: plan');
      await reader.cancel();
      await expect(Promise.race([sawAbort.then(() => 'aborted'), new Promise((r) => setTimeout(() => r('still running'), 2000))])).resolves.toBe('aborted');
    } finally {
      t.library.answerEngine = undefined;
    }
  });
});

describe('who may ask', () => {
  it('cookie POSTs need the CSRF token; API tokens do not', async () => {
    const b = new Browser(() => t);
    const refused = await b.request('/api/ask', { method: 'POST', json: { question: SOLAR } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as JsonBody).error.code).toBe('CSRF_FAILED');
    await b.refreshCsrf();
    const ok = await b.request('/api/ask', { method: 'POST', json: { question: SOLAR }, headers: { 'x-csrf-token': b.csrf } });
    expect(ok.status).toBe(200);
    expect((await post({ question: SOLAR })).status).toBe(200);
  });

  it('private mode: anonymous askers get 401 (POST and GET), signed-in ones an answer', async () => {
    const p = await testEnv({ fixtures: ['ask-papers.jsonl'], env: { PAPERBOY_ACCESS: 'private' } });
    try {
      const b = new Browser(() => p);
      await b.refreshCsrf();
      const anon = await b.request('/api/ask', { method: 'POST', json: { question: SOLAR }, headers: { 'x-csrf-token': b.csrf } });
      expect(anon.status).toBe(401);
      expect((await p.app.request(`/api/ask?q=${encodeURIComponent(SOLAR)}`)).status).toBe(401);
      expect((await p.app.request(`/ask?q=${encodeURIComponent(SOLAR)}`)).status).toBe(303);
      await addTestUser(p.library, 'ann');
      expect((await b.login('ann')).status).toBe(200);
      const signedIn = await b.request('/api/ask', { method: 'POST', json: { question: SOLAR }, headers: { 'x-csrf-token': b.csrf } });
      expect(signedIn.status).toBe(200);
    } finally {
      await p.close();
    }
  });

  it('429 with Retry-After past the limit, per client; the web page shares the allowance', async () => {
    const l = await testEnv({ fixtures: ['ask-papers.jsonl'], app: { askLimit: { limit: 2, windowMs: 60_000 } } });
    try {
      const a = new Browser(() => l);
      const other = new Browser(() => l);
      const q = `?q=${encodeURIComponent(SOLAR)}`;
      expect((await a.request(`/api/ask${q}`)).status).toBe(200);
      expect((await a.request(`/ask${q}`)).status).toBe(200);
      const limited = await a.request(`/api/ask${q}`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as JsonBody).error.code).toBe('RATE_LIMITED');
      const page = await a.request(`/ask${q}`);
      expect(page.status).toBe(429);
      expect(await page.text()).toMatch(/Too many questions/);
      // The empty form costs nothing; another client has its own allowance.
      expect((await a.request('/ask')).status).toBe(200);
      expect((await other.request(`/api/ask${q}`)).status).toBe(200);
    } finally {
      await l.close();
    }
  });
});
