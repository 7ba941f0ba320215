/**
 * Benchmark (not a test): the real `paperboy` command (bin/paperboy.js, the built dist/) spawned
 * for `search`, `related` and `ask` on a lexical and an embedded library of ~75,000 real arXiv
 * papers: wall time, CPU time and peak RSS (from /usr/bin/time), cold (the first call after a
 * write, which catches the indexes up) and warm (the median of the calls after it), with the load
 * average around each.
 *
 * The libraries are copied first (a command may write its indexes): $PAPERBOY_BENCH_LIBRARY
 * (default lib75k beside ../shared) and $PAPERBOY_BENCH_LEXICAL_LIBRARY (lib75k-lex);
 * a library that is absent is skipped. $PAPERBOY_BENCH_BASELINE names another checkout's
 * bin/paperboy.js (say main's before a change) measured the same way on its own copies: the
 * before beside the after.
 *
 * `served`: the same commands while a `paperboy serve` runs on the copy (the CLI then has the
 * server answer over its loaded indexes), warm calls after one call each to let it load them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, sharedDir, type BenchResult } from './bench-support.js';

const NAME = 'cli';
const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', 'bin', 'paperboy.js');
const WARM_RUNS = 3;
const TIME = '/usr/bin/time';

/** The commands measured; `related` takes a paper the query finds, so it exists in any copy. */
const QUERY = ['retrieval', 'augmented', 'generation'];
const commands = (paperId: string): Record<string, string[]> => ({
  search: ['search', ...QUERY, '--limit', '10'],
  related: ['related', paperId, '--limit', '10'],
  ask: ['ask', 'what', 'is', ...QUERY],
});

interface Run {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  load1: number;
}

const load1 = () => +os.loadavg()[0]!.toFixed(2);

/** One call of the command under /usr/bin/time; throws with its stderr when it fails. */
function measure(bin: string, data: string, args: string[]): Run & { stdout: string } {
  const load = load1();
  const r = spawnSync(TIME, ['-f', '@@ %e %U %S %M', process.execPath, bin, '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`paperboy ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return {
    wallMs: Math.round(+m[1]! * 1000),
    cpuMs: Math.round((+m[2]! + +m[3]!) * 1000),
    peakRssMb: Math.round(+m[4]! / 1024),
    load1: +((load + load1()) / 2).toFixed(2),
    stdout: r.stdout,
  };
}

function warmOf(runs: Run[]): Run {
  return { wallMs: percentile(runs.map((r) => r.wallMs), 50), cpuMs: percentile(runs.map((r) => r.cpuMs), 50), peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)), load1: percentile(runs.map((r) => r.load1), 50) };
}

/** Seed listings, one ingested as "the write" before each cold call (a different one each time, so each is a write). */
function seedFiles(): string[] {
  const dir = path.join(sharedDir(), 'seeds');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(dir, f));
}

type Measured = Record<string, { cold: Run; warm: Run; warmRuns: Run[] }>;

const warmRunsOf = (bin: string, copy: string, args: string[]): Run[] =>
  Array.from({ length: WARM_RUNS }, () => {
    const { stdout: _warm, ...run } = measure(bin, copy, args);
    return run;
  });

/** Every command cold (after a write) then warm, on a fresh copy of `library`; then warm again through a server, when `served`. */
async function measureLibrary(bin: string, library: string, seeds: string[], served: boolean): Promise<{ inProcess: Measured; served?: Record<string, { warm: Run; warmRuns: Run[] }> }> {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-cli-'));
  try {
    cpSync(library, copy, { recursive: true });
    // The first call may upgrade the copy and write its indexes: not what a user meets every day.
    const first = measure(bin, copy, ['search', ...QUERY, '--limit', '1', '--json']);
    const paperId = (JSON.parse(first.stdout) as { hits: { id: string }[] }).hits[0]?.id;
    if (!paperId) throw new Error('the query found nothing to ask related papers of');
    const inProcess: Measured = {};
    for (const [i, [name, args]] of Object.entries(commands(paperId)).entries()) {
      const seed = seeds[i];
      if (seed) execFileSync(process.execPath, [bin, '--data', copy, 'ingest', seed], { stdio: 'ignore' });
      const { stdout: _cold, ...cold } = measure(bin, copy, args);
      const warmRuns = warmRunsOf(bin, copy, args);
      inProcess[name] = { cold, warm: warmOf(warmRuns), warmRuns };
    }
    if (!served) return { inProcess };
    return { inProcess, served: await measureServed(bin, copy, paperId) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The commands' warm calls while `paperboy serve --port 0` runs on `copy`. */
async function measureServed(bin: string, copy: string, paperId: string): Promise<Record<string, { warm: Run; warmRuns: Run[] }>> {
  const server = spawn(process.execPath, [bin, '--data', copy, 'serve', '--port', '0'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => server.on('exit', resolve));
  try {
    for (let waited = 0; !existsSync(path.join(copy, 'server.json')); waited += 100) {
      if (waited > 120_000 || server.exitCode !== null) throw new Error('paperboy serve did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const out: Record<string, { warm: Run; warmRuns: Run[] }> = {};
    for (const [name, args] of Object.entries(commands(paperId))) {
      measure(bin, copy, args); // the server loads what the command needs
      const warmRuns = warmRunsOf(bin, copy, args);
      out[name] = { warm: warmOf(warmRuns), warmRuns };
    }
    return out;
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

export async function benchCli(): Promise<BenchResult> {
  if (!existsSync(TIME)) return { name: NAME, skipped: `${TIME} is missing (Debian package "time")` };
  const libraries = {
    embedded: process.env.PAPERBOY_BENCH_LIBRARY ?? path.resolve(sharedDir(), '..', 'lib75k'),
    lexical: process.env.PAPERBOY_BENCH_LEXICAL_LIBRARY ?? path.resolve(sharedDir(), '..', 'lib75k-lex'),
  };
  const present = Object.entries(libraries).filter(([, dir]) => existsSync(path.join(dir, 'library.sqlite')));
  if (present.length === 0) return { name: NAME, skipped: `no library at ${Object.values(libraries).join(' or ')}` };
  const seeds = seedFiles();
  const baseline = process.env.PAPERBOY_BENCH_BASELINE;
  const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
  const result: Record<string, unknown> = {};
  for (const [kind, dir] of present) {
    const after = await measureLibrary(BIN, dir, seeds, true);
    result[kind] = {
      library: dir,
      after: after.inProcess,
      ...(after.served ? { served: after.served } : {}),
      ...(baseline ? { before: (await measureLibrary(baseline, dir, seeds, false)).inProcess } : {}),
    };
  }
  return {
    name: NAME,
    note: `wall/CPU ms and peak RSS of the real command; cold = first call after \`ingest\` of one seed listing, warm = median of ${WARM_RUNS} calls after it; served = warm calls while \`paperboy serve\` runs on the library; load1 = 1-minute load average during the call (2 cores shared)`,
    ...(baseline ? { baseline } : {}),
    loadAverage: { before: loadBefore, after: os.loadavg().map((x) => +x.toFixed(2)) },
    ...result,
  };
}
