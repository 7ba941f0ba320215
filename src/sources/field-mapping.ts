/**
 * Generic tabular/JSON rows to PaperRecords: one mapping for csv, json and jsonl, so every
 * generic format understands the same column names. Also the small text helpers the arXiv
 * parsers share.
 */
import type { PaperRecord } from '../core/paper.js';
import type { ParseItem } from './source-parser.js';
import { parseLooseDate } from '../core/dates.js';
import { normaliseDoi, parseArxivId, type ArxivRef } from '../core/identifiers.js';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

type Role =
  | 'title' | 'abstract' | 'authors' | 'date' | 'url' | 'doi' | 'arxiv'
  | 'categories' | 'upvotes' | 'comment' | 'venue';

/**
 * Accepted column names per field, best first (compared after `normaliseKey`). `keywords` is
 * deliberately absent: keywords are free phrases about the content, and mixing them into
 * categories would flood the category facet with one-off values. `tags` are kept: they are the
 * user's own classification, which is what categories are for.
 * `text` is the abstract in BEIR-style corpora (`_id`, `title`, `text`).
 */
const ALIASES: Record<Role, readonly string[]> = {
  title: ['title', 'paper_title'],
  abstract: ['abstract', 'summary', 'description', 'text'],
  authors: ['authors', 'author', 'creators', 'creator'],
  date: ['date', 'published', 'publication_date', 'pub_date', 'published_date', 'year'],
  url: ['url', 'link', 'abs'],
  doi: ['doi'],
  arxiv: ['arxiv_id', 'arxiv', 'eprint', 'arxivid'],
  categories: ['categories', 'category', 'subjects', 'tags'],
  upvotes: ['upvotes', 'votes'],
  comment: ['comment', 'comments'],
  venue: ['venue', 'journal', 'journal_ref', 'booktitle'],
};

const ROLE_OF = new Map<string, Role>(
  (Object.entries(ALIASES) as [Role, readonly string[]][]).flatMap(([role, names]) => names.map((n) => [n, role] as const)),
);

/** "Publication Date", "journal-ref" and "pub_date" all compare as lower snake case. */
const normaliseKey = (key: string): string => key.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * True when the keys name a title or an abstract column, the least a row needs to become a record:
 * detectors use it to tell paper tables from other data.
 */
export function hasPaperFields(keys: Iterable<string>): boolean {
  for (const key of keys) {
    const role = ROLE_OF.get(normaliseKey(key));
    if (role === 'title' || role === 'abstract') return true;
  }
  return false;
}

/** Trimmed text of a string or number; undefined for anything else or blank. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  return s === '' ? undefined : s;
}

/** Titles arrive hard-wrapped (arXiv wraps at ~80 columns): one line, single spaces. */
export function oneLine(value: unknown): string | undefined {
  const s = textOf(value);
  return s && /\s\s|[\n\r\t]/.test(s) ? s.replace(/\s+/g, ' ') : s;
}

export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The texts `pick` finds in `values`, skipping blanks (a loop: this runs per row of large dumps). */
export function texts(values: readonly unknown[], pick: (value: unknown) => string | undefined = textOf): string[] {
  const out: string[] = [];
  for (const value of values) {
    const s = pick(value);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** Records leave out empty lists rather than hold them. */
export const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

/** An arXiv id in a string that mentions arXiv (a URL, an `arXiv:` reference); other ids are not guessed at. */
export function arxivRefIn(value: string | undefined): ArxivRef | undefined {
  return value && /arxiv/i.test(value) ? parseArxivId(value) : undefined;
}

/** "Smith, John" to "John Smith"; other names unchanged. */
function lastFirst(name: string): string {
  const parts = name.split(',');
  return parts.length === 2 ? `${parts[1]!.trim()} ${parts[0]!.trim()}`.trim() : name.trim();
}

/**
 * Splits an author string. `;` separates authors (each maybe "Last, First"); so does ` and `,
 * where "Smith, J. and Doe, A." is BibTeX-like last-first but "A, B and C" is a list. Otherwise
 * commas separate authors: a lone "Smith, John" therefore reads as two authors (ambiguous; lists
 * are far more common than a single inverted name).
 */
export function splitAuthors(value: string): string[] {
  let names: string[];
  if (value.includes(';')) {
    names = value.split(';').map(lastFirst);
  } else if (/\sand\s/.test(value)) {
    const parts = value.split(/,?\s+and\s+/);
    names = parts.every((p) => p.split(',').length === 2)
      ? parts.map(lastFirst)
      : parts.flatMap((p) => p.split(','));
  } else {
    names = value.split(',');
  }
  return names.map((n) => n.trim()).filter(Boolean);
}

function authorName(value: unknown): string | undefined {
  if (typeof value === 'string') return textOf(value);
  if (!value || typeof value !== 'object') return undefined;
  const o = value as JsonObject;
  const name = textOf(o.name) ?? textOf(o.full_name);
  if (name) return name;
  const joined = [o.given ?? o.first, o.family ?? o.last].map(textOf).filter(Boolean).join(' ');
  return joined || undefined;
}

function authorsOf(value: unknown): string[] {
  if (typeof value === 'string') return splitAuthors(value);
  return texts(Array.isArray(value) ? value : [value], authorName);
}

/** arXiv writes "cs.CL cs.AI"; spreadsheets write "NLP; Vision" or "NLP, Vision". */
function categoriesOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return nonEmpty(unique(texts(value)));
  const s = textOf(value) ?? '';
  return nonEmpty(unique(texts(s.split(/[;,]/.test(s) ? /[;,]/ : /\s+/))));
}

function countOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(textOf(value) ?? NaN);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The record without its undefined fields, so records compare and serialise by what they hold. */
export function defined(record: PaperRecord): PaperRecord {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key as keyof PaperRecord];
    if (value !== undefined) out[key] = value;
  }
  return out as PaperRecord;
}

/**
 * Maps one row (CSV row as header→cell, or a JSON object) to a record, or returns the reason it
 * is not one. Column names match case-insensitively; per field the first listed alias present wins.
 */
export function mapFields(row: JsonObject): PaperRecord | string {
  const values = new Map<string, unknown>();
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && value !== undefined && value !== '') values.set(normaliseKey(key), value);
  }
  const candidates = (role: Role): unknown[] => ALIASES[role].flatMap((alias) => (values.has(alias) ? [values.get(alias)] : []));
  const first = (role: Role): unknown => candidates(role)[0];

  const title = oneLine(first('title'));
  const abstract = textOf(first('abstract'));
  if (!title && !abstract) return 'no title or abstract';

  const url = textOf(first('url'));
  const arxiv = parseArxivId(textOf(first('arxiv'))) ?? arxivRefIn(url);
  return defined({
    title,
    abstract,
    authors: nonEmpty(authorsOf(first('authors'))),
    date: candidates('date').map((v) => parseLooseDate(textOf(v))).find(Boolean),
    categories: categoriesOf(first('categories')),
    arxivId: arxiv?.id,
    arxivVersion: arxiv?.version,
    doi: normaliseDoi(textOf(first('doi'))),
    url,
    upvotes: countOf(first('upvotes')),
    comment: textOf(first('comment')),
    venue: textOf(first('venue')),
  });
}

/** A mapping result as a parse item: the record, or the reason it was skipped. */
export function toItem(mapped: PaperRecord | string, line: number): ParseItem {
  return typeof mapped === 'string' ? { ok: false, line, reason: mapped } : { ok: true, record: mapped, line };
}
