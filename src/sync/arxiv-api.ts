/**
 * The arXiv query API (export.arxiv.org/api/query) by category and/or query, newest submissions
 * first. A run pages down from the newest paper until it reaches papers at or before the cursor
 * (the newest submission time seen by the last complete run), the end of the results, or `max`.
 * The cursor also records where an unfinished run stopped (its offset and newest time), so the
 * next run resumes there: offsets only grow as new papers arrive, so resuming repeats a few papers
 * at worst and never skips one. The API sometimes answers an empty page in the middle of the
 * results; that page is asked again (arXiv asks for 3 s between calls; the client keeps to it).
 */
import { PaperboyError } from '../core/errors.js';
import type { SourceSpec, SyncContext, SyncPage, SyncSource } from './sync-source.js';
import { baseSuffix } from './sync-source.js';

const DEFAULT_BASE = 'http://export.arxiv.org/api/query';
const EMPTY_PAGE_RETRIES = 3;

type Spec = Extract<SourceSpec, { kind: 'arxiv' }>;

interface Cursor {
  /** Newest `published` time (ISO) of the last complete run. */
  since?: string;
  /** An unfinished run: the next offset and the newest time it saw. */
  resume?: { start: number; newest: string };
}

/** `cat:cs.CL` terms OR-ed, AND the query (free words go to `all:`; field queries pass as written). */
export function searchQuery(spec: Spec): string {
  const cats = spec.categories.map((c) => `cat:${c}`);
  const parts: string[] = [];
  if (cats.length) parts.push(cats.length > 1 ? `(${cats.join(' OR ')})` : cats[0]!);
  const q = spec.query;
  if (q) parts.push(/\b(?:ti|au|abs|co|jr|cat|rn|id|all):/.test(q) ? q : /\s/.test(q) ? `all:"${q}"` : `all:${q}`);
  if (parts.length === 0) throw new PaperboyError('BAD_INPUT', 'an arXiv source needs --category or --query');
  return parts.join(' AND ');
}

const published = (xml: string): string[] => [...xml.matchAll(/<published>\s*([^<\s]+)\s*<\/published>/g)].map((m) => m[1]!);
const totalResults = (xml: string): number => Number(/<(?:\w+:)?totalResults[^>]*>\s*(\d+)/.exec(xml)?.[1] ?? 0);

export function arxivApiSource(spec: Spec): SyncSource {
  const base = spec.baseUrl ?? DEFAULT_BASE;
  const query = searchQuery(spec);
  const pageSize = spec.pageSize ?? 100;
  const max = spec.max ?? 1000;
  const listing = new URL(base);
  listing.search = new URLSearchParams({ search_query: query, sortBy: 'submittedDate', sortOrder: 'descending' }).toString();
  return {
    key: `arxiv:${[spec.categories.length ? `cat=${spec.categories.join(',')}` : '', spec.query ? `q=${spec.query}` : ''].filter(Boolean).join(';')}${baseSuffix(spec.baseUrl)}`,
    spec,
    politeDelayMs: 3000,
    async *pages(saved: string | undefined, context: SyncContext): AsyncGenerator<SyncPage> {
      const cursor: Cursor = saved ? (JSON.parse(saved) as Cursor) : {};
      const since = cursor.since ?? (spec.since ? `${spec.since}T00:00:00Z` : undefined);
      let start = cursor.resume?.start ?? 0;
      let newest = cursor.resume?.newest;
      for (let fetched = 0; ; ) {
        const url = new URL(listing);
        url.searchParams.set('start', String(start));
        url.searchParams.set('max_results', String(pageSize));
        let xml = '';
        let bytes: Uint8Array = new Uint8Array();
        let times: string[] = [];
        let total = 0;
        for (let attempt = 0; ; attempt++) {
          bytes = (await context.http.get(url.toString(), { accept: 'application/atom+xml' })).bytes;
          xml = new TextDecoder().decode(bytes);
          const error = /<id>[^<]*arxiv\.org\/api\/errors[^<]*<\/id>[\s\S]*?<summary>([^<]*)<\/summary>/.exec(xml);
          if (error) throw new PaperboyError('SOURCE_FAILED', `arXiv API error for ${query}: ${error[1]!.trim()}`);
          times = published(xml);
          total = totalResults(xml);
          if (times.length > 0 || start >= total) break;
          if (attempt >= EMPTY_PAGE_RETRIES) {
            throw new PaperboyError('SOURCE_UNAVAILABLE', `arXiv returned empty pages at ${start} of ${total} results ${EMPTY_PAGE_RETRIES + 1} times; the next sync resumes there`);
          }
        }
        if (times.length === 0) {
          // The end of the results: the run is complete.
          if (newest) yield { name: listing.toString(), format: 'arxiv-atom', cursor: JSON.stringify({ since: maxOf(newest, since) }) };
          return;
        }
        const pageNewest = times.reduce((a, b) => (b > a ? b : a));
        newest = newest === undefined ? pageNewest : maxOf(newest, pageNewest);
        start += times.length;
        fetched += times.length;
        const complete = (since !== undefined && times.some((t) => t <= since)) || start >= total;
        // A first run stops at `max` for good (that is how far back it goes); a later one resumes.
        const finished = complete || (fetched >= max && since === undefined);
        const next: Cursor = finished ? { since: maxOf(newest, since) } : { ...(since ? { since } : {}), resume: { start, newest } };
        yield { name: listing.toString(), format: 'arxiv-atom', bytes, cursor: JSON.stringify(next) };
        if (finished || fetched >= max) return;
      }
    },
  };
}

const maxOf = (a: string, b: string | undefined): string => (b !== undefined && b > a ? b : a);
