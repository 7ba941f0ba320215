/**
 * Benchmark (not a test): `paperboy ask`'s evidence on SciFact train claims (eval/evidence-eval.ts),
 * the extractive engine against the top-hit baseline in the same run, with the relevance-floor
 * sweep (the abstention trade-off): ask on lexical retrieval (`extractive`, `sweep`), then on the
 * same library embedded with the built-in model, on hybrid retrieval (`hybrid`). The baseline is
 * lexical in both. Skips with a message when ../shared is absent.
 * Run alone: npx tsx bench/ask-evidence.ts
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEvidenceEval } from '../src/eval/evidence-eval.js';
import { sharedDir, type BenchResult } from './bench-support.js';

const NAME = 'ask-evidence';
const FLOORS = [0, 0.3, 0.4, 0.5, 0.6, 0.7];

export async function benchAskEvidence(): Promise<BenchResult> {
  const dir = path.join(sharedDir(), 'datasets', 'scifact');
  const files = { corpus: path.join(dir, 'corpus.jsonl'), claims: path.join(dir, 'claims-train.jsonl') };
  if (!existsSync(files.corpus) || !existsSync(files.claims)) return { name: NAME, skipped: `${dir} has no corpus.jsonl and claims-train.jsonl` };
  const result = await runEvidenceEval(files, { today: new Date().toISOString().slice(0, 10), floors: FLOORS, mode: 'hybrid' });
  return { name: NAME, command: 'paperboy eval-evidence --corpus corpus.jsonl --claims claims-train.jsonl --sweep --mode hybrid', ...result, loadAverage: os.loadavg() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchAskEvidence(), null, 2)}\n`);
}
