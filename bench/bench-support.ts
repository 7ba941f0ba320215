import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { LISTINGS_DIR, listingFiles as sharedListingFiles } from '../src/topics/test-support/category-slice.js';
import { fileURLToPath } from 'node:url';
import { percentile as nearestRank } from '../src/core/percentile.js';
import { startIngest } from '../src/ingest/pipeline.js';
import type { Store } from '../src/store/store.js';

/** A benchmark's results: free-form figures, or why it was skipped. */
export type BenchResult = { name: string; skipped?: string } & Record<string, unknown>;

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '..', 'src', 'cli', 'paperboy.ts');

/** ../shared beside the repository (PAPERBOY_SHARED overrides). */
export function sharedDir(): string {
  return process.env.PAPERBOY_SHARED ?? path.resolve(here, '..', '..', 'shared');
}

/** Nearest-rank percentile (src/core/percentile.ts), rounded to 0.01 for the results. */
export const percentile = (values: number[], p: number): number => +nearestRank(values, p).toFixed(2);

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Starts `paperboy serve --port 0` on loopback; resolves with its URL. */
export function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--data', dataDir, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PAPERBOY_ACCESS: 'open' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/[^\s]+?)\/? \(/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`paperboy serve exited (${code}): ${err || out}`)));
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The real arXiv listings (../shared/datasets/arxiv-daily/*.jsonl.gz, in date order), or why a bench skips. */
export function listingFiles(): { files: string[]; skipped?: undefined } | { skipped: string } {
  const files = sharedListingFiles();
  return files.length ? { files } : { skipped: `no data at ${LISTINGS_DIR}` };
}

/** Ingests files through the real pipeline, the next one prefetched as the CLI does; a file that fails stops the bench. Returns the rows read and those skipped. */
export async function ingestListings(store: Store, files: string[], today: string): Promise<{ rows: number; skipped: number }> {
  const session = await startIngest(store);
  let rows = 0;
  let skipped = 0;
  try {
    for (const [i, f] of files.entries()) {
      if (files[i + 1]) session.prefetch(files[i + 1]!, { today });
      const r = await session.ingest(f, { today });
      if (r.error) throw new Error(r.error.message);
      rows += r.records + r.skipped.length;
      skipped += r.skipped.length;
    }
    await session.finish();
    return { rows, skipped };
  } finally {
    await session.close();
  }
}

/** Count, p50, p95 and max of timings in ms. */
export const timingSummary = (times: number[]) => ({ n: times.length, p50ms: percentile(times, 50), p95ms: percentile(times, 95), maxms: percentile(times, 100) });
