import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import { arxivApiSource, searchQuery } from './arxiv-api.js';
import { runSync } from './run-sync.js';
import { getSource } from './sync-state.js';
import { FAST_HTTP, startRecordedServer, syncFixture, type Answer, type RecordedServer } from './test-support/recorded-server.js';

let temp: ReturnType<typeof openTempStore>;
let server: RecordedServer;
/** Which recorded listing the server plays, and how many times start=2 has been answered empty. */
let listing: 'first' | 'newer';
let emptyPages: number;
let failStart2: boolean;

function answer(start: string | null): Answer {
  if (listing === 'newer') return start === '0' ? { body: syncFixture('arxiv-api-newer-start0.xml') } : { status: 500, body: 'should not be asked' };
  if (start === '2' && failStart2) return { status: 400, body: 'bad request' };
  if (start === '2' && emptyPages-- > 0) return { body: syncFixture('arxiv-api-empty.xml') };
  return { body: syncFixture(`arxiv-api-start${start}.xml`) };
}

beforeEach(async () => {
  temp = openTempStore('paperboy-sync-arxiv-');
  listing = 'first';
  emptyPages = 1;
  failStart2 = false;
  server = await startRecordedServer((req) => answer(req.query.get('start')));
});
afterEach(async () => {
  await server.close();
  await closeTempStore(temp);
});

const source = () => arxivApiSource({ kind: 'arxiv', categories: ['cs.CL'], query: 'retrieval', pageSize: 2, baseUrl: `${server.url}/api/query` });
const sync = () => runSync(temp.store, [source()], { today: '2026-11-22', http: FAST_HTTP, thread: false });

describe('arXiv API source', () => {
  it('builds the search query from categories and a query', () => {
    expect(searchQuery({ kind: 'arxiv', categories: ['cs.CL', 'cs.IR'], query: 'dense retrieval' })).toBe('(cat:cs.CL OR cat:cs.IR) AND all:"dense retrieval"');
    expect(searchQuery({ kind: 'arxiv', categories: [], query: 'ti:transformer AND au:smith' })).toBe('ti:transformer AND au:smith');
  });

  it('pages newest first to the end, asking again for an empty page in the middle, into the real pipeline', async () => {
    const [report] = await sync();
    expect(report).toMatchObject({ key: `arxiv:cat=cs.CL;q=retrieval@127.0.0.1:${server.url.split(':')[2]}/api/query`, pages: 3, records: 5, added: 5 });
    expect(report!.error).toBeUndefined();
    expect(server.requests.map((r) => r.query.get('start'))).toEqual(['0', '2', '2', '4']);
    const q = server.requests[0]!.query;
    expect(q.get('search_query')).toBe('cat:cs.CL AND all:retrieval');
    expect([q.get('sortBy'), q.get('sortOrder'), q.get('max_results')]).toEqual(['submittedDate', 'descending', '2']);
    const paper = await temp.store.getPaper('2611.10021');
    expect(paper?.abstract).toContain('$g(t) \\in \\{0,1\\}$');
    // Provenance names the listing, without its paging parameters.
    expect(paper?.sources[0]?.file).toMatch(/\/api\/query\?search_query=cat%3Acs\.CL\+AND\+all%3Aretrieval&sortBy=submittedDate&sortOrder=descending$/);
    expect(JSON.parse((await getSource(temp.store, source().key))!.cursor!)).toEqual({ since: '2026-11-20T14:03:11Z' });
  });

  it('is idempotent: the same responses again change nothing, and paging stops at the cursor', async () => {
    await sync();
    const seq = await temp.store.currentSeq();
    server.requests.length = 0;
    const [again] = await sync();
    expect(again).toMatchObject({ added: 0, merged: 0, unchanged: 2 });
    expect(server.requests.map((r) => r.query.get('start'))).toEqual(['0']);
    expect(await temp.store.currentSeq()).toBe(seq);
  });

  it('asks only for what is newer than the cursor on the next run', async () => {
    await sync();
    listing = 'newer';
    server.requests.length = 0;
    const [next] = await sync();
    expect(next).toMatchObject({ added: 1, unchanged: 1 });
    expect(server.requests).toHaveLength(1);
    expect(await temp.store.getPaper('2611.10450')).toBeDefined();
    expect(JSON.parse(next!.cursor!)).toEqual({ since: '2026-11-21T17:58:02Z' });
  });

  it('keeps the politeness delay between its requests, the empty-page retry included', async () => {
    await runSync(temp.store, [source()], { today: '2026-11-22', http: { ...FAST_HTTP, minDelayMs: 120 }, thread: false });
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(4);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(115);
  });

  it('resumes where a failed run stopped, keeping what it committed', async () => {
    failStart2 = true;
    const [failed] = await sync();
    expect(failed).toMatchObject({ added: 2, error: { code: 'SOURCE_FAILED' } });
    expect(JSON.parse(failed!.cursor!)).toEqual({ resume: { start: 2, newest: '2026-11-20T14:03:11Z' } });
    failStart2 = false;
    emptyPages = 0;
    server.requests.length = 0;
    const [resumed] = await sync();
    expect(resumed).toMatchObject({ added: 3 });
    expect(server.requests.map((r) => r.query.get('start'))).toEqual(['2', '4']);
    expect((await temp.store.stats()).papers).toBe(5);
  });
});
