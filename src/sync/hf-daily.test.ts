import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import { hfDailySource } from './hf-daily.js';
import { runSync } from './run-sync.js';
import { FAST_HTTP, startRecordedServer, syncFixture, type RecordedServer } from './test-support/recorded-server.js';

let temp: ReturnType<typeof openTempStore>;
let server: RecordedServer;

beforeEach(async () => {
  temp = openTempStore('paperboy-sync-hf-');
  server = await startRecordedServer((req) => {
    const date = req.query.get('date');
    return date === '2026-11-20' || date === '2026-11-21' ? { body: syncFixture(`hf-daily-${date}.json`), headers: { 'content-type': 'application/json' } } : { body: '[]' };
  });
});
afterEach(async () => {
  await server.close();
  await closeTempStore(temp);
});

const sync = (today = '2026-11-22') =>
  runSync(temp.store, [hfDailySource({ kind: 'hf', since: '2026-11-20', baseUrl: `${server.url}/api/daily_papers` })], { today, http: FAST_HTTP, thread: false });

describe('Hugging Face daily papers source', () => {
  it('asks day by day up to today and stores upvotes and organizations', async () => {
    const [report] = await sync();
    expect(server.requests.map((r) => `${r.path}?date=${r.query.get('date')}`)).toEqual([
      '/api/daily_papers?date=2026-11-20',
      '/api/daily_papers?date=2026-11-21',
      '/api/daily_papers?date=2026-11-22',
    ]);
    expect(report).toMatchObject({ pages: 2, added: 3, cursor: '2026-11-22' });
    expect(await temp.store.getPaper('2611.10450')).toMatchObject({ upvotes: 58, organization: 'DeepWave AI' });
  });

  it('next time starts at the last day fetched (its upvotes may have changed)', async () => {
    await sync();
    server.requests.length = 0;
    const [next] = await sync('2026-11-23');
    expect(server.requests.map((r) => r.query.get('date'))).toEqual(['2026-11-22', '2026-11-23']);
    expect(next).toMatchObject({ pages: 0, added: 0, cursor: '2026-11-23' });
  });
});
