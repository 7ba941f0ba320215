/**
 * The topic model as derived data of the library (the pattern of store/derived-cache.ts): a
 * versioned artifact stamped with the seq it reflects. Papers changed since are assigned to the
 * nearest centroid without reclustering; the model is rebuilt when its version is unknown, when
 * asked (`rebuild`, or a topic count given), when the vector space changed (the library was
 * embedded, or with another model), or when the library has grown by half since the build.
 *
 * Space: the library's embedding vectors when it has them, else projected TF-IDF
 * (tfidf-projection.ts). With embeddings, a paper without a vector yet has no topic; it is placed
 * once `paperboy embed` has embedded it (the embedding generation moves on).
 */
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import { loadDerived, saveDerived, type Derived, type DerivedKind } from '../store/derived-cache.js';
import type { DocText, Store } from '../store/store.js';
import { analyze, forEachToken, termOf } from '../text/analyze.js';
import { toPlainText } from '../text/normalise.js';
import { atReportStep, buildTopicModel, type CorpusPaper, type TopicProgress } from './build-topic-model.js';
import { normalize } from './spherical-kmeans.js';
import { fitTfidf, projectTfidf } from './tfidf-projection.js';
import { deserializeTopicModel, serializeTopicModel } from './topic-model-codec.js';
import { TopicModel } from './topic-model.js';
import { successorIds } from './topic-succession.js';
import { NO_DAY, dayOf } from './weekly-series.js';

/** The library's topic model is rebuilt once it holds this many times the papers it was built on. */
const REBUILD_GROWTH = 1.5;
const TOPIC_SEED = 42;

/** A model or nothing (an empty library has no topics). */
type Cached = TopicModel | undefined;

export const TOPIC_MODEL: DerivedKind<Cached> = {
  name: 'topic-model',
  // Bump when the format or the clustering changes: older models are then rebuilt.
  version: 5,
  empty: () => undefined,
  deserialize: (bytes) => (bytes.length ? deserializeTopicModel(bytes) : undefined),
  serialize: (model) => (model ? serializeTopicModel(model) : new Uint8Array()),
  // Papers are placed in batches by placeNewPapers (vectors are looked up per batch), not one by one.
  apply: () => undefined,
};

export interface TopicOptions {
  rebuild?: boolean;
  /** Topics to build (implies a rebuild); default: chosen by how well the papers separate (build-topic-model.ts). */
  topics?: number;
  /** How a (re)build is getting on; placing new papers in a model reports nothing (it takes well under a second per thousand). */
  onProgress?: TopicProgress;
}

type Space = { kind: 'tfidf' } | { kind: 'embedding'; modelId: string; generation: number };

/**
 * The space to cluster in: the embeddings once the library has some. Counting vectors takes a
 * scan (~0.2 s at 75,000 papers), so it is skipped when the model is already on this embedding
 * model: the common case on every request.
 */
async function currentSpace(store: Store, model?: TopicModel): Promise<Space> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return { kind: 'tfidf' };
  const embedding: Space = { kind: 'embedding', modelId: setting.modelId, generation: setting.generation };
  if (model?.space.kind === 'embedding' && model.space.modelId === setting.modelId) return embedding;
  return ((await store.vectorCounts())[setting.modelId] ?? 0) > 0 ? embedding : { kind: 'tfidf' };
}

const textOf = (doc: DocText) => `${toPlainText(doc.title)}\n${toPlainText(doc.abstract)}`;

interface Meta {
  day: number;
  upvotes: number;
}
const UNDATED: Meta = { day: NO_DAY, upvotes: 0 };

/** Each paper's day and source upvotes. */
async function paperMeta(store: Store, docIds: number[]): Promise<Map<number, Meta>> {
  const meta = new Map<number, Meta>();
  for (const { docId, paper } of await store.getPapersByDocIds(docIds)) meta.set(docId, { day: dayOf(paper.date), upvotes: paper.upvotes ?? 0 });
  return meta;
}

/**
 * Builds a model from every paper in the library, on its embeddings when it has them, or on
 * TF-IDF when asked (`space: 'tfidf'`, for comparisons), without saving it.
 */
export async function buildTopicModelFromStore(store: Store, options: { space?: 'tfidf'; topics?: number } = {}): Promise<Cached> {
  const space: Space = options.space === 'tfidf' ? { kind: 'tfidf' } : await currentSpace(store);
  return build(store, space, options, await store.currentSeq());
}

