import type { Command } from 'commander';
import { relatedMethodLabel, relatedPapers } from '../search/related.js';
import type { CliContext } from './main.js';
import { authorLine, paperJson } from '../core/paper-format.js';
import { withLibrary } from './one-shot-library.js';
import { wholeNumberFlag } from './whole-number-flag.js';

export function registerRelated(program: Command, ctx: CliContext): void {
  program
    .command('related')
    .description('papers most related to one paper (by meaning once the library is embedded, else by shared words)')
    .argument('<id>', 'paper id, arXiv id or DOI')
    .option('-n, --limit <n>', 'number of papers', '10')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { limit: string; json?: boolean }) => {
      const limit = wholeNumberFlag(flags.limit, '--limit', { min: 1, max: 1000, code: 'BAD_QUERY' });
      await withLibrary(ctx, async (library) => {
        const r = await relatedPapers(library.store, await library.lexical(), await library.semantic(), id, limit);
        if (flags.json) {
          ctx.out.write(`${JSON.stringify({ id: r.paper.id, method: r.method, related: r.related.map((x) => ({ ...paperJson(x.paper), score: x.score })) }, null, 2)}\n`);
          return;
        }
        ctx.out.write(`Related to: ${r.paper.title} (${r.paper.id}), ${relatedMethodLabel(r.method)}\n\n`);
        r.related.forEach((x, i) =>
          ctx.out.write(`${String(i + 1).padStart(2)}. ${x.paper.title}\n    ${[x.paper.id, x.paper.date, authorLine(x.paper)].filter(Boolean).join(' · ')}  (${x.score.toFixed(3)})\n`),
        );
      });
    });
}
