import { afterEach, describe, expect, it } from 'vitest';
import { startRecordedServer, type Answer, type RecordedServer } from '../sync/test-support/recorded-server.js';
import { PoliteClient } from './polite-client.js';

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client whose backoff waits are recorded (and kept short), not slept in full. */
function client(options: ConstructorParameters<typeof PoliteClient>[0] = {}) {
  const sleeps: number[] = [];
  const c = new PoliteClient({
    minDelayMs: 0,
    retryBaseMs: 100,
    retryMaxMs: 10_000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { c, sleeps };
}

const sequence = (answers: Answer[]) => (_req: unknown, i: number) => answers[Math.min(i, answers.length - 1)]!;

describe('PoliteClient', () => {
  it('waits out a 503 for as long as Retry-After asks, then succeeds; names paperboy in the User-Agent', async () => {
    server = await startRecordedServer(sequence([{ status: 503, headers: { 'retry-after': '7' }, body: 'busy' }, { body: 'ok' }]));
    const { c, sleeps } = client();
    const answer = await c.get(`${server.url}/x`);
    expect(new TextDecoder().decode(answer.bytes)).toBe('ok');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^paperboy\/\d/);
  });

  it('backs off exponentially with jitter on 429 and on a reset connection', async () => {
    server = await startRecordedServer(sequence([{ status: 429 }, 'reset', { body: 'ok' }]));
    const { c, sleeps } = client();
    await c.get(`${server.url}/x`);
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([75, 150]); // base·2^attempt, equal jitter with random() = 0.5
  });

  it('fails at once on a 404 and gives up after its retries on lasting 500s', async () => {
    server = await startRecordedServer(sequence([{ status: 404, body: 'no such feed' }]));
    await expect(client().c.get(`${server.url}/gone`)).rejects.toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('answered 404: no such feed') });
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = await startRecordedServer(sequence([{ status: 500 }]));
    await expect(client({ retries: 2 }).c.get(`${server.url}/down`)).rejects.toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      message: expect.stringContaining('gave up after 3 attempts'),
    });
    expect(server.requests).toHaveLength(3);
  });

  it('returns a 304 as an answer, not an error', async () => {
    server = await startRecordedServer(sequence([{ status: 304 }]));
    expect((await client().c.get(`${server.url}/feed`, { 'if-none-match': '"v1"' })).status).toBe(304);
    expect(server.requests[0]!.headers['if-none-match']).toBe('"v1"');
  });

  it('keeps the minimum delay between requests to one host', async () => {
    server = await startRecordedServer(sequence([{ body: 'ok' }]));
    const c = new PoliteClient({ minDelayMs: 150 });
    for (let i = 0; i < 3; i++) await c.get(`${server.url}/p${i}`);
    const gaps = server.requests.slice(1).map((r, i) => r.at - server!.requests[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(145);
  });
});
