/**
 * The CLI when the library's disk fills up, and beside other writers, as a user meets it: real
 * processes on a real SQLite library. The full disk is the store's test hook (room for only so
 * many more pages: PRAGMA max_page_count), preloaded into the process under test.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/errors.js';
import { linesOf, nearDuplicateLine } from '../ingest/test-support/synthetic-papers.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ingestRecords } from '../store/test-support/temp-store.js';
import { runCli, spawnCli, type CliOptions } from './test-support/run-cli.js';

const ROOM_FOR_PAGES = fileURLToPath(new URL('../store/test-support/room-for-pages.ts', import.meta.url));
/** A disk with room for only `pages` more pages of the library. */
const nearlyFull = (pages: number): CliOptions => ({ preload: [ROOM_FOR_PAGES], env: { ROOM_FOR_PAGES: String(pages) } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-faults-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
}

async function papersIn(lib: string): Promise<number> {
  return (JSON.parse((await runCli(['--data', lib, 'stats', '--json'])).stdout) as { papers: number }).papers;
}

/** Resolves once the child has written `text` to stderr; rejects if it exits first. */
function saidOnStderr(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(text)) resolve();
    });
    child.on('close', (code) => reject(new Error(`exited (${code}) before saying ${JSON.stringify(text)}: ${err}`)));
  });
}

describe('a full disk', () => {
  it('stops ingest with its own error and exit code, telling what is in; search still answers; a re-run completes it', async () => {
    const lib = path.join(dir, 'full');
    const first = file('first.jsonl', linesOf(0, 3000));
    // More batches than its reader reads ahead: that reader waits, and must be stopped.
    const second = file('second.jsonl', linesOf(3000, 10_000));
    // Room for the first batch of 2,000 papers (about 600 pages), not for the second.
    const r = await runCli(['--data', lib, 'ingest', first, second], nearlyFull(700));
    // It ends (the reader of the prefetched second file is stopped too) with its own exit code.
    expect(r.code).toBe(ERROR_CODES.STORAGE_FULL.exit);
    expect(r.stderr).toContain(`${first}: stopped at line 2001: the disk holding the library is full`);
    expect(r.stderr).toContain('committed before it: 2000 records: 2000 new papers, 0 merged, 0 unchanged; run the same command again');
    expect(r.stderr).toContain(`not ingested (the run stopped): ${second}`);
    expect(r.stderr).not.toMatch(/SqliteError|\n\s+at /);
    expect(await papersIn(lib)).toBe(2000);

    // The search index could not be saved: the search answers anyway, and says so once.
    const search = await runCli(['--data', lib, 'search', 'study', '-n', '3'], nearlyFull(0));
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/^ 1\. Study \d+ of /);
    expect(search.stderr.match(/note: the search index was not saved \(the disk holding the library is full/g)).toHaveLength(1);

    const again = await runCli(['--data', lib, 'ingest', '--json', first, second]);
    expect(again.code).toBe(0);
    const reports = JSON.parse(again.stdout) as { added: number; unchanged: number }[];
    expect(reports.map((x) => [x.added, x.unchanged])).toEqual([
      [1000, 2000],
      [7000, 0],
    ]);
    expect(await papersIn(lib)).toBe(10_000);
  });
});

describe('beside another writer', () => {
  it('search answers while another process holds the write lock', async () => {
    const lib = path.join(dir, 'locked');
    expect((await runCli(['--data', lib, 'ingest', file('some.jsonl', linesOf(0, 50))])).code).toBe(0);
    const writer = SqliteStore.open(lib);
    try {
      // A paper the saved search index lacks: the search catches the index up (and would save it).
      await ingestRecords(writer, [{ title: 'A Latecomer Paper On Lighthouse Keeping', abstract: 'Keeping lighthouses lit through winter storms.' }]);
      const r = await writer.withWriteLock(() => runCli(['--data', lib, 'search', 'lighthouse', '--json']));
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { hits: { title: string }[] }).hits.map((h) => h.title)).toEqual(['A Latecomer Paper On Lighthouse Keeping']);
    } finally {
      await writer.close();
    }
  });

  it('two ingests at once merge near-duplicates of each other, as one ingest does', async () => {
    const mine = file('mine.jsonl', linesOf(10_000, 10_300));
    const theirs = file('theirs.jsonl', linesOf(20_000, 20_300));
    // Other records of their papers: no ids, other titles, abstracts near-identical.
    const nearTheirs = linesOf(20_000, 20_300, nearDuplicateLine);
    const sequential = path.join(dir, 'sequential');
    expect((await runCli(['--data', sequential, 'ingest', mine, theirs, file('near-theirs.jsonl', nearTheirs)])).code).toBe(0);
    expect(await papersIn(sequential)).toBe(600);

    const lib = path.join(dir, 'concurrent');
    // One process opens the library (loading its near-duplicate index), ingests its file, and
    // waits for its standard input...
    const a = spawnCli(['--data', lib, 'ingest', mine, '-']);
    const aDone = new Promise<number | null>((resolve) => a.on('close', resolve));
    await saidOnStderr(a, `${mine}: jsonl: 300 records`);
    // ... while another ingests papers, whose near-duplicates the first then reads.
    expect((await runCli(['--data', lib, 'ingest', theirs])).code).toBe(0);
    a.stdin.end(nearTheirs);
    expect(await aDone).toBe(0);
    expect(await papersIn(lib)).toBe(600);
  });
});
