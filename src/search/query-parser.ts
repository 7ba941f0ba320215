/**
 * The search-box language. parseQuery never throws: whatever it cannot use becomes a warning.
 *
 *   graph neural            words: papers with more of them rank higher
 *   "graph neural network"  phrase: its words are required, adjacency is checked by the search layer
 *   +word  -word  -"a phrase"  NOT word  NOT "a phrase"   required / excluded
 *   transform*              prefix
 *   author:doe  author:"Jane Doe"  au:doe    each must match one of the paper's authors
 *   cat:cs.CL  category:cs  cat:hep-th      the paper must carry one of them
 *   year:2024  year:2020..2023  year:2020-2023  year:2020..  year:..2019
 *   after:2024-01-01  before:2025-06        inclusive; a year or month stands for its first
 *   (since: and until: too)                 (after) or last (before) day
 *   id:2503.11731  id:arXiv:2503.11731v2  id:10.1145/3366423.3380130   arXiv id, DOI or paper id
 *
 * OR, AND, parentheses: ignored, since ranking already puts papers with more of the words first
 * (AND gets a hint about +word). NEAR: ignored with a warning. Words without a letter or digit
 * (emoji, punctuation) are dropped. At most MAX_QUERY_ITEMS distinct words and filter values
 * are used.
 */
import { parseArxivId, normaliseDoi } from '../core/identifiers.js';
import { isoDate } from '../core/dates.js';
import type { LexicalQuery } from '../lexical/lexical-index.js';
import { tokenize } from '../text/analyze.js';

export interface QueryFilters {
  /** Each must match one author of the paper. */
  authors: string[];
  /** The paper must carry one of these (an archive like "cs" covers its subject classes). */
  categories: string[];
  /** The paper must be one of these: arXiv ids without version, lower-cased DOIs, or paper ids. */
  ids: string[];
  /** Inclusive ISO dates. */
  from?: string;
  to?: string;
}

export interface ParsedQuery {
  lexical: LexicalQuery;
  /** Quoted phrases of two or more words, as raw words (also in `lexical.must`). */
  phrases: string[][];
  filters: QueryFilters;
  /** What was ignored or corrected, for the user. */
  warnings: string[];
  /** Nothing to search by: no words, phrases, prefixes or filters (blank input, say). */
  empty: boolean;
}

export const MAX_QUERY_ITEMS = 64;

type Field = 'author' | 'category' | 'year' | 'after' | 'before' | 'id';
const EXAMPLES: Record<Field, string> = {
  author: 'author:doe or author:"Jane Doe"',
  category: 'cat:cs.CL or cat:hep-th',
  year: 'year:2024 or year:2020..2023',
  after: 'after:2024-03-15, after:2024-03 or after:2024',
  before: 'before:2024-03-15, before:2024-03 or before:2024',
  id: 'id:2503.11731 or id:10.1145/3366423.3380130',
};
const FIELDS: ReadonlyMap<string, Field> = new Map([
  ['author', 'author'], ['au', 'author'],
  ['cat', 'category'], ['category', 'category'],
  ['year', 'year'],
  ['after', 'after'], ['since', 'after'],
  ['before', 'before'], ['until', 'before'],
  ['id', 'id'],
]);

/** A piece of the input: a word, a quoted text, or a field with its value. */
interface Chunk {
  sign: '' | '+' | '-';
  text: string;
  quoted: boolean;
  field?: { name: string; kind: Field };
}

const isQuote = (c: string) => c === '"' || c === '\u201c' || c === '\u201d' || c === '\u201e';
const isBreak = (c: string) => /\s/.test(c) || c === '(' || c === ')';
const hasWord = (text: string) => tokenize(text).length > 0;

