import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import { feedSource } from './feed.js';
import { runSync } from './run-sync.js';
import { FAST_HTTP, startRecordedServer, syncFixture, type RecordedServer } from './test-support/recorded-server.js';

const ETAG = '"cs.CL-2026-11-20"';
const MODIFIED = 'Fri, 20 Nov 2026 05:00:00 GMT';
let temp: ReturnType<typeof openTempStore>;
let server: RecordedServer;

beforeEach(async () => {
  temp = openTempStore('paperboy-sync-feed-');
  server = await startRecordedServer((req) =>
    req.headers['if-none-match'] === ETAG
      ? { status: 304 }
      : { body: syncFixture('feed-cs-cl.xml'), headers: { etag: ETAG, 'last-modified': MODIFIED, 'content-type': 'application/rss+xml' } },
  );
});
afterEach(async () => {
  await server.close();
  await closeTempStore(temp);
});

const sync = () => runSync(temp.store, [feedSource({ kind: 'feed', url: `${server.url}/rss/cs.CL` })], { today: '2026-11-22', http: FAST_HTTP, thread: false });

describe('feed source', () => {
  it('ingests an RSS feed and revalidates it with If-None-Match / If-Modified-Since: a 304 is nothing to do', async () => {
    const [first] = await sync();
    expect(first).toMatchObject({ key: `feed:${server.url}/rss/cs.CL`, pages: 1, added: 2 });
    expect((await temp.store.getPaper('2611.09901'))?.authors).toEqual(['Rosa Delgado', 'Tomasz Wiśniewski']);
    const [second] = await sync();
    expect(server.requests[1]!.headers['if-none-match']).toBe(ETAG);
    expect(server.requests[1]!.headers['if-modified-since']).toBe(MODIFIED);
    expect(second).toMatchObject({ pages: 0, records: 0, added: 0 });
    expect(JSON.parse(second!.cursor!)).toEqual({ etag: ETAG, lastModified: MODIFIED });
  });
});