async function build(store: Store, space: Space, options: Pick<TopicOptions, 'topics' | 'onProgress'>, seq: number): Promise<Cached> {
  const progress = options.onProgress;
  const papers: CorpusPaper[] = [];
  const tokenCounts = new Map<string, number>();
  const total = progress ? (await store.stats()).papers : 0;
  for await (const docs of store.iterateTexts(0)) {
    const meta = await paperMeta(
      store,
      docs.map((d) => d.docId),
    );
    for (const doc of docs) {
      const terms: string[] = [];
      forEachToken(textOf(doc), (folded, start, end) => {
        const token = folded.slice(start, end);
        const term = termOf(token);
        if (!term) return;
        terms.push(term);
        tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1);
      });
      papers.push({ docId: doc.docId, terms, ...(meta.get(doc.docId) ?? UNDATED) });
    }
    progress?.('reading', papers.length, Math.max(total, papers.length));
  }
  if (papers.length === 0) return undefined;
  // The surface form of a stem: its most frequent token.
  const surface = new Map<string, { token: string; count: number }>();
  for (const [token, count] of tokenCounts) {
    const term = termOf(token)!;
    const s = surface.get(term);
    if (!s || count > s.count) surface.set(term, { token, count });
  }
  const vectors = new Map<number, Float32Array>();
  let modelSpace: TopicModel['space'];
  if (space.kind === 'embedding') {
    let dims = 0;
    for await (const rows of store.iterateVectors(space.modelId)) {
      for (const { docId, vector } of rows) {
        vectors.set(docId, unit(vector));
        dims = vector.length;
      }
      progress?.('vectors', vectors.size, Math.max(papers.length, vectors.size));
    }
    modelSpace = { kind: 'embedding', modelId: space.modelId, dims, generation: space.generation };
  } else {
    const tfidf = fitTfidf(papers.map((p) => p.terms));
    for (const p of papers) {
      vectors.set(p.docId, projectTfidf(tfidf, p.terms));
      if (atReportStep(vectors.size, papers.length)) progress?.('vectors', vectors.size, papers.length);
    }
    modelSpace = { kind: 'tfidf', ...tfidf };
  }
  for (const [docId, v] of vectors) if (!v.some((x) => x !== 0)) vectors.delete(docId);
  if (vectors.size === 0) return undefined;
  return buildTopicModel({
    papers,
    vectors,
    space: modelSpace,
    surface: (term) => surface.get(term)?.token ?? term,
    ...(options.topics === undefined ? {} : { k: options.topics }),
    ...(progress ? { onProgress: progress } : {}),
    seed: TOPIC_SEED,
    tag: seq.toString(36),
  });
}

/** The rebuilt model, answering to the ids of the topics it succeeds (subscriptions hold them). */
function succeed(old: Cached, fresh: Cached): Cached {
  if (!old || !fresh) return fresh;
  return new TopicModel(fresh.space, fresh.topics, fresh.centroids, fresh.map, fresh.builtPapers, fresh.papers, successorIds(old, fresh), fresh.separation);
}

/** A unit-length copy (the providers normalise already; this guards any that do not). */
function unit(v: Float32Array): Float32Array {
  const u = v.slice();
  normalize(u);
  return u;
}

/** Places papers in the model (nearest centroid), looking up their vectors; papers without one are skipped. */
export async function placePapers(store: Store, model: TopicModel, docs: DocText[]): Promise<number> {
  const ids = docs.map((d) => d.docId);
  const meta = await paperMeta(store, ids);
  const space = model.space;
  const vectors =
    space.kind === 'embedding'
      ? await store.getVectors(space.modelId, ids)
      : new Map(docs.map((d) => [d.docId, projectTfidf(space, analyze(textOf(d)))]));
  let placed = 0;
  for (const [docId, v] of vectors) {
    if (!v.some((x) => x !== 0)) continue;
    const m = meta.get(docId) ?? UNDATED;
    model.put(docId, model.locate(unit(v)), m.day, m.upvotes);
    placed++;
  }
  return placed;
}

/** Whether the model is in this space (the same embedding model, or TF-IDF). */
const inSpace = (model: TopicModel, space: Space): boolean =>
  space.kind === 'embedding' ? model.space.kind === 'embedding' && model.space.modelId === space.modelId : model.space.kind === 'tfidf';

/**
 * Brings a loaded model up to the store when placing papers is all it takes: assigns papers
 * changed since (and, with embeddings, papers embedded since). Returns 'rebuild' when the rules
 * above call for a rebuild instead (nothing is placed then, except when the library outgrew the
 * model): catchUpTopics rebuilds here, the server in a worker thread (library/library.ts).
 */
export async function placeNewPapers(store: Store, d: Derived<Cached>): Promise<'unchanged' | 'placed' | 'rebuild'> {
  const seq = await store.currentSeq();
  const model = d.value;
  // No model: an empty library has none; any other needs a first build.
  if (!model) return d.seq < seq ? 'rebuild' : 'unchanged';
  const space = await currentSpace(store, model);
  if (!inSpace(model, space)) return 'rebuild';
  let changed = false;
  if (d.seq < seq) {
    for await (const docs of store.iterateTexts(d.seq)) await placePapers(store, model, docs);
    d.seq = seq;
    changed = true;
  }
  if (model.space.kind === 'embedding' && space.kind === 'embedding' && model.space.generation !== space.generation) {
    // Embedded since: place the papers that now have a vector and no topic.
    for await (const rows of store.iterateVectors(model.space.modelId)) {
      const missing = rows.filter((r) => !model.has(r.docId)).map((r) => r.docId);
      // Placing by vector needs no text.
      if (missing.length) await placePapers(store, model, missing.map((docId) => ({ docId, seq: 0, title: '', abstract: '' })));
    }
    model.space.generation = space.generation;
    changed = true;
  }
  if (model.size > REBUILD_GROWTH * model.builtPapers) return 'rebuild';
  return changed ? 'placed' : 'unchanged';
}

/** Brings a loaded model up to the store, rebuilding it here when the rules call for it. Returns whether it changed. */
async function catchUpTopics(store: Store, d: Derived<Cached>, options: TopicOptions = {}): Promise<boolean> {
  if (!options.rebuild && options.topics === undefined) {
    const placed = await placeNewPapers(store, d);
    if (placed !== 'rebuild') return placed === 'placed';
  }
  const seq = await store.currentSeq();
  d.value = succeed(d.value, await build(store, await currentSpace(store, d.value), options, seq));
  d.seq = seq;
  return true;
}

/** The topic model, current with the store (saved back when it changed); undefined for an empty library. */
export async function refreshTopicModel(store: Store, options: TopicOptions = {}): Promise<TopicModel | undefined> {
  const d = await loadDerived(store, TOPIC_MODEL);
  if (await catchUpTopics(store, d, options)) await saveDerived(store, TOPIC_MODEL, d);
  return d.value;
}
