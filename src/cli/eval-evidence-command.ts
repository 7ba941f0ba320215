import { Option, type Command } from 'commander';
import type { EvidenceMetrics } from '../eval/evidence-metrics.js';
import { EVIDENCE_MODES, runEvidenceEval, type EvidenceMode } from '../eval/evidence-eval.js';
import type { CliContext } from './main.js';
import { indexThenProgress } from './progress.js';
import { wholeNumberFlag } from './whole-number-flag.js';

interface Flags {
  corpus: string;
  claims: string;
  limit?: string;
  half?: 'even' | 'odd';
  sweep?: boolean;
  mode: EvidenceMode;
  json?: boolean;
}

/** The floors --sweep tries, around the default. */
const SWEEP = [0, 0.3, 0.4, 0.5, 0.6, 0.7];

export function registerEvalEvidence(program: Command, ctx: CliContext): void {
  program
    .command('eval-evidence')
    .description(
      "measure paperboy ask's evidence on SciFact claims: cited papers and sentences against the gold rationales, and abstention " +
        "on claims with no evidence, beside a baseline (the top lexical hit's best-overlapping sentence). The corpus goes into a temporary library",
    )
    .requiredOption('--corpus <file>', 'corpus.jsonl: one {"_id", "title", "text", "sentences"} per line')
    .requiredOption('--claims <file>', 'claims.jsonl: one {"id", "claim", "evidence"} per line')
    .option('--limit <n>', 'only the first n claims')
    .addOption(new Option('--half <half>', 'only claims with an even or an odd id (a fixed tuning / held-out split)').choices(['even', 'odd']))
    .option('--sweep', 'also run ask at several relevance floors (the abstention trade-off)')
    .addOption(
      new Option('--mode <mode>', "how ask retrieves: lexical, or hybrid: also embed the library with the built-in model (as 'paperboy embed') and ask again on hybrid retrieval; the baseline stays lexical")
        .choices(EVIDENCE_MODES)
        .default('lexical'),
    )
    .option('--json', 'print the full report as JSON')
    .action(async (flags: Flags) => {
      const limit = flags.limit === undefined ? undefined : wholeNumberFlag(flags.limit, '--limit', { min: 1 });
      // Mode hybrid asks every claim twice: on lexical retrieval, then on hybrid.
      const progress = indexThenProgress('asking', 'claims', limit === undefined ? undefined : flags.mode === 'hybrid' ? 2 * limit : limit, ctx.err);
      const r = await runEvidenceEval(
        { corpus: flags.corpus, claims: flags.claims },
        {
          today: ctx.config().today,
          ...(limit !== undefined ? { limit } : {}),
          ...(flags.half ? { half: flags.half } : {}),
          ...(flags.sweep ? { floors: SWEEP } : {}),
          mode: flags.mode,
          onProgress: progress.onProgress,
          onClaim: progress.onItem,
        },
      ).finally(progress.finish);
      if (flags.json) {
        ctx.out.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const e = r.extractive;
      const h = r.hybrid;
      const columns = [{ label: 'ask lexical', m: e as EvidenceMetrics }, ...(h ? [{ label: 'ask hybrid', m: h as EvidenceMetrics }] : []), { label: 'baseline', m: r.baseline }];
      const lines = [
        `corpus:   ${r.library.docs} documents → ${r.library.papers} papers`,
        `claims:   ${r.claims} (${e.claimsWithEvidence} with evidence, ${e.claimsWithoutEvidence} without)`,
        '',
        `${''.padEnd(28)}${columns.map((c) => c.label.padStart(13)).join('')}`,
        ...rows(columns.map((c) => c.m)),
        '',
        `ask: relevance floor ${e.floor}; lexical ${e.meanRounds.toFixed(2)} rounds and ${e.msPerClaim.toFixed(0)} ms per claim` +
          (h ? `; hybrid ${h.meanRounds.toFixed(2)} rounds and ${h.msPerClaim.toFixed(0)} ms per claim` : ''),
        h
          ? `hybrid: ${h.embedding.vectors} papers embedded with ${h.embedding.model} in ${h.embedding.seconds.toFixed(1)} s (trained on the corpus), ${h.embedding.textsPerClaim.toFixed(0)} texts embedded per claim`
          : 'retrieval: lexical (--mode hybrid embeds the library and asks again)',
        'baseline: the top lexical hit, in every mode',
      ];
      const sweeps = [{ label: 'lexical', points: r.sweep }, ...(h ? [{ label: 'hybrid', points: h.sweep }] : [])];
      for (const { label, points } of sweeps) {
        if (!points.length) continue;
        lines.push('', `${label.padEnd(8)}floor  abstract P/R   sentence P/R/F1     abstain: no evidence / with evidence`);
        for (const s of points) {
          lines.push(`${''.padEnd(8)}${s.floor.toFixed(2).padEnd(7)}${f(s.abstract.precision)}/${f(s.abstract.recall)}    ${f(s.sentence.precision)}/${f(s.sentence.recall)}/${f(s.sentence.f1)}    ${f(s.abstainNoEvidence)} / ${f(s.abstainWithEvidence)}`);
        }
      }
      ctx.out.write(`${lines.join('\n')}\n`);
    });
}

const f = (x: number) => x.toFixed(3);

function rows(ms: EvidenceMetrics[]): string[] {
  const row = (label: string, get: (m: EvidenceMetrics) => number) => `${label.padEnd(28)}${ms.map((m) => f(get(m)).padStart(13)).join('')}`;
  return [
    row('abstract precision', (m) => m.abstract.precision),
    row('abstract recall', (m) => m.abstract.recall),
    row('abstract F1', (m) => m.abstract.f1),
    row('sentence precision', (m) => m.sentence.precision),
    row('sentence recall', (m) => m.sentence.recall),
    row('sentence F1', (m) => m.sentence.f1),
    row('abstain, no evidence (↑)', (m) => m.abstainNoEvidence),
    row('abstain, with evidence (↓)', (m) => m.abstainWithEvidence),
    row('stance accuracy', (m) => m.stance.accuracy),
  ];
}
