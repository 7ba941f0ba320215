/**
 * The search input the JSON API (api.ts) and the search page (page.ts) both parse, with one
 * meaning: the same fields, the same partial dates (`to=2024-05` runs to the month's end), the
 * same limits. The API refuses what this refuses (400); the page drops it and says so.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { SearchOptions } from '../../../search/search.js';
import type { PaperFilters } from '../../../store/store.js';
import { listParam, queryObject } from '../../validate.js';

const partialDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected a date like 2024, 2024-05 or 2024-05-31');

export const SearchFilters = z.object({
  q: z.string().max(1000).default('').describe('words, "phrases", +required, -excluded, prefix*, author:, cat:, year:, after:, before:'),
  mode: z.enum(['lexical', 'semantic', 'hybrid']).optional().describe('default: hybrid once the library is embedded, else lexical'),
  author: listParam().describe('only papers by this author (repeatable)'),
  category: listParam().describe('only papers in this category, e.g. cs.CL or cs (repeatable)'),
  from: partialDate.optional().describe('from this day, month or year on'),
  to: partialDate.optional().describe('up to the end of this day, month or year'),
  sort: z.enum(['relevance', 'date']).default('relevance').describe('date: newest first among the best 1,000 matches by words (the 100 nearest in semantic mode)'),
});
export type SearchFilters = z.output<typeof SearchFilters>;

/** The query string for a schema built on SearchFilters: an empty field (a cleared form input) is no filter. */
export function searchInput(c: Context, schema: z.ZodObject): Record<string, string | string[]> {
  const raw = queryObject(c, schema);
  for (const [key, value] of Object.entries(raw)) {
    const kept = Array.isArray(value) ? value.filter((v) => v !== '') : value;
    if (kept === '' || kept.length === 0) delete raw[key];
    else raw[key] = kept;
  }
  return raw;
}

/** The store's filters for the parsed fields: a partial `to` reaches the end of its month or year. */
export function paperFilters(f: SearchFilters): PaperFilters {
  return {
    ...(f.author?.length ? { authors: f.author } : {}),
    ...(f.category?.length ? { categories: f.category } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to.length === 10 ? f.to : `${f.to}-99` } : {}),
  };
}

/**
 * A partial date as a form's date input can show it (it takes whole days only): `from=2024-05`
 * opens on 2024-05-01 and `to=2024-05` closes on 2024-05-31, so the filter in force stays visible.
 */
export function wholeDay(date: string, end: 'from' | 'to'): string {
  if (date.length === 10) return date;
  const [year, month] = date.split('-').map(Number) as [number, number | undefined];
  if (end === 'from') return month ? `${date}-01` : `${date}-01-01`;
  if (!month) return `${date}-12-31`;
  // Day 0 of the next month is this month's last day (UTC, so no time zone moves it).
  return `${date}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** search()'s options for the parsed fields, one page of `limit` from `offset`. */
export function searchOptions(f: SearchFilters, page: { limit: number; offset: number }, semantic: SearchOptions['semantic']): SearchOptions {
  return {
    limit: page.limit,
    offset: page.offset,
    filters: paperFilters(f),
    ...(f.mode ? { mode: f.mode } : {}),
    ...(semantic ? { semantic } : {}),
    sort: f.sort,
  };
}
