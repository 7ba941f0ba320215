/**
 * The API when the disk holding the library is full (the store's test hook: room for only so many
 * more pages): an upload that does not fit is a 507 telling what went in, a later one that fits is
 * answered as stored, and reading goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../accounts/api-tokens.js';
import { addUser } from '../accounts/users.js';
import { loadConfig } from '../core/config.js';
import { startIngest } from '../ingest/pipeline.js';
import { linesOf, paperLine } from '../ingest/test-support/synthetic-papers.js';
import { Library } from '../library/library.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createApp } from './app.js';
import { TEST_SCRYPT } from './test-support/test-app.js';

let dir: string;
let library: Library;
let token: string;
const today = '2026-11-22';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-full-disk-'));
  // 1,500 papers and an admin; the search index is not saved yet.
  const store = SqliteStore.open(dir);
  const session = await startIngest(store);
  await session.ingest('papers.jsonl', { bytes: new TextEncoder().encode(linesOf(0, 1500)), today, thread: false });
  await session.finish();
  const admin = await addUser(store, { name: 'root', password: 'correct horse battery', admin: true }, TEST_SCRYPT);
  token = (await createApiToken(store, admin.id, 'uploads')).token;
  await store.close();
  library = Library.open(loadConfig({ data: dir, env: { PAPERBOY_TODAY: today } }), { roomForPages: 40 });
});
afterAll(async () => {
  await library.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

async function upload(name: string, body: string): Promise<{ status: number; body: JsonBody }> {
  const app = createApp(library, { ingestThread: false });
  const res = await app.request(`/api/ingest?name=${name}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as JsonBody };
}

describe('a full disk', () => {
  it('refuses an upload that does not fit with 507, then answers one that fits as it was stored', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const big = await upload('big.jsonl', linesOf(1500, 3500));
      expect(big.status).toBe(507);
      expect(big.body.error).toEqual({ code: 'STORAGE_FULL', message: 'the disk holding the library is full: free some space and try again' });
      expect(big.body.reports[0]).toMatchObject({ records: 0, added: 0, stoppedAtLine: 1 });
      expect(big.body.papers).toBe(1500);

      // Room for a paper, not for the search index: the paper is in, and the answer says so.
      for (const i of [9001, 9002]) {
        const small = await upload(`one-${i}.jsonl`, `${paperLine(i)}\n`);
        expect(small.status).toBe(200);
        expect(small.body.reports[0]).toMatchObject({ records: 1, added: 1, error: null });
        expect(small.body.papers).toBe(1500 + i - 9000);
      }
      const app = createApp(library);
      expect((await app.request('/api/papers/2501.09002')).status).toBe(200);
      const search = await app.request('/api/search?q=study');
      expect(search.status).toBe(200);
      // Said once in the server's log, not at every upload.
      expect(log.mock.calls.filter((c) => /the search index was not saved: the disk holding the library is full/.test(String(c[0])))).toHaveLength(1);
    } finally {
      log.mockRestore();
    }
  });
});
