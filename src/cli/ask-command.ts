import { Option, type Command } from 'commander';
import { ask } from '../ask/ask.js';
import { answerJson } from '../ask/answer-json.js';
import type { Answer } from '../ask/ask-types.js';
import { numberCitations } from '../ask/compose-answer.js';
import { llmEngineFactory } from '../ask/llm-engine-factory.js';
import type { CliContext } from './main.js';
import { withLibrary } from './one-shot-library.js';
import { wholeNumberFlag } from './whole-number-flag.js';

interface AskFlags {
  paper?: string;
  mode?: 'lexical' | 'hybrid';
  json?: boolean;
  llmUrl?: string;
  llmModel?: string;
  llmGguf?: string;
  llmBudget?: string;
  llmJudge?: boolean;
}

export function registerAsk(program: Command, ctx: CliContext): void {
  program
    .command('ask')
    .description(
      'answer a question from the library, citing the sentences of the papers it comes from (every citation checked to be in its paper and to address what the question asks); ' +
        'abstains when the library holds no good evidence. A statement (a claim) gets the evidence for and against it',
    )
    .argument('<question...>', 'the question, or a claim to check')
    .option('--paper <id>', 'answer from this one paper (arXiv id, DOI or paperboy id)')
    .addOption(new Option('--mode <mode>', 'lexical, or hybrid (default once the library is embedded)').choices(['lexical', 'hybrid']))
    .option('--json', 'print {answer, statements, abstained, rounds, plan, engine, note, focus, checked, confidence, calibration} as JSON')
    .option('--llm-url <url>', 'write the answer with an LLM behind this OpenAI-compatible endpoint (default: $PAPERBOY_LLM_URL), e.g. http://localhost:11434/v1')
    .option('--llm-model <name>', 'the model at --llm-url (default: $PAPERBOY_LLM_MODEL)')
    .option('--llm-gguf <file>', 'write the answer with a local GGUF model (needs the optional package node-llama-cpp: paperboy install llama-cpp)')
    .option('--llm-budget <tokens>', 'tokens the LLM may spend on this question, every call counted (default: $PAPERBOY_LLM_BUDGET or 16000)')
    .option('--llm-judge', 'also ask the LLM whether each statement is supported by the sentences it cites, dropping those it is not (default: $PAPERBOY_LLM_JUDGE)')
    .action(async (words: string[], flags: AskFlags) => {
      const config = ctx.config();
      const engine = (
        await llmEngineFactory(config, { url: flags.llmUrl, model: flags.llmModel, gguf: flags.llmGguf, budget: flags.llmBudget === undefined ? undefined : wholeNumberFlag(flags.llmBudget, '--llm-budget', { min: 1 }), judge: flags.llmJudge })
      )?.();
      await withLibrary(ctx, async (library) => {
        const lexical = await library.lexical();
        const semantic = flags.mode === 'lexical' ? undefined : await library.semantic();
        const answer = await ask({ store: library.store, lexical, semantic }, words.join(' '), {
          today: config.today,
          ...(flags.paper ? { paperId: flags.paper } : {}),
          ...(engine ? { engine } : {}),
        });
        if (answer.abstained && engine?.budget.exhausted) {
          ctx.err.write(`paperboy: the LLM's token budget (${engine.budget.limit}) ran out before an answer; raise it with --llm-budget or PAPERBOY_LLM_BUDGET\n`);
        }
        ctx.out.write(flags.json ? `${JSON.stringify(answerJson(answer), null, 2)}\n` : await answerText(answer, (id) => library.store.getPaper(id)));
      });
    });
}

async function answerText(a: Answer, paperOf: (id: string) => Promise<{ title: string; date?: string } | undefined>): Promise<string> {
  if (a.abstained) return `No answer: ${a.note ?? 'the library holds no evidence for this.'}\n${a.checked}\n`;
  const lines = [a.answer, ''];
  for (const c of numberCitations(a.statements)) {
    const p = await paperOf(c.paperId);
    const where = [c.paperId, p?.date].filter(Boolean).join(', ');
    lines.push(`[${c.n}] ${p?.title ?? c.paperId} (${where}) sentence ${c.sentenceIndex + 1}: “${c.quote}”`);
  }
  lines.push('', a.checked);
  return `${lines.join('\n')}\n`;
}
