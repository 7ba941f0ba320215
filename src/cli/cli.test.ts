/**
 * The CLI end to end, as a user runs it: a real process, a real SQLite library in a temp dir.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, cliEnv, runCli } from './test-support/run-cli.js';

let dir: string;
let lib: string;
const fixtures = new URL('../sources/fixtures/', import.meta.url).pathname;
const fixture = (name: string) => path.join(fixtures, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-cli-'));
  lib = path.join(dir, 'lib');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--data', lib, ...args]);

describe('paperboy CLI', () => {
  it('prints help for the program and each command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    // Each command's module is loaded only when it runs, yet help lists them all.
    const listed = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]);
    expect(listed).toEqual([
      ...['ingest', 'search', 'show', 'related', 'ask', 'embed', 'eval', 'eval-evidence', 'eval-ask', 'stats', 'sync', 'topics', 'topic', 'serve'],
      ...['user', 'token', 'subscribe', 'subscriptions', 'unsubscribe', 'digest', 'install', 'help'],
    ]);
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const searchHelp = await runCli(['search', '--help']);
    expect(searchHelp.stdout).toContain('--limit');
  });

  it('ingests every fixture format, then searches, shows and counts them', async () => {
    const files = readdirSync(fixtures).filter((f) => !f.startsWith('.')).map(fixture);
    const r = await cli('ingest', '--json', ...files);
    const reports = JSON.parse(r.stdout) as { input: string; format: string; records: number; error?: unknown }[];
    expect(reports).toHaveLength(files.length);
    expect(reports.filter((x) => x.error)).toEqual([]);
    expect(new Set(reports.map((x) => x.format)).size).toBeGreaterThanOrEqual(9);
    // Some fixtures hold deliberately malformed records: partial success.
    expect(r.code === 0 || r.code === 5).toBe(true);

    const stats = JSON.parse((await cli('stats', '--json')).stdout) as { papers: number; files: unknown[] };
    expect(stats.papers).toBeGreaterThan(10);
    expect(stats.files).toHaveLength(files.length);

    const again = await cli('ingest', '--json', ...files);
    const second = JSON.parse(again.stdout) as { added: number; merged: number }[];
    expect(second.every((x) => x.added === 0 && x.merged === 0)).toBe(true);
    expect((JSON.parse((await cli('stats', '--json')).stdout) as { papers: number }).papers).toBe(stats.papers);
  });

  it('gives stable JSON fields for hits and for show', async () => {
    const r = await cli('search', 'language', '--json', '--limit', '3');
    expect(r.code).toBe(0);
    const { hits } = JSON.parse(r.stdout) as { hits: Record<string, unknown>[] };
    expect(hits.length).toBeGreaterThan(0);
    for (const key of ['id', 'title', 'titleDerived', 'abstract', 'authors', 'date', 'score', 'sources']) expect(hits[0]).toHaveProperty(key);
    const shown = await cli('show', String(hits[0]!.id), '--json');
    expect(JSON.parse(shown.stdout).id).toBe(hits[0]!.id);
  });

  it('answers odd queries with results or a message, never a crash', async () => {
    for (const q of ['"unclosed', 'NEAR(a b)', '*', 'a:b:c', '(((', '😀', 'x'.repeat(10_000), '', 'title:"x" OR -', "'; DROP TABLE papers; --"]) {
      const r = await cli('search', q);
      expect(r.code, `query ${JSON.stringify(q.slice(0, 40))}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/SqliteError|TypeError|at .*\.ts/);
    }
  });

  it('exits 3 for an unknown paper and 2 for bad input, naming the file', async () => {
    expect((await cli('show', 'no-such-paper')).code).toBe(3);
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from([0, 159, 146, 150, 0, 1, 2, 3]));
    const r = await cli('ingest', junk);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('junk.bin');
    expect((await cli('search', 'x', '--limit', 'lots')).code).toBe(2);
  });

  it('reads stdin with -', async () => {
    const line = JSON.stringify({ id: '2501.00042', title: 'Reading Papers From Standard Input', summary: 'We show that a library can read listings piped to it. '.repeat(3), authors: ['A B'], categories: ['cs.DL'], date: '2025-01-02' });
    const r = await runCli(['--data', lib, 'ingest', '-'], { input: `${line}\n` });
    expect(r.code).toBe(0);
    expect((await cli('show', '2501.00042')).stdout).toContain('Reading Papers From Standard Input');
  });
});

/** Deterministic pseudo-random words, so each synthetic abstract is distinct. */
function syntheticListing(n: number): string {
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = Array.from({ length: 60 }, () => words[Math.floor(rand() * words.length)]).join(' ');
    const id = `2401.${String(10000 + i)}`;
    lines.push(JSON.stringify({ id, title: `Synthetic paper number ${i}`, summary: text, authors: ['Test Author'], categories: ['cs.LG'], date: '2024-01-15' }));
  }
  return `${lines.join('\n')}\n`;
}

describe('an ingest killed midway', () => {
  it('leaves a consistent library, and running it again completes it', async () => {
    const n = 30_000;
    const file = path.join(dir, 'big.jsonl');
    writeFileSync(file, syntheticListing(n));
    const killLib = path.join(dir, 'killed');
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, '--data', killLib, 'ingest', file], { env: cliEnv(), stdio: 'ignore' });
    const dbFile = path.join(killLib, 'library.sqlite');
    // Kill it once some batches are committed but before it ends.
    let committed = 0;
    for (let i = 0; i < 600 && committed === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(dbFile)) continue;
      try {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        committed = (db.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n;
        db.close();
      } catch {
        // Schema not created yet.
      }
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(committed).toBeGreaterThan(0);

    const db = new Database(dbFile);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const papers = count('SELECT COUNT(*) AS n FROM papers');
    expect(papers).toBeLessThan(n);
    // Every paper has its records, keys and facets, and nothing points at a missing paper.
    expect(count('SELECT COUNT(*) AS n FROM papers p WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.paper = p.rowid)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM records r WHERE NOT EXISTS (SELECT 1 FROM papers p WHERE p.rowid = r.paper)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM paper_facets')).toBe(papers);
    expect(count('SELECT COUNT(*) AS n FROM identity_keys')).toBe(papers * 2);
    db.close();

    const rerun = await runCli(['--data', killLib, 'ingest', '--json', file]);
    expect(rerun.code).toBe(0);
    const [report] = JSON.parse(rerun.stdout) as { added: number; unchanged: number }[];
    expect(report!.added).toBe(n - papers);
    expect(report!.unchanged).toBe(papers);
    const stats = JSON.parse((await runCli(['--data', killLib, 'stats', '--json'])).stdout) as { papers: number; records: number };
    expect(stats).toMatchObject({ papers: n, records: n });
    const found = JSON.parse((await runCli(['--data', killLib, 'search', '--json', 'Synthetic paper number 29999'])).stdout) as { hits: { id: string }[] };
    expect(found.hits.map((h) => h.id)).toContain('2401.39999');
  }, 180_000);
});
