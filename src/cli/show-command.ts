import type { Command } from 'commander';
import { PaperboyError } from '../core/errors.js';
import { openLibraryStore } from '../library/open-library-store.js';
import type { CliContext } from './main.js';
import { paperJson } from '../core/paper-format.js';
import { paperText } from './output.js';

export function registerShow(program: Command, ctx: CliContext): void {
  program
    .command('show')
    .description('show one paper: by paperboy id, arXiv id (any version) or DOI')
    .argument('<id>', 'paper id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const store = openLibraryStore(ctx.config());
      try {
        const paper = await store.getPaper(id);
        if (!paper) throw new PaperboyError('NOT_FOUND', `no paper with id ${JSON.stringify(id)} in the library`);
        ctx.out.write(opts.json ? `${JSON.stringify(paperJson(paper), null, 2)}\n` : paperText(paper));
      } finally {
        await store.close();
      }
    });
}
