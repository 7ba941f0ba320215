/**
 * Search: a user query → filters (store) + ranking (LexicalIndex, VectorIndex or both fused) +
 * phrase checks → hits with snippets. Every input string gives hits or a clear message; nothing
 * here throws on user text.
 *
 * Modes: lexical (BM25F), semantic (the query embedded with the library's model, nearest papers
 * by cosine), hybrid (both lists fused by z-score fusion, rank/fusion.ts: it keeps BM25's score
 * margins, where reciprocal rank fusion measured worse than BM25 alone on SciFact).
 */
import { PaperboyError } from '../core/errors.js';
import type { Hit } from '../core/paper.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import type { LexicalIndex } from '../lexical/lexical-index.js';
import { DEFAULT_DENSE_WEIGHT, zScoreFusion } from '../rank/fusion.js';
import type { VectorSearch } from '../vector/vector-index.js';
import type { PaperFilters, Store } from '../store/store.js';
import { analyze, tokenize } from '../text/analyze.js';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';
import { parseQuery, type ParsedQuery } from './query-parser.js';
import { makeSnippet, type Snippet } from './snippet.js';

export type SearchMode = 'lexical' | 'semantic' | 'hybrid';

/** The library's semantic side, once it has been embedded. */
export interface Semantic {
  provider: EmbeddingProvider;
  index: VectorSearch;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Filters from flags; combined (AND) with those written in the query. */
  filters?: PaperFilters;
  /** Default: hybrid when `semantic` is given, else lexical. */
  mode?: SearchMode;
  /** Compute snippets (default true); callers that only rank, like the evaluation, skip them. */
  snippets?: boolean;
  semantic?: Semantic;
  /**
   * 'date': newest first among the best DATE_SORT_POOL matches by words (filters honoured), or
   * the HYBRID_DEPTH nearest in semantic mode: by meaning every paper is somebody's match, so
   * the newest of them all would be noise. Default 'relevance'.
   */
  sort?: 'relevance' | 'date';
}

/** Matches a date-sorted search orders: every match of all but the broadest queries. */
export const DATE_SORT_POOL = 1000;

/**
 * Each list contributes its top HYBRID_DEPTH to fusion: deep enough that a paper strong in one
 * list and middling in the other is seen by both (the depth bench/scifact-dense.ts tuned with).
 */
export const HYBRID_DEPTH = 100;

export interface SearchHit extends Hit {
  /** The paper's row id in the store (for upvotes, ask's evidence). */
  docId: number;
  snippet: Snippet;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Things the user should know: ignored words, invalid filters, why nothing can match. */
  warnings: string[];
  /** True when the query had nothing to search for. */
  empty: boolean;
  mode: SearchMode;
  /**
   * Papers matching the query's words and filters, when known (not with phrases, which are
   * checked on candidates only). Semantic and hybrid rankings also bring papers without the words.
   */
  total?: number;
}

/** The most hits one search returns. */
export const MAX_SEARCH_LIMIT = 1000;

export async function search(
  store: Store,
  index: LexicalIndex,
  input: string | ParsedQuery,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const query = typeof input === 'string' ? parseQuery(input) : input;
  const warnings = [...query.warnings];
  const mode = options.mode ?? (options.semantic ? 'hybrid' : 'lexical');
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 10)), MAX_SEARCH_LIMIT);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const filters = combineFilters(query.filters, options.filters);
  const hasFilters = Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined));

  const rankable = [...query.lexical.should, ...query.lexical.must].some((w) => analyze(w).length > 0) || query.lexical.prefixes.length > 0;
  if (query.empty && !hasFilters) return { hits: [], warnings, empty: true, mode };
  if (!rankable && !hasFilters) {
    warnings.push('the query has only very common words (like "the" or "of"); add a more specific word');
    return { hits: [], warnings, empty: true, mode };
  }

  const allowed = hasFilters ? await store.filterDocIds(filters) : undefined;
  if (allowed && allowed.size === 0) return { hits: [], warnings, empty: false, mode };

  if (mode !== 'lexical' && !options.semantic) throw new PaperboyError('NO_EMBEDDINGS', `${mode} search needs embeddings: run paperboy embed first`);
  const byDate = options.sort === 'date';
  const need = byDate ? DATE_SORT_POOL : offset + limit;
  let ranked: { docId: number; score: number }[];
  let total: number | undefined;
  if (!rankable) {
    // Filters only ("author:doe"): most recently added first, with no score to speak of.
    ranked = [...(allowed ?? [])].sort((a, b) => b - a).slice(0, need).map((docId) => ({ docId, score: 0 }));
    total = allowed?.size;
  } else if (mode === 'lexical' || !options.semantic || (byDate && mode === 'hybrid')) {
    ({ ranked, total } = await rank(store, index, query, need, allowed));
  } else {
    const dense = await semanticRank(options.semantic, query, mode === 'hybrid' || byDate ? Math.max(need, HYBRID_DEPTH) : need, allowed);
    if (mode === 'semantic') {
      ranked = byDate ? dense.slice(0, HYBRID_DEPTH) : dense;
      total = query.phrases.length ? undefined : index.searchCounted(query.lexical, { limit: 1, ...(allowed ? { filter: (d) => allowed.has(d) } : {}) }).total;
    } else {
      const lexical = await rank(store, index, query, Math.max(need, HYBRID_DEPTH), allowed);
      ranked = zScoreFusion(lexical.ranked, dense, { weight: DEFAULT_DENSE_WEIGHT, limit: need });
      total = lexical.total;
    }
  }
  if (byDate) ranked = await newestFirst(store, ranked);
  const page = ranked.slice(offset, offset + limit);
  const papers = await store.getPapersByDocIds(page.map((h) => h.docId));
  const scores = new Map(page.map((h) => [h.docId, h.score]));
  const terms = new Set(analyze([...query.lexical.should, ...query.lexical.must].join(' ')));
  const prefixes = query.lexical.prefixes.flatMap((p) => tokenize(p));
  return {
    hits: papers.map(({ docId, paper }) => ({
      docId,
      paper,
      score: scores.get(docId) ?? 0,
      snippet: options.snippets === false ? { text: '', highlights: [] } : makeSnippet(toPlainText(clipText(paper.abstract)), terms, prefixes),
    })),
    warnings,
    empty: false,
    mode,
    ...(total === undefined ? {} : { total }),
  };
}

