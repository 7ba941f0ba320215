import { Option, type Command } from 'commander';
import { PaperboyError } from '../core/errors.js';
import { search, type SearchMode } from '../search/search.js';
import type { Snippet } from '../search/snippet.js';
import type { PaperFilters } from '../store/store.js';
import type { CliContext } from './main.js';
import { paperJson } from '../core/paper-format.js';
import { withLibrary } from './one-shot-library.js';
import { hitText } from './output.js';
import { wholeNumberFlag } from './whole-number-flag.js';

interface SearchFlags {
  limit: string;
  offset: string;
  author?: string[];
  category?: string[];
  from?: string;
  to?: string;
  mode?: SearchMode;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSearch(program: Command, ctx: CliContext): void {
  program
    .command('search')
    .description(
      'search titles and abstracts by words (BM25) and, once embedded, by meaning. Syntax: words, "a phrase", +required, -excluded, prefix*, ' +
        'author:name, cat:cs.CL, year:2024, year:2020..2023, after:YYYY-MM-DD, before:YYYY-MM-DD',
    )
    .argument('<query...>', 'the query')
    .option('-n, --limit <n>', 'number of results', '10')
    .option('--offset <n>', 'skip this many results', '0')
    .option('--author <name>', 'only papers by this author (repeatable)', collect)
    .option('--category <cat>', 'only papers in this category, e.g. cs.CL or cs (repeatable)', collect)
    .option('--from <date>', 'only papers dated on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'only papers dated on or before this day (YYYY-MM-DD)')
    .addOption(new Option('--mode <mode>', 'lexical, semantic or hybrid (default: hybrid once the library is embedded)').choices(['lexical', 'semantic', 'hybrid']))
    .option('--json', 'print JSON')
    .action(async (words: string[], flags: SearchFlags) => {
      const limit = wholeNumberFlag(flags.limit, '--limit', { min: 1, code: 'BAD_QUERY' });
      const offset = wholeNumberFlag(flags.offset, '--offset', { code: 'BAD_QUERY' });
      for (const [name, value] of [['--from', flags.from], ['--to', flags.to]] as const) {
        if (value !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) throw new PaperboyError('BAD_QUERY', `${name} takes a date like 2024-05-31, not ${value}`);
      }
      const filters: PaperFilters = {
        ...(flags.author ? { authors: flags.author } : {}),
        ...(flags.category ? { categories: flags.category } : {}),
        ...(flags.from ? { from: flags.from } : {}),
        ...(flags.to ? { to: flags.to.length === 10 ? flags.to : `${flags.to}-99` } : {}),
      };
      await withLibrary(ctx, async (library) => {
        const index = await library.lexical();
        const semantic = flags.mode === 'lexical' ? undefined : await library.semantic();
        const result = await search(library.store, index, words.join(' '), {
          limit,
          offset,
          filters,
          ...(flags.mode ? { mode: flags.mode } : {}),
          ...(semantic ? { semantic } : {}),
        });
        if (flags.json) {
          const hits = result.hits.map((h) => ({ ...paperJson(h.paper), score: h.score, snippet: h.snippet.text }));
          ctx.out.write(`${JSON.stringify({ query: words.join(' '), mode: result.mode, hits, warnings: result.warnings }, null, 2)}\n`);
          return;
        }
        for (const w of result.warnings) ctx.err.write(`note: ${w}\n`);
        if (result.empty) {
          ctx.err.write('nothing to search for: type some words, e.g. paperboy search "dense retrieval"\n');
          return;
        }
        if (result.hits.length === 0) {
          ctx.err.write('no papers match. Try fewer or broader words, or remove filters.\n');
          return;
        }
        const bold = 'isTTY' in ctx.out && ctx.out.isTTY === true;
        result.hits.forEach((h, i) => ctx.out.write(hitText(offset + i + 1, h.paper, h.score, mark(h.snippet, bold))));
      });
    });
}

function mark(s: Snippet, bold: boolean): string {
  if (!bold) return s.text;
  let out = '';
  let at = 0;
  for (const [a, b] of s.highlights) {
    out += `${s.text.slice(at, a)}\x1b[1m${s.text.slice(a, b)}\x1b[22m`;
    at = b;
  }
  return out + s.text.slice(at);
}
