import { Option, type Command } from 'commander';
import { ASK_EVAL_MODES, runAskEval, type AskEvalMode, type AskEvalResult } from '../eval/ask-eval.js';
import { readAskQuestions } from '../eval/ask-questions.js';
import { PaperboyError } from '../core/errors.js';
import type { CliContext } from './main.js';
import { indexThenProgress } from './progress.js';

interface Flags {
  listings?: string[];
  library?: string;
  questions: string;
  mode: AskEvalMode;
  half?: 'tune' | 'test';
  json?: boolean;
}

export function registerEvalAsk(program: Command, ctx: CliContext): void {
  program
    .command('eval-ask')
    .description(
      "measure paperboy ask on a real library: listings go into a temporary library and every question of a question file is asked; " +
        'reports answerable questions answered with an expected paper, key phrases quoted, citation precision, unanswerable questions abstained, and claims with the right paper and stance',
    )
    .option('--listings <files...>', 'listing files to load into a temporary library (any format paperboy ingest reads)')
    .option('--library <dir>', 'ask an existing library instead, read only (it must be embedded for --mode hybrid)')
    .requiredOption('--questions <file>', 'JSON lines: {"id", "kind": "answerable"|"unanswerable"|"claim", "q", "papers", "keys", "stance"?, "half"?}')
    .addOption(new Option('--mode <mode>', 'lexical, or hybrid: embed the temporary library with the built-in model first (as paperboy embed)').choices(ASK_EVAL_MODES).default('lexical'))
    .addOption(new Option('--half <half>', 'only questions of this half (a fixed tuning / held-out split)').choices(['tune', 'test']))
    .option('--json', 'print the full report, with every question judged, as JSON')
    .action(async (flags: Flags) => {
      if (!flags.library === !flags.listings?.length) throw new PaperboyError('BAD_INPUT', 'give either --listings FILE… or --library DIR');
      const questions = await readAskQuestions(flags.questions);
      const asked = questions.filter((q) => !flags.half || q.half === flags.half).length;
      const progress = indexThenProgress('asking', 'questions', asked, ctx.err);
      const r = await runAskEval(flags.library ? { library: flags.library } : { listings: flags.listings! }, questions, {
        today: ctx.config().today,
        mode: flags.mode,
        ...(flags.half ? { half: flags.half } : {}),
        onProgress: progress.onProgress,
        onQuestion: progress.onItem,
      }).finally(progress.finish);
      ctx.out.write(flags.json ? `${JSON.stringify(r, null, 2)}\n` : `${summary(r)}\n`);
    });
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function summary(r: AskEvalResult): string {
  const { answerable: a, unanswerable: u, claims: c } = r.metrics;
  const wrong = r.judgements.filter((j) => !j.correct);
  return [
    `library:  ${r.library.papers} papers${r.library.dir ? ` (${r.library.dir})` : ''}, ${r.mode} retrieval; ${r.questions} questions`,
    `answerable (${a.n}):   answered with an expected paper ${pct(a.answeredWithExpected)}, key phrase quoted ${pct(a.keyPhrase)}, citation precision ${a.citationPrecision.toFixed(2)}, abstained ${pct(a.abstained)}`,
    `unanswerable (${u.n}): abstained ${pct(u.abstained)} (out of domain ${pct(u.outOfDomain.abstained)} of ${u.outOfDomain.n}, near domain ${pct(u.nearDomain.abstained)} of ${u.nearDomain.n})`,
    `claims (${c.n}):        right paper and stance ${pct(c.rightPaperAndStance)}, right paper ${pct(c.rightPaper)}, abstained ${pct(c.abstained)}`,
    `latency:  p50 ${r.latency.p50ms} ms, p95 ${r.latency.p95ms} ms per question (ask in this process)`,
    ...(wrong.length ? ['', 'not right:', ...wrong.map((j) => `  ${j.id} ${j.kind}${j.abstained ? ' abstained' : ` cited ${j.cited.join(', ') || 'nothing'}`}${j.stance ? ` (${j.stance})` : ''}: ${j.q}`)] : []),
  ].join('\n');
}
