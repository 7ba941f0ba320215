/**
 * Merging a record into a paper, field by field, keeping the best value of each. "Best" is a
 * total order (trust of the format, then a field-specific preference, then the value itself), so
 * the merged paper does not depend on the order records arrive in.
 */
import type { FormatName, Paper, PaperRecord } from '../core/paper.js';
import type { PaperState } from './ingest-types.js';

/** How much each format's fields are trusted: curated metadata over scraped text. */
export const FORMAT_TRUST: Record<FormatName, number> = {
  'arxiv-atom': 6,
  'arxiv-jsonl': 6,
  'arxiv-oai': 6,
  'hf-daily-api': 5,
  bibtex: 5,
  'hf-daily-page': 4,
  csv: 3,
  json: 3,
  jsonl: 3,
  'abstract-dump': 2,
  'abstract-list': 1,
};

type ScalarField = 'abstract' | 'organization' | 'arxivId' | 'doi' | 'url' | 'comment' | 'venue';
const SCALARS: ScalarField[] = ['abstract', 'organization', 'arxivId', 'doi', 'url', 'comment', 'venue'];

/** Compare candidate (trust, value) against current; true when the candidate should replace it. */
function better(trust: number, value: string, curTrust: number | undefined, cur: string | undefined): boolean {
  if (cur === undefined || curTrust === undefined) return true;
  if (trust !== curTrust) return trust > curTrust;
  // Same trust: prefer the longer text (a fuller abstract), then the smaller string, for determinism.
  if (value.length !== cur.length) return value.length > cur.length;
  return value < cur;
}

/**
 * Merges `record` (from a source of `format`) into `state` (mutated and returned).
 * `realTitle` is the record's title when it has one; derived titles are handled by the caller.
 */
export function mergeRecord(state: PaperState, record: PaperRecord, format: FormatName): PaperState {
  const trust = FORMAT_TRUST[format];
  const p = state.paper as Omit<Paper, 'sources'> & Record<ScalarField, string | undefined>;
  const t = state.trust;

  // A real title beats a derived one whatever its trust.
  if (record.title && (p.titleDerived || better(trust, record.title, t.title, p.title))) {
    p.title = record.title;
    p.titleDerived = false;
    t.title = trust;
  }
  for (const field of SCALARS) {
    const value = record[field];
    if (value && better(trust, value, t[field], p[field])) {
      p[field] = value;
      t[field] = trust;
    }
  }
  // Authors: the fuller list wins (sources truncate), then trust.
  if (record.authors?.length) {
    const cur = p.authors.length;
    const n = record.authors.length;
    if (n > cur || (n === cur && trust > (t.authors ?? -1))) {
      p.authors = record.authors;
      t.authors = trust;
    }
  }
  if (record.authorCount !== undefined) p.authorCount = Math.max(p.authorCount ?? 0, record.authorCount);
  // The paper's date is the earliest any source gives: first publication or first listing.
  if (record.date && (!p.date || record.date < p.date)) p.date = record.date;
  if (record.upvotes !== undefined) p.upvotes = Math.max(p.upvotes ?? 0, record.upvotes);
  if (record.categories?.length) {
    // The most trusted source's order comes first (its first category is the primary one).
    const front = trust > (t.categories ?? -1);
    const merged = front ? [...record.categories, ...p.categories] : [...p.categories, ...record.categories];
    p.categories = [...new Set(merged)];
    if (front) t.categories = trust;
  }
  return state;
}

/** An empty state for a new paper with the given public id. */
export function emptyState(id: string): PaperState {
  return {
    paper: { id, title: '', titleDerived: true, abstract: '', authors: [], categories: [] },
    trust: {},
  };
}
