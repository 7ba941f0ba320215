/**
 * Benchmark (not a test): topic quality and cost on the 74,724 real arXiv papers. Ingests the
 * listings, trains the built-in model and embeds them (or uses the embedded library at
 * $PAPERBOY_TOPICS_LIBRARY), then builds the topic model on the embeddings and on TF-IDF (same
 * k, the default rule) and scores each against the papers' primary arXiv category: NMI, ARI and
 * purity (src/topics/cluster-agreement.ts). Baseline in the same run: the embedding topics'
 * sizes with papers dealt out at random. Also: build time, time to place 1,000 new papers
 * incrementally, peak memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../src/core/random.js';
import { ensureBuiltinModel } from '../src/embeddings/builtin-model-store.js';
import { embedLibrary } from '../src/embeddings/embed-library.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { DocText, Store } from '../src/store/store.js';
import { clusterAgreement, type Agreement } from '../src/topics/cluster-agreement.js';
import { buildTopicModelFromStore, placePapers } from '../src/topics/topic-cache.js';
import type { TopicModel } from '../src/topics/topic-model.js';
import { ingestListings, listingFiles, peakRssMb, type BenchResult } from './bench-support.js';

const round = (x: number, digits = 4) => +x.toFixed(digits);
const rounded = (a: Agreement) => ({ nmi: round(a.nmi), ari: round(a.ari), purity: round(a.purity) });

async function time<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

/** Primary category of every paper. */
async function primaryCategories(store: Store, docIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < docIds.length; i += 2000) {
    for (const { docId, paper } of await store.getPapersByDocIds(docIds.slice(i, i + 2000))) out.set(docId, paper.categories[0] ?? '?');
  }
  return out;
}

function score(model: TopicModel, category: Map<number, string>): Agreement {
  const { docIds, topic } = model.papers;
  return clusterAgreement(
    topic,
    docIds.map((d) => category.get(d)!),
  );
}

/** The same topic sizes, papers dealt out at random (Fisher–Yates, fixed seed). */
function randomBaseline(model: TopicModel, category: Map<number, string>): Agreement {
  const shuffled = [...model.papers.topic];
  const random = mulberry32(7);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return clusterAgreement(
    shuffled,
    model.papers.docIds.map((d) => category.get(d)!),
  );
}

/** ms to place `docs` into a copy-free model (their rows are replaced: same work as new papers). */
async function placeTime(store: Store, model: TopicModel, docs: DocText[]): Promise<number> {
  return (await time(() => placePapers(store, model, docs))).ms;
}

async function embeddedLibrary(): Promise<{ lib: string; cleanup: () => void; prepared?: Record<string, number> } | { skipped: string }> {
  const given = process.env.PAPERBOY_TOPICS_LIBRARY;
  if (given) return { lib: given, cleanup: () => undefined };
  const listings = listingFiles();
  if (listings.skipped !== undefined) return { skipped: listings.skipped };
  const { files } = listings;
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-topics-'));
  const lib = path.join(work, 'library');
  const store = SqliteStore.open(lib);
  const t = performance.now();
  await ingestListings(store, files, '2026-11-22');
  const { provider } = await ensureBuiltinModel(store, { retrain: true });
  await embedLibrary(store, provider, { kind: 'builtin' });
  await store.close();
  return { lib, cleanup: () => rmSync(work, { recursive: true, force: true }), prepared: { ingestAndEmbedSeconds: round((performance.now() - t) / 1000, 1) } };
}

export async function benchTopics(): Promise<BenchResult> {
  const prepared = await embeddedLibrary();
  if ('skipped' in prepared) return { name: 'topics', skipped: prepared.skipped };
  const store = SqliteStore.open(prepared.lib);
  try {
    const embedding = await time(() => buildTopicModelFromStore(store));
    const rssAfterEmbeddingBuild = peakRssMb();
    const tfidf = await time(() => buildTopicModelFromStore(store, { space: 'tfidf', topics: embedding.value!.topics.length }));
    const emb = embedding.value!;
    const tf = tfidf.value!;
    if (emb.space.kind !== 'embedding') throw new Error('the library is not embedded');
    const category = await primaryCategories(store, tf.papers.docIds);
    // The last 1,000 papers by seq, placed again: the incremental path new papers take.
    let last: DocText[] = [];
    for await (const docs of store.iterateTexts(0)) last = [...last, ...docs].slice(-1000);
    const classes = new Set(category.values()).size;
    return {
      name: 'topics',
      papers: tf.size,
      primaryCategories: classes,
      topics: emb.topics.length,
      ...(prepared.prepared ?? {}),
      embedding: {
        ...rounded(score(emb, category)),
        buildSeconds: round(embedding.ms / 1000, 1),
        placePer1000Ms: round(await placeTime(store, emb, last), 1),
        labels: emb.topics.slice(0, 10).map((t) => t.label),
      },
      tfidf: {
        ...rounded(score(tf, category)),
        buildSeconds: round(tfidf.ms / 1000, 1),
        placePer1000Ms: round(await placeTime(store, tf, last), 1),
        labels: tf.topics.slice(0, 10).map((t) => t.label),
      },
      baselineRandomSameSizes: rounded(randomBaseline(emb, category)),
      peakRssMb: { afterEmbeddingBuild: rssAfterEmbeddingBuild, total: peakRssMb() },
    };
  } finally {
    await store.close();
    prepared.cleanup();
  }
}
