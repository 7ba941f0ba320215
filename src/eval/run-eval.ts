/**
 * The evaluation harness: a BEIR corpus goes through the real ingest pipeline into a temporary
 * library, each judged query goes through a retriever (the product's own search for lexical
 * mode), and the ranked papers are scored against the qrels (eval/metrics.ts).
 *
 * Ingest may merge corpus documents into one paper (same 4+ word title, near-duplicate
 * abstract): the paper then stands for every document it absorbed, and a ranking lists them all
 * at its place, in corpus order. Each document is written as a record carrying `url: beir:<_id>`,
 * so two documents with the same text stay two records (record hashes differ) and both map.
 * (A URL is read for an arXiv id only when it mentions arXiv; then such documents merge as the
 * same arXiv paper, which they are.)
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PaperboyError } from '../core/errors.js';
import { ensureBuiltinModel } from '../embeddings/builtin-model-store.js';
import { embedLibrary } from '../embeddings/embed-library.js';
import { startIngest } from '../ingest/pipeline.js';
import { openSemantic } from '../search/open-semantic.js';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import { plainQuery } from '../search/query-parser.js';
import { search, type Semantic } from '../search/search.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { readCorpus, readQrels, readQueries, type BeirDoc, type BeirQrels, type BeirQuery } from './beir.js';
import { aggregate, isJudged, scoreQuery, type EvalMetrics } from './metrics.js';

export const EVAL_MODES = ['lexical', 'semantic', 'hybrid'] as const;
export type EvalMode = (typeof EVAL_MODES)[number];

/** Ranks papers for a query: public paper ids, best first. */
export type Retrieve = (query: string) => Promise<string[]>;

/** Papers retrieved per query: Recall@100 needs 100. */
export const DEPTH = 100;

/** A temporary library holding one corpus. `close()` deletes it. */
export interface EvalLibrary {
  store: Store;
  /** The corpus `_id`s a paper absorbed, in corpus order. */
  corpusIds(paperId: string): readonly string[];
  /** Public id of the paper at a store row id (for retrievers that rank row ids). */
  paperIdOf(docId: number): string | undefined;
  /** Corpus documents read, papers made of them, and documents ingest skipped (no title or text). */
  docs: number;
  papers: number;
  skipped: number;
  /** Documents that joined another document's paper, by how they were matched. */
  mergesByReason: Record<string, number>;
  /** Seconds to ingest the corpus (through the pipeline), and then to build the lexical index. */
  ingestSeconds: number;
  indexSeconds: number;
  close(): Promise<void>;
}

export interface BuildOptions {
  today: string;
  /** Parse in a worker thread (the ingest default). */
  thread?: boolean;
  onProgress?: (docs: number) => void;
  /** Sees each corpus document as it is read, for callers that need more of it than the library keeps (the file is read once). */
  onDoc?: (doc: BeirDoc) => void;
}