function chunks(input: string, warn: (message: string) => void): Chunk[] {
  const out: Chunk[] = [];
  const n = input.length;
  let i = 0;
  const readQuoted = (): string => {
    const start = ++i;
    while (i < n && !isQuote(input[i]!)) i++;
    const text = input.slice(start, i);
    if (i < n) i++;
    else warn('a quote was not closed, so the phrase runs to the end of the query');
    return text;
  };
  while (i < n) {
    if (isBreak(input[i]!)) {
      i++;
      continue;
    }
    let sign: Chunk['sign'] = '';
    const c = input[i]!;
    // A sign starts a chunk, not a word glued to ")": "(H2A)-histone" excludes nothing. Before a
    // digit it is a number's sign ("-2", "+1 nucleosomes"), as in natural-language questions.
    const atStart = i === 0 || /\s|\(/.test(input[i - 1]!);
    if ((c === '+' || c === '-') && atStart && i + 1 < n && !isBreak(input[i + 1]!) && !/\d/.test(input[i + 1]!)) {
      sign = c;
      i++;
    }
    if (isQuote(input[i]!)) {
      out.push({ sign, text: readQuoted(), quoted: true });
      continue;
    }
    const start = i;
    while (i < n && !isBreak(input[i]!) && !isQuote(input[i]!)) i++;
    const bare = input.slice(start, i);
    const m = /^([a-z]+):(.*)$/is.exec(bare);
    const kind = m && FIELDS.get(m[1]!.toLowerCase());
    if (!m || !kind) {
      out.push({ sign, text: bare, quoted: false });
    } else if (m[2] === '' && i < n && isQuote(input[i]!)) {
      out.push({ sign, text: readQuoted(), quoted: true, field: { name: m[1]!, kind } });
    } else {
      out.push({ sign, text: m[2]!, quoted: false, field: { name: m[1]!, kind } });
    }
  }
  return out;
}

/** "cs.cl" -> "cs.CL": archives are lower case, two-letter subject classes upper case. */
function normaliseCategory(value: string): string | undefined {
  const m = /^([a-z]+(?:-[a-z]+)*)(?:\.([a-z]+(?:-[a-z]+)*))?$/i.exec(value);
  if (!m) return undefined;
  const subject = m[2] && (m[2].length <= 2 ? m[2].toUpperCase() : m[2].toLowerCase());
  return subject ? `${m[1]!.toLowerCase()}.${subject}` : m[1]!.toLowerCase();
}

/** A year, month or day as its first or last day: "2024" -> 2024-01-01 / 2024-12-31. */
function periodEdge(value: string, edge: 'first' | 'last'): string | undefined {
  const m = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[3]) return isoDate(year, Number(m[2]), Number(m[3]));
  const month = m[2] ? Number(m[2]) : edge === 'first' ? 1 : 12;
  if (month < 1 || month > 12) return undefined;
  const day = edge === 'first' ? 1 : new Date(Date.UTC(year, month, 0)).getUTCDate();
  return isoDate(year, month, day);
}

/** year:2024, year:2020..2023, year:2020-2023, year:2020.., year:..2019 as inclusive dates. */
function yearRange(value: string): { from?: string; to?: string } | undefined {
  const m = /^(\d{4})$|^(\d{4})?(?:\.\.|-)(\d{4})?$/.exec(value);
  let lo = m?.[1] ?? m?.[2];
  let hi = m?.[1] ?? m?.[3];
  if (!lo && !hi) return undefined;
  if (lo && hi && lo > hi) [lo, hi] = [hi, lo];
  const from = lo ? periodEdge(lo, 'first') : undefined;
  const to = hi ? periodEdge(hi, 'last') : undefined;
  return (lo && !from) || (hi && !to) ? undefined : { from, to };
}

function paperId(value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  return normaliseDoi(v) ?? parseArxivId(v)?.id ?? (/^[\w.:/-]+$/.test(v) ? v.toLowerCase() : undefined);
}

