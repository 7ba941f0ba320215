import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordedServer, syncFixture, type RecordedServer } from '../sync/test-support/recorded-server.js';
import { runCli } from './test-support/run-cli.js';

let dir: string;
let server: RecordedServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-sync-cli-'));
  server = await startRecordedServer((req) => {
    if (req.path === '/api/query') return { body: syncFixture(`arxiv-api-start${req.query.get('start')}.xml`) };
    if (req.path === '/down') return { status: 503, headers: { 'retry-after': '0' } };
    return { status: 404 };
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(['--data', path.join(dir, 'lib'), ...args]);
const arxiv = () => ['sync', 'arxiv', '--category', 'cs.CL', '--query', 'retrieval', '--page-size', '2', '--base-url', `${server.url}/api/query`, '--delay', '0'];

describe('paperboy sync (end to end, against a local server)', () => {
  it('syncs a source once and remembers it; sync alone then syncs every remembered source; --remove forgets', async () => {
    const dry = await cli(...arxiv(), '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, papers: 0, sources: [{ added: 5, records: 5 }] });

    const first = await cli(...arxiv(), '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { papers: number; sources: { key: string; added: number; error: unknown; cursor: string }[] };
    expect(report.papers).toBe(5);
    expect(report.sources[0]).toMatchObject({ kind: 'arxiv', pages: 3, added: 5, merged: 0, unchanged: 0, skipped: 0, error: null });
    const key = report.sources[0]!.key;

    const search = await cli('search', 'hubness', '--json');
    expect((JSON.parse(search.stdout) as { hits: { id: string }[] }).hits[0]?.id).toBe('2611.09107');

    const all = await cli('sync', '--delay', '0', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).sources).toMatchObject([{ key, added: 0, unchanged: 2 }]);

    const list = await cli('sync', '--list', '--json');
    expect(JSON.parse(list.stdout)).toMatchObject([{ key, kind: 'arxiv', totalAdded: 5, lastRun: { added: 0 } }]);
    const human = await cli('sync', '--list');
    expect(human.stdout).toContain(key);

    expect((await cli('sync', '--remove', key)).code).toBe(0);
    expect(JSON.parse((await cli('sync', '--list', '--json')).stdout)).toEqual([]);
  });

  it('exits 5 when one source fails and another syncs, and the error names the source', async () => {
    const lib = ['--data', path.join(dir, 'partial')];
    expect((await runCli([...lib, ...arxiv()])).code).toBe(0);
    const failing = await runCli([...lib, 'sync', 'feed', `${server.url}/down`, '--delay', '0', '--retries', '1']);
    expect(failing.code).toBe(7);
    const both = await runCli([...lib, 'sync', '--delay', '0', '--retries', '1']);
    expect(both.code).toBe(5);
    expect(both.stderr).toMatch(new RegExp(`feed:${server.url}/down: error: .*answered 503 \\(gave up after 2 attempts\\)`));
  });

  it('refuses bad durations and sources with exit code 2', async () => {
    const every = await cli('sync', '--every', '6x');
    expect(every.code).toBe(2);
    expect(every.stderr).toContain('--every: "6x" is not a duration');
    const unknown = await cli('sync', 'gopher');
    expect(unknown.code).toBe(2);
    expect((await cli('sync', 'arxiv')).stderr).toContain('needs --category or --query');
  });
});
