/**
 * Writers side by side, on the real arXiv listings, through the compiled CLI as a user runs it:
 *   1. two `paperboy ingest` processes of the whole set into one fresh library, twice: each run
 *      must end with the paper count of one sequential ingest (74,724), and no process may fail;
 *   2. 30 searches against `paperboy serve` while a CLI ingest writes to its library: latency of
 *      each (p50, max; a search taking 30 s counts as a timeout).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listingFiles, startServer, stopServer, timingSummary, type BenchResult } from './bench-support.js';
import { loadQueries } from './ingest-search.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '..', 'bin', 'paperboy.js');
const RUNS = 2;
const SEARCHES = 30;
/** Between two searches, so they spread over the ingest. */
const SEARCH_GAP_MS = 400;
const SEARCH_TIMEOUT_MS = 30_000;

interface CliResult {
  code: number | null;
  seconds: number;
  stderr: string;
}

/** Runs the compiled CLI in its own process. */
function cli(args: string[]): { done: Promise<CliResult>; running: () => boolean } {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PAPERBOY_TODAY: '2026-07-15' } });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      resolve({ code, seconds: +((performance.now() - started) / 1000).toFixed(1), stderr: stderr.slice(-2000) || stdout.slice(-2000) });
    });
  });
  return { done, running: () => !exited };
}

async function papersIn(dir: string): Promise<number> {
  const child = spawn(process.execPath, [CLI, '--data', dir, 'stats', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.on('close', r));
  return (JSON.parse(out) as { papers: number }).papers;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchConcurrentWriters(): Promise<BenchResult> {
  const listing = listingFiles();
  if (listing.skipped !== undefined) return { name: 'concurrent-writers', skipped: listing.skipped };
  if (!existsSync(path.join(here, '..', 'dist', 'cli', 'paperboy.js'))) return { name: 'concurrent-writers', skipped: 'dist/ not built' };
  const files = listing.files;
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-writers-'));
  try {
    const ingests = [];
    for (let run = 1; run <= RUNS; run++) {
      const dir = path.join(work, `two-ingests-${run}`);
      const load = os.loadavg()[0]!;
      const started = performance.now();
      const results = await Promise.all([cli(['--data', dir, 'ingest', ...files]).done, cli(['--data', dir, 'ingest', ...files]).done]);
      ingests.push({
        run,
        papers: await papersIn(dir),
        wallSeconds: +((performance.now() - started) / 1000).toFixed(1),
        processes: results.map((r) => ({ exitCode: r.code, seconds: r.seconds, ...(r.code === 0 ? {} : { stderr: r.stderr }) })),
        loadAverage1mAtStart: +load.toFixed(2),
      });
    }

    const dir = path.join(work, 'serve');
    const { url, child } = await startServer(dir);
    const queries = loadQueries();
    const load = os.loadavg()[0]!;
    const ingest = cli(['--data', dir, 'ingest', ...files]);
    /** Latency of each search, and whether the ingest was running when it started. */
    const searches: { ms: number; duringIngest: boolean }[] = [];
    const failures: string[] = [];
    try {
      for (let i = 0; i < SEARCHES; i++) {
        await sleep(SEARCH_GAP_MS);
        const duringIngest = ingest.running();
        const t = performance.now();
        try {
          const res = await fetch(`${url}/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}`, { signal: AbortSignal.timeout(SEARCH_TIMEOUT_MS) });
          await res.arrayBuffer();
          if (!res.ok) failures.push(`HTTP ${res.status}`);
        } catch (err) {
          failures.push((err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message);
        }
        searches.push({ ms: performance.now() - t, duringIngest });
      }
    } finally {
      await ingest.done;
      await stopServer(child);
    }
    const ingestResult = await ingest.done;
    const times = searches.map((s) => s.ms);
    const during = searches.filter((s) => s.duringIngest).map((s) => s.ms);
    return {
      name: 'concurrent-writers',
      data: { files: files.length },
      twoIngests: ingests,
      searchesDuringIngest: {
        all: { ...timingSummary(times), over2s: times.filter((t) => t > 2000).length },
        startedWhileIngestRan: { ...timingSummary(during), over2s: during.filter((t) => t > 2000).length },
        failures,
        ingestExitCode: ingestResult.code,
        ingestSeconds: ingestResult.seconds,
        papers: await papersIn(dir),
        loadAverage1mAtStart: +load.toFixed(2),
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
