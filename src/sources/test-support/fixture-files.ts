/** Fixture and seed access for the tests of the text-listing parsers. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ParseContext, ParseItem, SourceParser } from '../source-parser.js';
import type { PaperRecord } from '../../core/paper.js';

/** The fixture of each of the four formats, for detect() cross-checks. */
export const FIXTURES = {
  'abstract-dump': 'dump-sample.txt',
  'abstract-list': 'list-sample.txt',
  'hf-daily-page': 'hf-daily-sample.txt',
  bibtex: 'sample.bib',
} as const;

export const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** The shared seed listings (../shared/seeds from the repository root); absent outside the team. */
export const SEEDS_DIR = new URL('../../../../shared/seeds/', import.meta.url);
export const SEEDS_MISSING = !existsSync(SEEDS_DIR);
/** Suffix for seed describe() titles, so a skipped run says why. */
export const SEEDS_NOTE = SEEDS_MISSING ? `(skipped: no seed listings at ${SEEDS_DIR.pathname})` : '';

/** The seed whose file name starts with `prefix` ("001"). */
export function seed(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(`${prefix}_`));
  if (!name) throw new Error(`no seed ${prefix}_* in ${SEEDS_DIR.pathname}`);
  return readFileSync(new URL(name, SEEDS_DIR), 'utf8');
}

export const context = (today = '2025-11-20', firstLine = 1): ParseContext => ({ file: 'test', today, firstLine });

export function parseAll(parser: SourceParser, text: string, ctx = context()) {
  const items: ParseItem[] = [...parser.parse(text, ctx)];
  const records: (PaperRecord & { line: number })[] = items.flatMap((i) => (i.ok ? [{ ...i.record, line: i.line }] : []));
  const skipped = items.flatMap((i) => (i.ok ? [] : [{ line: i.line, reason: i.reason }]));
  return { records, skipped };
}
