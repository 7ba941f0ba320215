import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { hfDailySource } from '../sync/hf-daily.js';
import { putSource } from '../sync/sync-state.js';
import { startRecordedServer, syncFixture, type RecordedServer } from '../sync/test-support/recorded-server.js';
import { CLI_ENTRY, cliEnv } from './test-support/run-cli.js';

let dir: string;
let upstream: RecordedServer;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-serve-sync-'));
  upstream = await startRecordedServer((req) => {
    const date = req.query.get('date');
    return date === '2026-11-20' || date === '2026-11-21' ? { body: syncFixture(`hf-daily-${date}.json`) } : { body: '[]' };
  });
  // A library that follows one source it has never synced.
  const store = SqliteStore.open(dir);
  const source = hfDailySource({ kind: 'hf', since: '2026-11-20', baseUrl: `${upstream.url}/hf` });
  key = source.key;
  await putSource(store, { key, spec: source.spec, totalAdded: 0 });
  await store.close();
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('paperboy serve --sync-every', () => {
  it('syncs the followed sources on its own and serves what they added', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, '--data', dir, 'serve', '--port', '0', '--sync-every', '1h'], {
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const deadline = Date.now() + 120_000;
      while (!stderr.includes(`sync ${key}:`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain(`paperboy: sync ${key}: 3 new papers`);
      const base = /at (http:\/\/\S+\/)/.exec(stdout)![1]!;
      const res = await fetch(`${base}api/papers/2611.10450`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ paper: { upvotes: 58, organization: 'DeepWave AI' } });
      expect(upstream.requests.map((r) => r.query.get('date'))).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    } finally {
      const closed = new Promise((r) => child.on('close', r));
      child.kill('SIGTERM');
      await closed;
    }
  });
});