export function parseQuery(input: string): ParsedQuery {
  const warnings: string[] = [];
  const warn = (message: string) => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  const lexical: LexicalQuery = { should: [], must: [], mustNot: [], prefixes: [] };
  const phrases: string[][] = [];
  const filters: QueryFilters = { authors: [], categories: [], ids: [] };
  const text = typeof input === 'string' ? input : '';

  // The cap on distinct items keeps a pasted page from becoming thousands of lookups.
  const items = new Set<string>();
  const admit = (keys: string[]): boolean => {
    const fresh = new Set(keys.filter((k) => !items.has(k)));
    if (items.size + fresh.size > MAX_QUERY_ITEMS) {
      warn(`the query is too long: only its first ${MAX_QUERY_ITEMS} words and filters are used`);
      return false;
    }
    for (const k of fresh) items.add(k);
    return true;
  };
  const add = (list: string[], value: string, key: string) => {
    if (!items.has(key) && admit([key])) list.push(value);
  };

  const narrow = (range: { from?: string; to?: string }) => {
    if (range.from && (!filters.from || range.from > filters.from)) filters.from = range.from;
    if (range.to && (!filters.to || range.to < filters.to)) filters.to = range.to;
  };

  const applyField = (chunk: Chunk, field: NonNullable<Chunk['field']>, exclude: boolean) => {
    const value = chunk.text.trim();
    const written = `${field.name}:${chunk.quoted ? `"${chunk.text}"` : chunk.text}`;
    if (exclude) return warn(`excluding by ${field.name}: is not supported, so ${written} was ignored`);
    if (!value) return warn(`${field.name}: needs a value right after the colon, like ${EXAMPLES[field.kind]}`);
    const invalid = () => warn(`${written} was ignored: write it like ${EXAMPLES[field.kind]}`);
    switch (field.kind) {
      case 'author':
        return hasWord(value) ? add(filters.authors, value, `author:${value.toLowerCase()}`) : invalid();
      case 'category': {
        const category = normaliseCategory(value);
        return category ? add(filters.categories, category, `cat:${category}`) : invalid();
      }
      case 'id': {
        const id = paperId(value);
        return id ? add(filters.ids, id, `id:${id}`) : invalid();
      }
      case 'year': {
        const range = yearRange(value);
        if (!range) return invalid();
        if (admit([written.toLowerCase()])) narrow(range);
        return;
      }
      case 'after':
      case 'before': {
        const date = periodEdge(value, field.kind === 'after' ? 'first' : 'last');
        if (!date) return invalid();
        if (admit([written.toLowerCase()])) narrow(field.kind === 'after' ? { from: date } : { to: date });
        return;
      }
    }
  };

  const applyWord = (word: string, sign: Chunk['sign']) => {
    let end = word.length;
    while (end > 0 && word[end - 1] === '*') end--;
    if (end === word.length) {
      if (!hasWord(word)) return;
      const list = sign === '+' ? lexical.must : sign === '-' ? lexical.mustNot : lexical.should;
      return add(list, word, `${sign}${word.toLowerCase()}`);
    }
    const prefix = word.slice(0, end);
    if (!hasWord(prefix)) return warn('a * on its own was ignored: put it after the start of a word, like transform*');
    if (sign === '-') return warn(`excluding a prefix is not supported, so -${word} was ignored`);
    if (sign === '+') warn(`a prefix cannot be required, so +${word} only ranks papers`);
    add(lexical.prefixes, prefix, `${prefix.toLowerCase()}*`);
  };

  const applyQuoted = (quoted: string, sign: Chunk['sign']) => {
    const words = quoted.split(/\s+/).filter(hasWord);
    if (words.length === 0) return;
    // Excluding a phrase excludes papers with all its words: adjacency is not checked there.
    if (sign === '-') return add(lexical.mustNot, words.join(' '), `-"${words.join(' ').toLowerCase()}"`);
    const keys = words.map((w) => `+${w.toLowerCase()}`);
    if (words.length === 1) return add(lexical.must, words[0]!, keys[0]!);
    const fresh = words.filter((_, i) => !items.has(keys[i]!) && keys.indexOf(keys[i]!) === i);
    if (!admit(keys)) return;
    phrases.push(words);
    lexical.must.push(...fresh);
  };

  let negateNext = false;
  for (const chunk of chunks(text, warn)) {
    const exclude = negateNext || chunk.sign === '-';
    negateNext = false;
    const sign: Chunk['sign'] = exclude ? '-' : chunk.sign;
    if (chunk.field) {
      applyField(chunk, chunk.field, exclude);
    } else if (chunk.quoted) {
      applyQuoted(chunk.text, sign);
    } else if (chunk.sign === '' && chunk.text === 'NOT') {
      negateNext = true;
    } else if (chunk.sign === '' && (chunk.text === 'OR' || chunk.text === 'AND')) {
      if (chunk.text === 'AND') warn('AND is not needed: papers with more of the words rank first; write +word to require a word');
    } else if (chunk.sign === '' && /^NEAR(\/\d+)?$/.test(chunk.text)) {
      warn(`${chunk.text} is not supported: the words may appear anywhere in a paper`);
    } else {
      applyWord(chunk.text, sign);
    }
  }
  if (negateNext) warn('NOT at the end of the query was ignored: put the word to exclude after it');

  // A word both ranked and required is just required.
  lexical.should = lexical.should.filter((w) => !lexical.must.some((m) => m.toLowerCase() === w.toLowerCase()));
  if (filters.from && filters.to && filters.from > filters.to) {
    warn(`no date is both on or after ${filters.from} and on or before ${filters.to}, so nothing can match`);
  }

  const hasFilters = filters.authors.length + filters.categories.length + filters.ids.length > 0 || !!filters.from || !!filters.to;
  const positive = lexical.should.length + lexical.must.length + lexical.prefixes.length > 0;
  const empty = !positive && !hasFilters;
  if (empty && lexical.mustNot.length > 0) warn('the query only excludes words: add a word to search for');
  else if (empty && warnings.length === 0 && text.trim() !== '') warn('the query has no words to search for');
  return { lexical, phrases, filters, warnings, empty };
}

/** A query that ranks by every word of the text and nothing else. */
export function plainQuery(text: string): ParsedQuery {
  const should = tokenize(text);
  return {
    lexical: { should, must: [], mustNot: [], prefixes: [] },
    phrases: [],
    filters: { authors: [], categories: [], ids: [] },
    warnings: [],
    empty: should.length === 0,
  };
}
