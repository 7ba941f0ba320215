import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import { feedSource } from './feed.js';
import { hfDailySource } from './hf-daily.js';
import { runSync, syncFollowed } from './run-sync.js';
import { listSources, removeSource } from './sync-state.js';
import { FAST_HTTP, startRecordedServer, syncFixture, type RecordedServer } from './test-support/recorded-server.js';

let temp: ReturnType<typeof openTempStore>;
let server: RecordedServer;

beforeEach(async () => {
  temp = openTempStore('paperboy-sync-run-');
  server = await startRecordedServer((req) => {
    if (req.path === '/broken') return { status: 502, body: 'bad gateway' };
    if (req.path === '/garbage') return { body: '<html><body>not a feed</body></html>' };
    if (req.path === '/quiet') return { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title></channel></rss>' };
    const date = req.query.get('date');
    return date === '2026-11-20' || date === '2026-11-21' ? { body: syncFixture(`hf-daily-${date}.json`) } : { body: '[]' };
  });
});
afterEach(async () => {
  await server.close();
  await closeTempStore(temp);
});

const hf = () => hfDailySource({ kind: 'hf', since: '2026-11-20', baseUrl: `${server.url}/hf` });
const options = { today: '2026-11-21', http: { ...FAST_HTTP, retries: 1 }, thread: false };

describe('runSync', () => {
  it('reports a failing source and still runs the others, remembering every one with its last run', async () => {
    const broken = feedSource({ kind: 'feed', url: `${server.url}/broken` });
    const garbage = feedSource({ kind: 'feed', url: `${server.url}/garbage` });
    const reports = await runSync(temp.store, [broken, garbage, hf()], options);
    expect(reports[0]!.error).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('gave up after 2 attempts') });
    expect(reports[1]!.error?.code).toBe('BAD_INPUT');
    expect(reports[2]).toMatchObject({ added: 3 });
    expect(reports[2]!.error).toBeUndefined();
    const followed = await listSources(temp.store);
    expect(followed.map((s) => s.key)).toEqual([broken.key, garbage.key, hf().key]);
    expect(followed[0]!.lastRun?.error?.code).toBe('SOURCE_UNAVAILABLE');
    expect(followed[2]).toMatchObject({ totalAdded: 3, cursor: '2026-11-21', lastRun: { added: 3, records: 3 } });
  });

  it('takes a feed with no items today as a quiet day, not an error', async () => {
    const [quiet] = await runSync(temp.store, [feedSource({ kind: 'feed', url: `${server.url}/quiet` })], options);
    expect(quiet).toMatchObject({ pages: 1, records: 0, added: 0 });
    expect(quiet!.error).toBeUndefined();
  });

  it('a dry run counts what would be added and writes nothing', async () => {
    const [report] = await runSync(temp.store, [hf()], { ...options, dryRun: true });
    expect(report).toMatchObject({ records: 3, added: 3, unchanged: 0 });
    expect((await temp.store.stats()).papers).toBe(0);
    expect(await listSources(temp.store)).toEqual([]);
    await runSync(temp.store, [hf()], options);
    const [again] = await runSync(temp.store, [hf()], { ...options, dryRun: true });
    expect(again).toMatchObject({ added: 0, unchanged: 1 });
  });

  it('syncs every followed source, and forgets one on request', async () => {
    await runSync(temp.store, [hf()], options);
    server.requests.length = 0;
    const reports = await syncFollowed(temp.store, options);
    expect(reports.map((r) => r.key)).toEqual([hf().key]);
    expect(server.requests.map((r) => r.query.get('date'))).toEqual(['2026-11-21']);
    await removeSource(temp.store, hf().key);
    expect(await listSources(temp.store)).toEqual([]);
    await expect(removeSource(temp.store, 'hf')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
