/**
 * The parser fuzz test: mutated fixtures of every format (fixed seed) through the real read →
 * detect → parse → prepare path and the display steps, and through the CLI's ingest command in
 * this process. No exception other than a PaperboyError escapes, the work per input is bounded,
 * and a file with one damaged record keeps all the others. The long run is bench/fuzz-parsers.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareInThread } from '../ingest/record-stream.js';
import { MAX_TEXT_CHARS } from '../text/clip.js';
import { detectFormat } from './detect.js';
import { FIELD_LIMITS } from './record-limits.js';
import { cliIngest, fuzzInputs, runInput, seedFiles, type FuzzInput } from './test-support/parser-fuzz.js';

const SEED = 20261122;
const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function take(n: number, huge: boolean, seed = SEED): FuzzInput[] {
  const out: FuzzInput[] = [];
  for (const input of fuzzInputs(seed, huge)) {
    if (out.length === n) break;
    out.push(input);
  }
  return out;
}

describe('parser fuzz', () => {
  // Generous bounds that only super-linear work could reach: inputs here are at most a few MiB
  // and take milliseconds; the wall clock is recorded, but work is what is asserted.
  it('lets no exception but a clear PaperboyError escape, with bounded work, on 1,500 mutated inputs', async () => {
    const failures: string[] = [];
    let slowest = { ms: 0, input: '' };
    for (const input of [...take(1_470, false), ...take(30, true, SEED + 1)]) {
      const started = performance.now();
      const outcome = await runInput(input);
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, input: input.description };
      if (outcome.crash) failures.push(`${input.description}: ${outcome.crash.message}`);
      // Display work is bounded by the clip, whatever the record held.
      if (outcome.shown > (outcome.records + 1) * 10 * MAX_TEXT_CHARS) failures.push(`${input.description}: rendered ${outcome.shown} characters`);
    }
    expect(failures).toEqual([]);
    expect(slowest.ms, `slowest: ${slowest.input}`).toBeLessThan(30_000);
    expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
  });

  it('keeps every other record of a file with one damaged record, whatever the damage', async () => {
    const damages: Record<string, (line: string) => string> = {
      nul: (l) => `${l.slice(0, l.length >> 1)}\0${l.slice(l.length >> 1)}`,
      garbage: (l) => `${l.slice(0, 3)}\uFFFD\u0007\u001b${l.slice(3)}`,
      cut: (l) => l.slice(0, l.length >> 1),
      quote: (l) => `"${l}`,
      brace: (l) => `${l}{`,
      oversized: (l) => `${l.slice(0, l.length >> 1)} ${'w'.repeat(FIELD_LIMITS.abstract)} ${l.slice(l.length >> 1)}`,
    };
    const lost: string[] = [];
    let checked = 0;
    for (const seed of seedFiles()) {
      const text = seed.bytes.toString('utf8');
      const format = detectFormat(text, seed.name).parser.format;
      const pristine = await records(seed.name, seed.bytes);
      if (pristine.length < 2) continue;
      const lines = text.split('\n');
      for (const [k, record] of pristine.entries()) {
        // On a line that starts several records (a one-line JSON document) the damage hits one
        // of them, which one is not known: any one may be lost, but only one. Cutting such a
        // line in half cuts the file, not one record.
        const shared = pristine.filter((r) => r.line === record.line).length > 1;
        for (const [name, damage] of Object.entries(damages)) {
          if (shared && name === 'cut') continue;
          const damaged = [...lines];
          damaged[record.line - 1] = damage(damaged[record.line - 1]!);
          const after = new Set((await records(seed.name, Buffer.from(damaged.join('\n')))).map((r) => r.key));
          checked++;
          const missing = pristine.filter((other, j) => !after.has(other.key) && (shared || j !== k));
          if (missing.length > (shared ? 1 : 0)) {
            lost.push(`${seed.name} (${format}), ${name} at line ${record.line}: lost the records of lines ${missing.map((m) => m.line).join(', ')}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(lost).toEqual([]);
  });

  it('runs the CLI ingest over mutated files: every file reported, exit code 0, 2 or 5, never a stack', async () => {
    // Each file is read in a worker thread, as the CLI does: a few seconds of start-up a batch.
    const inputs = take(16, false, SEED + 2);
    const files = inputs.map((input, i) => {
      const file = path.join(dir, `${i}-${input.name}`);
      writeFileSync(file, input.bytes);
      return file;
    });
    for (let i = 0; i < files.length; i += 8) {
      const batch = files.slice(i, i + 8);
      const run = await cliIngest(path.join(dir, 'lib'), batch);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect([0, 2, 5], run.stderr).toContain(run.code);
      expect((JSON.parse(run.stdout) as unknown[]).length).toBe(batch.length);
    }
  });
});

/** The valid records of an input, keyed by what identifies them in the file. */
async function records(name: string, bytes: Buffer): Promise<{ key: string; line: number }[]> {
  const out: { key: string; line: number }[] = [];
  try {
    for await (const e of prepareInThread(name, { bytes, today: '2026-11-22', batchSize: 1000, thread: false })) {
      if (e.kind === 'batch') for (const r of e.records) out.push({ key: r.record.arxivId ?? r.record.title ?? r.record.abstract!.slice(0, 60), line: r.line });
    }
  } catch {
    // A file refused as a whole keeps nothing: the caller sees every record lost.
  }
  return out;
}
