/**
 * Benchmark (not a test): semantic and hybrid search on the 74,728 real arXiv papers.
 * Parent: ingest, train the built-in model, embed, build the vector index (times, throughput).
 * Child (a fresh process, as `paperboy search` would be): load the library and its indexes, time
 * ANN, semantic, hybrid and lexical queries and related papers, and report its peak RSS: the
 * memory the whole library needs to be searchable in hybrid mode. Related papers are compared
 * with the arxiv-sanity TF-IDF baseline (bench/tfidf-related.ts) on the same 2,000 papers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuiltinModel } from '../src/embeddings/builtin-model-store.js';
import { embedLibrary, embeddingText } from '../src/embeddings/embed-library.js';
import { refreshLexicalIndex } from '../src/search/lexical-cache.js';
import { openSemantic } from '../src/search/open-semantic.js';
import { relatedPapers } from '../src/search/related.js';
import { search, type SearchMode } from '../src/search/search.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { buildVectorIndex } from '../src/vector/vector-cache.js';
import { ingestListings, listingFiles, percentile, peakRssMb, type BenchResult } from './bench-support.js';
import { loadQueries } from './ingest-search.js';
import { TfidfRelated, benchRelatedPapers, chanceShare, loadArxivPapers, sampleIndexes } from './tfidf-related.js';

const here = fileURLToPath(import.meta.url);

async function time<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

/** The child: a fresh process that loads the library and searches it. */
async function searchChild(lib: string, sampleIds: string[]): Promise<void> {
  const store = SqliteStore.open(lib);
  const load = await time(async () => ({ lexical: await refreshLexicalIndex(store), semantic: await openSemantic(store) }));
  const { lexical, semantic } = load.value;
  if (!semantic) throw new Error('library not embedded');
  const queries = loadQueries();
  const timings: Record<string, number[]> = { ann: [], semantic: [], hybrid: [], lexical: [] };
  for (let round = 0; round < 4; round++) {
    for (const q of queries) {
      const [vector] = await semantic.provider.embed([q], 'query');
      let t = performance.now();
      semantic.index.search(vector!, 10);
      if (round > 0) timings.ann!.push(performance.now() - t);
      for (const mode of ['semantic', 'hybrid', 'lexical'] as SearchMode[]) {
        t = performance.now();
        await search(store, lexical, q, { limit: 10, mode, semantic });
        if (round > 0) timings[mode]!.push(performance.now() - t);
      }
    }
  }
  const related: Record<string, string[]> = {};
  const relatedMs: number[] = [];
  for (const id of sampleIds) {
    const t = performance.now();
    const r = await relatedPapers(store, lexical, semantic, id, 10);
    relatedMs.push(performance.now() - t);
    related[id] = r.related.map((x) => x.paper.arxivId ?? x.paper.id);
  }
  await store.close();
  const stats = (v: number[]) => ({ p50ms: percentile(v, 50), p95ms: percentile(v, 95) });
  process.stdout.write(
    JSON.stringify({
      loadMs: Math.round(load.ms),
      queries: queries.length,
      ann: stats(timings.ann!),
      semantic: stats(timings.semantic!),
      hybrid: stats(timings.hybrid!),
      lexical: stats(timings.lexical!),
      related: { ...stats(relatedMs), lists: related },
      peakRssMB: peakRssMb(),
    }),
  );
}

export async function benchSemanticSearch(): Promise<BenchResult> {
  const listings = listingFiles();
  if (listings.skipped !== undefined) return { name: 'semantic-search', skipped: listings.skipped };
  const { files } = listings;
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-semantic-'));
  const lib = path.join(work, 'library');
  try {
    const store = SqliteStore.open(lib);
    await ingestListings(store, files, '2026-11-22');
    await refreshLexicalIndex(store);
    const papers = (await store.stats()).papers;

    const train = await time(() => ensureBuiltinModel(store, { retrain: true }));
    const provider = train.value.provider;
    // Raw embedding throughput over every paper's text, one call per 1,000.
    const texts: string[] = [];
    for await (const rows of store.iterateTexts(0)) for (const r of rows) texts.push(embeddingText(r.title, r.abstract));
    const embedOnly = await time(async () => {
      for (let i = 0; i < texts.length; i += 1000) await provider.embed(texts.slice(i, i + 1000), 'document');
    });
    const embed = await time(() => embedLibrary(store, provider, { kind: 'builtin' }));
    const indexBuild = await time(() => buildVectorIndex(store));
    const rssParent = peakRssMb();
    await store.close();

    const all = loadArxivPapers()!;
    const sample = sampleIndexes(all.length);
    const sampleIds = sample.map((i) => all[i]!.id);
    const out = execFileSync(process.execPath, ['--import', 'tsx', here, '--search-child', lib, JSON.stringify(sampleIds)], {
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString();
    const child = JSON.parse(out) as {
      loadMs: number;
      related: { p50ms: number; p95ms: number; lists: Record<string, string[]> };
      peakRssMB: number;
      hybrid: { p50ms: number };
      ann: { p50ms: number };
    } & Record<string, unknown>;

    // Related papers: ours (from the child) vs the arxiv-sanity TF-IDF baseline, same papers.
    const indexOf = new Map(all.map((p, i) => [p.id, i]));
    const tfidfBuild = await time(() => new TfidfRelated(all.map((p) => `${p.title} ${p.abstract}`)));
    const figures = await benchRelatedPapers(
      [
        { name: 'tf-idf (arxiv-sanity)', related: (q, k) => tfidfBuild.value.related(q, k) },
        { name: 'paperboy related (built-in model)', related: (q) => (child.related.lists[all[q]!.id] ?? []).flatMap((id) => indexOf.get(id) ?? []) },
      ],
      all,
      sample,
    );
    const { lists: _lists, ...relatedLatency } = child.related;
    return {
      name: 'semantic-search',
      papers,
      train: { seconds: +(train.ms / 1000).toFixed(1), vocabulary: provider.model.vocabularySize, dimensions: provider.dimensions },
      embed: {
        papersPerSecond: Math.round(texts.length / (embedOnly.ms / 1000)),
        libraryEmbedSeconds: +(embed.ms / 1000).toFixed(1),
        vectorIndexBuildSeconds: +(indexBuild.ms / 1000).toFixed(1),
      },
      search: { ...child, related: relatedLatency },
      relatedPapers: { figures, chance: chanceShare(all, sample), tfidfBuildSeconds: +(tfidfBuild.ms / 1000).toFixed(1) },
      peakRssMB: { embedProcess: rssParent, searchProcess: child.peakRssMB },
      targets: {
        'train < 10 min': train.ms < 600_000,
        'embed >= 10k/s': texts.length / (embedOnly.ms / 1000) >= 10_000,
        'ANN p50 < 2 ms': child.ann.p50ms < 2,
        'hybrid p50 < 10 ms': child.hybrid.p50ms < 10,
        'search process peak RSS < 2 GB': child.peakRssMB < 2048,
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--search-child') await searchChild(process.argv[3]!, JSON.parse(process.argv[4]!) as string[]);
