/**
 * `npm run bench fuzz-parsers`: the long run of the parser fuzz test (src/sources/parser-fuzz.test.ts).
 * FUZZ_INPUTS mutated fixtures (default 100,000; FUZZ_SEED picks the sequence) through read,
 * detect, parse, prepare and the display steps, one in ten with multi-MiB mutations (lines over
 * the record limit, runs of 200,000 characters), one in 2,000 through the CLI's ingest command.
 * Records inputs/s, the slowest input, peak RSS and every failure: an exception other than a
 * PaperboyError, an input over its time bound (10 s and 2 s a MB: linear, generous for a loaded
 * machine; the XML library alone parses about 1 MB/s), or a CLI run exiting 1 or printing a
 * stack. Failing inputs are saved to bench/tmp/fuzz-failures/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliIngest, fuzzInputs, runInput, type FuzzInput } from '../src/sources/test-support/parser-fuzz.js';
import { peakRssMb, type BenchResult } from './bench-support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** An input's time bound: linear in its size. */
const slowMs = (bytes: number) => 10_000 + (2_000 * bytes) / 1e6;
const HUGE_EVERY = 10;
const CLI_EVERY = 2_000;

export async function benchFuzzParsers(): Promise<BenchResult> {
  const total = Number(process.env.FUZZ_INPUTS ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261122);
  const failuresDir = path.join(here, 'tmp', 'fuzz-failures');
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-fuzz-bench-'));
  const normal = fuzzInputs(seed, false);
  const huge = fuzzInputs(seed + 1, true);
  const failures: { input: string; bytes: number; problem: string; saved: string }[] = [];
  const refused: Record<string, number> = {};
  let slowest = { ms: 0, input: '', bytes: 0 };
  let records = 0;
  let skipped = 0;
  let bytes = 0;
  let cliRuns = 0;
  const loadBefore = os.loadavg();
  const started = performance.now();
  // KaTeX warns on the console about characters it has no metrics for: mutated text is full of them.
  const warn = console.warn;
  console.warn = () => {};

  const fail = (n: number, input: FuzzInput, problem: string) => {
    mkdirSync(failuresDir, { recursive: true });
    const saved = path.join(failuresDir, `${seed}-${n}-${input.name}`);
    writeFileSync(saved, input.bytes);
    failures.push({ input: input.description, bytes: input.bytes.length, problem: problem.slice(0, 500), saved: path.relative(path.join(here, '..'), saved) });
  };

  try {
    for (let n = 0; n < total; n++) {
      const input = (n % HUGE_EVERY === HUGE_EVERY - 1 ? huge : normal).next().value as FuzzInput;
      bytes += input.bytes.length;
      const t0 = performance.now();
      const outcome = await runInput(input);
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms: Math.round(ms), input: input.description, bytes: input.bytes.length };
      records += outcome.records;
      skipped += outcome.skipped;
      if (outcome.refused) refused[outcome.refused] = (refused[outcome.refused] ?? 0) + 1;
      if (outcome.crash) fail(n, input, `${outcome.crash.name}: ${outcome.crash.message}`);
      else if (ms > slowMs(input.bytes.length)) fail(n, input, `took ${Math.round(ms)} ms`);
      if (n % CLI_EVERY === CLI_EVERY - 1) {
        const file = path.join(work, `${n}-${input.name}`);
        writeFileSync(file, input.bytes);
        const run = await cliIngest(path.join(work, 'lib'), [file]);
        cliRuns++;
        if (run.code === 1 || /\n\s+at /.test(run.stderr)) fail(n, input, `CLI exit ${run.code}: ${run.stderr}`);
        rmSync(file);
      }
      if (n % 10_000 === 9_999) process.stderr.write(`  ${n + 1} inputs, ${failures.length} failures, ${Math.round(((n + 1) * 1000) / (performance.now() - started))}/s\n`);
    }
  } finally {
    console.warn = warn;
    rmSync(work, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name: 'fuzz-parsers',
    command: `FUZZ_INPUTS=${total} FUZZ_SEED=${seed} npm run bench fuzz-parsers`,
    inputs: total,
    inputBytes: bytes,
    seconds: Math.round(seconds),
    inputsPerSecond: Math.round(total / seconds),
    records,
    skippedRecords: skipped,
    refusedFiles: refused,
    cliRuns,
    failures: failures.length,
    failureList: failures.slice(0, 50),
    slowestInput: slowest,
    peakRssMb: peakRssMb(),
    loadAverage: { before: loadBefore.map((l) => +l.toFixed(2)), after: os.loadavg().map((l) => +l.toFixed(2)) },
  };
}
