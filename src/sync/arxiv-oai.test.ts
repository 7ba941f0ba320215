import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import { arxivOaiSource } from './arxiv-oai.js';
import { runSync } from './run-sync.js';
import { FAST_HTTP, startRecordedServer, syncFixture, type RecordedServer } from './test-support/recorded-server.js';

let temp: ReturnType<typeof openTempStore>;
let server: RecordedServer;
let busy: number;

beforeEach(async () => {
  temp = openTempStore('paperboy-sync-oai-');
  busy = 1;
  server = await startRecordedServer((req) => {
    // arXiv's flow control: a 503 with Retry-After before the first answer.
    if (busy-- > 0) return { status: 503, headers: { 'retry-after': '0' }, body: 'Retry after 0 seconds' };
    if (req.query.get('resumptionToken') === '7310592|1001') return { body: syncFixture('oai-page2.xml') };
    if (req.query.get('from') === '2026-11-19') return { body: syncFixture('oai-page1.xml') };
    return { body: syncFixture('oai-no-records.xml') };
  });
});
afterEach(async () => {
  await server.close();
  await closeTempStore(temp);
});

const source = () => arxivOaiSource({ kind: 'oai', set: 'cs', metadataPrefix: 'arXiv', since: '2026-11-19', baseUrl: `${server.url}/oai2` });
const sync = () => runSync(temp.store, [source()], { today: '2026-11-22', http: FAST_HTTP, thread: false });

describe('arXiv OAI-PMH source', () => {
  it('harvests from a date, follows the resumption token, waits out a 503, and passes over deleted records', async () => {
    const [report] = await sync();
    expect(report).toMatchObject({ pages: 2, records: 3, added: 3, cursor: '2026-11-22' });
    expect(report!.error).toBeUndefined();
    const [busyAnswer, first, second] = server.requests.map((r) => Object.fromEntries(r.query));
    expect(busyAnswer).toEqual(first);
    expect(first).toEqual({ verb: 'ListRecords', metadataPrefix: 'arXiv', set: 'cs', from: '2026-11-19' });
    // A resumption request carries the token alone, as OAI-PMH requires.
    expect(second).toEqual({ verb: 'ListRecords', resumptionToken: '7310592|1001' });
    expect((await temp.store.getPaper('2611.09107'))?.authors).toEqual(['Jonas Berg', 'Priya Natarajan', 'Yusuf Demir Jr']);
    expect(await temp.store.getPaper('2611.00002')).toBeUndefined();
  });

  it('harvests incrementally from the last harvest day; noRecordsMatch is a harvest of nothing', async () => {
    await sync();
    server.requests.length = 0;
    const [next] = await sync();
    expect(server.requests.map((r) => r.query.get('from'))).toEqual(['2026-11-22']);
    expect(next).toMatchObject({ pages: 0, added: 0, cursor: '2026-11-23' });
    expect(next!.error).toBeUndefined();
  });
});
