/**
 * A server's reads beside another process's writer (a second connection holding the library's
 * write lock, as a CLI ingest does batch after batch): a request does its own work and never
 * waits for the writer, though its index had papers to catch up.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTestUser, testEnv, tokenFor, type TestEnv } from '../http/test-support/test-app.js';
import { paperRecord } from '../ingest/test-support/synthetic-papers.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ingestRecords } from '../store/test-support/temp-store.js';

let t: TestEnv;
let writer: SqliteStore;
beforeEach(async () => {
  t = await testEnv();
  writer = SqliteStore.open(t.dir);
});
afterEach(async () => {
  await writer.close();
  await t.close();
});

const LATECOMER = 'A Latecomer Paper On Lighthouse Keeping';

describe('reads beside another writer', () => {
  it('answer searches, by API token and as pages, while the other holds the write lock', async () => {
    const token = await tokenFor(t.library, (await addTestUser(t.library, 'ann')).id);
    // A server that has served pages (its first makes the library's CSRF secret, once).
    expect((await t.app.request('/')).status).toBe(200);
    await ingestRecords(writer, [{ title: LATECOMER, abstract: 'Keeping lighthouses lit through the winter storms of the northern coast.' }]);
    await writer.withWriteLock(async () => {
      const api = await t.app.request('/api/search?q=lighthouse', { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(200);
      expect(((await api.json()) as { hits: { title: string }[] }).hits.map((h) => h.title)).toEqual([LATECOMER]);
      const page = await t.app.request('/search?q=lighthouse');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(LATECOMER);
    });
  });

  it('answer while another process ingests in bulk, its papers indexed in the background', async () => {
    const index = await t.library.lexical();
    const before = index.stats().docs;
    await ingestRecords(writer, Array.from({ length: 1000 }, (_, i) => paperRecord(i)));
    // A request does not wait for the whole catch-up: at most its first slice is in.
    expect(await t.library.lexical()).toBe(index);
    expect(index.stats().docs).toBeLessThan(before + 1000);
    await t.library.lexical({ complete: true });
    expect(index.stats().docs).toBe(before + 1000);
  });
});