/** Hits newest first (undated last), ties in their order. */
async function newestFirst(store: Store, ranked: { docId: number; score: number }[]): Promise<{ docId: number; score: number }[]> {
  const dates = await store.datesOf(ranked.map((h) => h.docId));
  const order = new Map(ranked.map((h, i) => [h.docId, i]));
  return [...ranked].sort((a, b) => {
    const da = dates.get(a.docId) ?? '';
    const db = dates.get(b.docId) ?? '';
    return da === db ? order.get(a.docId)! - order.get(b.docId)! : da < db ? 1 : -1;
  });
}

/**
 * Ranks with the index, with the number of matches (unknown with phrases); when the query has
 * phrases, checks them on candidates in rank order, widening the candidate pool until enough
 * pass or the candidates run out.
 */
async function rank(
  store: Store,
  index: LexicalIndex,
  query: ParsedQuery,
  need: number,
  allowed: Set<number> | undefined,
): Promise<{ ranked: { docId: number; score: number }[]; total?: number }> {
  const filter = allowed ? (docId: number) => allowed.has(docId) : undefined;
  const search = (limit: number) => index.search(query.lexical, { limit, ...(filter ? { filter } : {}) });
  const phrases = query.phrases.map((words) => analyze(words.join(' '))).filter((p) => p.length > 1);
  if (phrases.length === 0) {
    const { hits, total } = index.searchCounted(query.lexical, { limit: need, ...(filter ? { filter } : {}) });
    return { ranked: hits, total };
  }
  return { ranked: await phraseRank(store, need, phrases, search) };
}

async function phraseRank(
  store: Store,
  need: number,
  phrases: string[][],
  search: (limit: number) => { docId: number; score: number }[],
): Promise<{ docId: number; score: number }[]> {
  const passed: { docId: number; score: number }[] = [];
  let checked = 0;
  for (let pool = Math.max(need * 4, 50); ; pool *= 4) {
    const candidates = search(pool);
    const fresh = candidates.slice(checked);
    const papers = await store.getPapersByDocIds(fresh.map((c) => c.docId));
    const byId = new Map(papers.map((p) => [p.docId, p.paper]));
    for (const c of fresh) {
      const p = byId.get(c.docId);
      if (!p) continue;
      const fields = [analyze(toPlainText(p.title)), analyze(toPlainText(p.abstract))];
      if (phrases.every((ph) => fields.some((f) => containsSequence(f, ph)))) passed.push(c);
      if (passed.length >= need) return passed;
    }
    checked = candidates.length;
    if (candidates.length < pool) return passed;
  }
}

/** The query's words embedded as one text; nearest papers by cosine, filters honoured. */
async function semanticRank(semantic: Semantic, query: ParsedQuery, k: number, allowed: Set<number> | undefined) {
  const text = [...query.lexical.should, ...query.lexical.must, ...query.lexical.prefixes].join(' ');
  const [vector] = await semantic.provider.embed([text], 'query');
  if (!vector) return [];
  return semantic.index.search(vector, k, allowed ? (docId) => allowed.has(docId) : undefined);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Query filters AND flag filters: lists concatenate (each list still matches any of its items), dates narrow. */
function combineFilters(a: PaperFilters, b: PaperFilters = {}): PaperFilters {
  const later = (x?: string, y?: string) => (x && y ? (x > y ? x : y) : (x ?? y));
  const earlier = (x?: string, y?: string) => (x && y ? (x < y ? x : y) : (x ?? y));
  const out: PaperFilters = {};
  for (const key of ['authors', 'categories', 'ids'] as const) {
    const list = [...(a[key] ?? []), ...(b[key] ?? [])];
    if (list.length) out[key] = list;
  }
  const from = later(a.from, b.from);
  const to = earlier(a.to, b.to);
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}
