/**
 * Benchmark (not a test): `paperboy eval-ask` on the real arXiv listings (eval/ask-eval.ts), the
 * question set bench/ask-questions.jsonl asked in lexical and in hybrid mode, figures per half
 * (tune: what the thresholds were set on; test: held out) with ask's in-process latency (the
 * server's share of a request). Building and embedding 75,000 listings takes many minutes: set
 * PAPERBOY_ASK_LIBRARY_LEXICAL / PAPERBOY_ASK_LIBRARY_HYBRID to existing libraries of those
 * listings (read only; the hybrid one embedded) to reuse them. Skips when ../shared is absent.
 * Run alone: npx tsx bench/ask-real.ts
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { askEvalMetrics, runAskEval, type AskEvalMode } from '../src/eval/ask-eval.js';
import { readAskQuestions } from '../src/eval/ask-questions.js';
import { sharedDir, type BenchResult } from './bench-support.js';

const NAME = 'ask-real';
const here = path.dirname(fileURLToPath(import.meta.url));

export async function benchAskReal(): Promise<BenchResult> {
  const dir = path.join(sharedDir(), 'datasets', 'arxiv-daily');
  if (!existsSync(dir)) return { name: NAME, skipped: `${dir} is absent` };
  const listings = readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort().map((f) => path.join(dir, f));
  const questions = await readAskQuestions(path.join(here, 'ask-questions.jsonl'));
  const today = new Date().toISOString().slice(0, 10);
  const modes: Record<string, unknown> = {};
  for (const mode of ['lexical', 'hybrid'] as AskEvalMode[]) {
    const library = process.env[`PAPERBOY_ASK_LIBRARY_${mode.toUpperCase()}`];
    const r = await runAskEval(library ? { library } : { listings }, questions, { today, mode });
    const half = (h: 'tune' | 'test') => askEvalMetrics(r.judgements.filter((j) => j.half === h));
    modes[mode] = {
      library: r.library,
      test: half('test'),
      tune: half('tune'),
      latency: r.latency,
      wrong: r.judgements.filter((j) => !j.correct).map((j) => `${j.half} ${j.id} ${j.kind}${j.abstained ? ' abstained' : ` cited ${j.cited.join(', ') || 'nothing'}`}`),
      loadAverage: os.loadavg(),
    };
  }
  return { name: NAME, command: 'paperboy eval-ask --listings arxiv-daily/*.jsonl.gz --questions bench/ask-questions.jsonl --mode lexical|hybrid --json', questions: questions.length, ...modes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchAskReal(), null, 2)}\n`);
}
