/**
 * How large a record may be. Real listings stay far below these limits; a record over one is
 * damaged or hostile (a 20 MB abstract froze every page that showed it), so ingest skips it with
 * a report, like any malformed record. Measured on the 120,405 real arXiv listings in
 * shared/datasets/arxiv-daily: the longest abstract has 3,488 characters, title 226, comment 431,
 * author name 512, 3,303 authors (a large collaboration), 8 categories of at most 153 characters,
 * and the longest JSON line 56,211 bytes.
 */
import type { PaperRecord } from '../core/paper.js';
import { MAX_TEXT_CHARS } from '../text/clip.js';

/** A line longer than this (in bytes) is no record: the reader drops it unread, with a report. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** Characters of each text field; list fields name the limit of each item. */
export const FIELD_LIMITS = {
  title: 2_000,
  abstract: MAX_TEXT_CHARS,
  author: 1_000,
  organization: 1_000,
  category: 200,
  arxivId: 100,
  doi: 300,
  url: 2_000,
  comment: 10_000,
  venue: 2_000,
  date: 100,
} as const;
const MAX_AUTHORS = 10_000;
const MAX_CATEGORIES = 100;

const TEXT_FIELDS = ['title', 'abstract', 'organization', 'arxivId', 'doi', 'url', 'comment', 'venue', 'date'] as const;

/** Why `record` is not kept (a field over its limit, a NUL byte), or undefined when it is fine. */
export function recordProblem(record: PaperRecord): string | undefined {
  for (const field of TEXT_FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    if (value.length > FIELD_LIMITS[field]) return tooLong(field, value.length, FIELD_LIMITS[field]);
    if (value.includes('\0')) return `${field} holds a NUL byte (a damaged record)`;
  }
  return listProblem('authors', record.authors, MAX_AUTHORS, 'an author', FIELD_LIMITS.author) ??
    listProblem('categories', record.categories, MAX_CATEGORIES, 'a category', FIELD_LIMITS.category);
}

function listProblem(field: string, values: readonly string[] | undefined, maxCount: number, item: string, maxLength: number): string | undefined {
  if (!values) return undefined;
  if (values.length > maxCount) return `${values.length.toLocaleString('en')} ${field}, over the limit of ${maxCount.toLocaleString('en')}`;
  for (const value of values) {
    if (value.length > maxLength) return tooLong(item, value.length, maxLength);
    if (value.includes('\0')) return `${item} holds a NUL byte (a damaged record)`;
  }
  return undefined;
}

const tooLong = (what: string, length: number, limit: number) =>
  `${what} of ${length.toLocaleString('en')} characters, over the limit of ${limit.toLocaleString('en')}`;