export async function buildEvalLibrary(corpusFile: string, options: BuildOptions): Promise<EvalLibrary> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-eval-'));
  let store: Store | undefined;
  try {
    const t0 = performance.now();
    // The corpus as generic JSON lines, one document per line: line n is ids[n - 1].
    const ids: string[] = [];
    const records = path.join(dir, 'corpus.jsonl');
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const doc of readCorpus(corpusFile)) {
            ids.push(doc.id);
            options.onDoc?.(doc);
            yield `${JSON.stringify({ title: doc.title, text: doc.text, url: `beir:${doc.id}` })}\n`;
          }
        })(),
      ),
      createWriteStream(records),
    );
    store = openStore({ dataDir: path.join(dir, 'library'), today: options.today });
    const session = await startIngest(store);
    const report = await session.ingest(records, {
      format: 'jsonl',
      today: options.today,
      ...(options.thread !== undefined ? { thread: options.thread } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await session.finish();
    if (report.error) throw new PaperboyError(report.error.code, `${corpusFile}: ${report.error.message}`);
    const t1 = performance.now();
    await refreshLexicalIndex(store);
    const indexSeconds = (performance.now() - t1) / 1000;

    // Each paper's provenance lines say which documents it absorbed.
    const byPaper = new Map<string, string[]>();
    const byDoc = new Map<number, string>();
    for await (const texts of store.iterateTexts(0)) {
      for (const { docId, paper } of await store.getPapersByDocIds(texts.map((t) => t.docId))) {
        byDoc.set(docId, paper.id);
        const lines = paper.sources.map((s) => s.line).sort((a, b) => a - b);
        byPaper.set(paper.id, lines.map((line) => ids[line - 1]!));
      }
    }
    const stats = await store.stats();
    const opened = store;
    return {
      store,
      corpusIds: (paperId) => byPaper.get(paperId) ?? [],
      paperIdOf: (docId) => byDoc.get(docId),
      docs: ids.length,
      papers: byPaper.size,
      skipped: report.skipped.length,
      mergesByReason: stats.mergesByReason,
      ingestSeconds: (t1 - t0) / 1000,
      indexSeconds,
      close: async () => {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Lexical retrieval through the product's search. `plain` skips the query language and ranks by
 * an OR of the query's words, so `-`, `+`, quotes and `field:` in a claim are just text.
 */
export async function lexicalRetriever(library: EvalLibrary, options: { plain?: boolean } = {}): Promise<Retrieve> {
  const index = await refreshLexicalIndex(library.store);
  const ids = (hits: { paper: { id: string } }[]) => hits.map((h) => h.paper.id);
  const opts = { limit: DEPTH, snippets: false, mode: 'lexical' as const };
  if (!options.plain) return async (query) => ids((await search(library.store, index, query, opts)).hits);
  return async (query) => ids((await search(library.store, index, plainQuery(query), opts)).hits);
}

/**
 * The library embedded as `paperboy embed`'s default leaves it: the built-in model trained on the
 * corpus itself (the corpus is the user's library). Returns its semantic side.
 */
export async function embedEvalLibrary(library: Pick<EvalLibrary, 'store'>): Promise<Semantic> {
  const { store } = library;
  const { provider } = await ensureBuiltinModel(store);
  await embedLibrary(store, provider, { kind: 'builtin' });
  const semantic = await openSemantic(store);
  if (!semantic) throw new PaperboyError('NO_EMBEDDINGS', 'the evaluation library could not be embedded');
  return semantic;
}

/** Semantic or hybrid retrieval through the product's search, on the embedded library. */
export async function semanticRetriever(library: EvalLibrary, mode: 'semantic' | 'hybrid'): Promise<Retrieve> {
  const { store } = library;
  const index = await refreshLexicalIndex(store);
  const semantic = await embedEvalLibrary(library);
  return async (query) => (await search(store, index, query, { limit: DEPTH, snippets: false, mode, semantic })).hits.map((h) => h.paper.id);
}

/**
 * How a mode makes its retriever from a built library: the one place the modes plug in. Chosen
 * before the corpus is indexed, so a mode that cannot run fails at once.
 */
export function retrieverFor(mode: EvalMode): (library: EvalLibrary) => Promise<Retrieve> {
  if (mode === 'lexical') return (library) => lexicalRetriever(library);
  return (library) => semanticRetriever(library, mode);
}

export interface EvalReport {
  metrics: EvalMetrics;
  /** Per judged query, retrieval time in ms. */
  latenciesMs: number[];
  /** Judged query ids that the queries file does not hold (not evaluated). */
  missingQueries: number;
}

/**
 * Scores `retrieve` on every query with a relevant document in the qrels (the first
 * `limitQueries` of them in file order, when given). Others are left out, as trec_eval does.
 */
export async function evaluate(
  library: EvalLibrary,
  queries: readonly BeirQuery[],
  qrels: BeirQrels,
  retrieve: Retrieve,
  options: { limitQueries?: number; onProgress?: (queries: number) => void } = {},
): Promise<EvalReport> {
  const inFile = new Set(queries.map((q) => q.id));
  const missingQueries = [...qrels].filter(([id, judged]) => isJudged(judged) && !inFile.has(id)).length;
  const judged = queries.filter((q) => isJudged(qrels.get(q.id))).slice(0, options.limitQueries ?? Infinity);
  const scores: ReturnType<typeof scoreQuery>[] = [];
  const latenciesMs: number[] = [];
  for (const q of judged) {
    const t = performance.now();
    const papers = await retrieve(q.text);
    latenciesMs.push(performance.now() - t);
    scores.push(scoreQuery(papers.flatMap((id) => library.corpusIds(id)), qrels.get(q.id)!));
    options.onProgress?.(scores.length);
  }
  return { metrics: aggregate(scores), latenciesMs, missingQueries };
}

export interface EvalFiles {
  corpus: string;
  queries: string;
  qrels: string;
}

export interface RunEvalOptions extends BuildOptions {
  mode: EvalMode;
  limitQueries?: number;
  onQuery?: (queries: number) => void;
}

export interface RunEvalResult extends EvalReport {
  library: Omit<EvalLibrary, 'store' | 'corpusIds' | 'paperIdOf' | 'close'>;
}

/** Loads the files, builds the temporary library, evaluates the mode, and deletes the library. */
export async function runEval(files: EvalFiles, options: RunEvalOptions): Promise<RunEvalResult> {
  const makeRetriever = retrieverFor(options.mode);
  // The small files first, so a malformed one fails before the corpus is indexed.
  const queries = await readQueries(files.queries);
  const qrels = await readQrels(files.qrels);
  const library = await buildEvalLibrary(files.corpus, options);
  try {
    const retrieve = await makeRetriever(library);
    const report = await evaluate(library, queries, qrels, retrieve, {
      ...(options.limitQueries !== undefined ? { limitQueries: options.limitQueries } : {}),
      ...(options.onQuery ? { onProgress: options.onQuery } : {}),
    });
    const { docs, papers, skipped, mergesByReason, ingestSeconds, indexSeconds } = library;
    return { ...report, library: { docs, papers, skipped, mergesByReason, ingestSeconds, indexSeconds } };
  } finally {
    await library.close();
  }
}
