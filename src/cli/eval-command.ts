import type { Command } from 'commander';
import { Option } from 'commander';
import { EVAL_MODES, runEval, type EvalMode } from '../eval/run-eval.js';
import type { CliContext } from './main.js';
import { indexThenProgress } from './progress.js';
import { wholeNumberFlag } from './whole-number-flag.js';

interface EvalFlags {
  corpus: string;
  queries: string;
  qrels: string;
  mode: EvalMode;
  json?: boolean;
  limitQueries?: string;
}

export function registerEval(program: Command, ctx: CliContext): void {
  program
    .command('eval')
    .description(
      'measure search quality on a BEIR-format benchmark (nDCG@10, Recall@100, MRR@10). ' +
        'The corpus is indexed in a temporary library, deleted afterwards; your library is not touched',
    )
    .requiredOption('--corpus <file>', 'corpus.jsonl: one {"_id", "title", "text"} per line')
    .requiredOption('--queries <file>', 'queries.jsonl: one {"_id", "text"} per line')
    .requiredOption('--qrels <file>', 'qrels TSV: a "query-id corpus-id score" header, then one judgement per line')
    .addOption(new Option('--mode <mode>', 'how to search').choices(EVAL_MODES).default('lexical'))
    .option('--limit-queries <n>', 'evaluate only the first n judged queries')
    .option('--json', 'print only {"ndcg@10", "recall@100", "mrr@10", "queries"} as JSON')
    .action(async (flags: EvalFlags) => {
      const limitQueries = flags.limitQueries === undefined ? undefined : wholeNumberFlag(flags.limitQueries, '--limit-queries', { min: 1 });
      const progress = indexThenProgress('searching', 'queries', undefined, ctx.err);
      const result = await runEval(
        { corpus: flags.corpus, queries: flags.queries, qrels: flags.qrels },
        {
          mode: flags.mode,
          today: ctx.config().today,
          ...(limitQueries !== undefined ? { limitQueries } : {}),
          onProgress: progress.onProgress,
          onQuery: progress.onItem,
        },
      ).finally(progress.finish);
      const m = result.metrics;
      if (flags.json) {
        ctx.out.write(`${JSON.stringify({ 'ndcg@10': m['ndcg@10'], 'recall@100': m['recall@100'], 'mrr@10': m['mrr@10'], queries: m.queries })}\n`);
        return;
      }
      const lib = result.library;
      const merged = Object.entries(lib.mergesByReason);
      const lines = [
        `mode:        ${flags.mode}`,
        `corpus:      ${lib.docs} documents → ${lib.papers} papers${merged.length ? ` (merged: ${merged.map(([k, v]) => `${v} by ${k}`).join(', ')})` : ''}${lib.skipped ? `, ${lib.skipped} skipped (no title or text)` : ''}`,
        `queries:     ${m.queries} judged${result.missingQueries ? ` (${result.missingQueries} judged in the qrels but absent from the queries file)` : ''}`,
        `nDCG@10:     ${m['ndcg@10'].toFixed(4)}`,
        `Recall@100:  ${m['recall@100'].toFixed(4)}`,
        `MRR@10:      ${m['mrr@10'].toFixed(4)}`,
      ];
      ctx.out.write(`${lines.join('\n')}\n`);
    });
}
