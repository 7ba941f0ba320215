import type { Command } from 'commander';
import { PaperboyError } from '../core/errors.js';
import type { EvidenceMetrics } from '../eval/evidence-metrics.js';
import { runEvidenceEval } from '../eval/evidence-eval.js';
import type { CliContext } from './main.js';
import { indexThenProgress } from './progress.js';
import { wholeNumberFlag } from './whole-number-flag.js';

interface Flags {
  corpus: string;
  claims: string;
  limit?: string;
  half?: string;
  sweep?: boolean;
  json?: boolean;
}

/** The floors --sweep tries, around the default. */
const SWEEP = [0, 0.3, 0.4, 0.5, 0.6, 0.7];

export function registerEvalEvidence(program: Command, ctx: CliContext): void {
  program
    .command('eval-evidence')
    .description(
      "measure paperboy ask's evidence on SciFact claims: cited papers and sentences against the gold rationales, and abstention " +
        'on claims with no evidence, beside a baseline (the top lexical hit\'s best-overlapping sentence). The corpus goes into a temporary library',
    )
    .requiredOption('--corpus <file>', 'corpus.jsonl: one {"_id", "title", "text", "sentences"} per line')
    .requiredOption('--claims <file>', 'claims.jsonl: one {"id", "claim", "evidence"} per line')
    .option('--limit <n>', 'only the first n claims')
    .option('--half <even|odd>', 'only claims with an even or an odd id (a fixed tuning / held-out split)')
    .option('--sweep', 'also run ask at several relevance floors (the abstention trade-off)')
    .option('--json', 'print the full report as JSON')
    .action(async (flags: Flags) => {
      const limit = flags.limit === undefined ? undefined : wholeNumberFlag(flags.limit, '--limit', { min: 1 });
      if (flags.half !== undefined && flags.half !== 'even' && flags.half !== 'odd') throw new PaperboyError('BAD_INPUT', `--half must be even or odd, not '${flags.half}'`);
      const progress = indexThenProgress('asking', 'claims', limit, ctx.err);
      const r = await runEvidenceEval(
        { corpus: flags.corpus, claims: flags.claims },
        {
          today: ctx.config().today,
          ...(limit !== undefined ? { limit } : {}),
          ...(flags.half ? { half: flags.half } : {}),
          ...(flags.sweep ? { floors: SWEEP } : {}),
          onProgress: progress.onProgress,
          onClaim: progress.onItem,
        },
      ).finally(progress.finish);
      if (flags.json) {
        ctx.out.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const e = r.extractive;
      const lines = [
        `corpus:   ${r.library.docs} documents → ${r.library.papers} papers`,
        `claims:   ${r.claims} (${e.claimsWithEvidence} with evidence, ${e.claimsWithoutEvidence} without)`,
        '',
        `${''.padEnd(28)}${'extractive'.padStart(12)}${'baseline'.padStart(12)}`,
        ...rows(e, r.baseline),
        '',
        `extractive: relevance floor ${e.floor}, ${e.meanRounds.toFixed(2)} rounds and ${e.msPerClaim.toFixed(0)} ms per claim`,
      ];
      if (r.sweep.length) {
        lines.push('', 'floor  abstract P/R   sentence P/R/F1     abstain: no evidence / with evidence');
        for (const s of r.sweep) {
          lines.push(`${s.floor.toFixed(2).padEnd(7)}${f(s.abstract.precision)}/${f(s.abstract.recall)}    ${f(s.sentence.precision)}/${f(s.sentence.recall)}/${f(s.sentence.f1)}    ${f(s.abstainNoEvidence)} / ${f(s.abstainWithEvidence)}`);
        }
      }
      ctx.out.write(`${lines.join('\n')}\n`);
    });
}

const f = (x: number) => x.toFixed(3);

function rows(a: EvidenceMetrics, b: EvidenceMetrics): string[] {
  const row = (label: string, x: number, y: number) => `${label.padEnd(28)}${f(x).padStart(12)}${f(y).padStart(12)}`;
  return [
    row('abstract precision', a.abstract.precision, b.abstract.precision),
    row('abstract recall', a.abstract.recall, b.abstract.recall),
    row('abstract F1', a.abstract.f1, b.abstract.f1),
    row('sentence precision', a.sentence.precision, b.sentence.precision),
    row('sentence recall', a.sentence.recall, b.sentence.recall),
    row('sentence F1', a.sentence.f1, b.sentence.f1),
    row('abstain, no evidence (↑)', a.abstainNoEvidence, b.abstainNoEvidence),
    row('abstain, with evidence (↓)', a.abstainWithEvidence, b.abstainWithEvidence),
  ];
}
