/**
 * The topic model's bytes (a store artifact): a length-prefixed JSON header (space, topics, map,
 * counts), then the centroids and the per-paper columns as little-endian typed arrays.
 */
import { z } from 'zod';
import type { LandmarkMap } from './landmark-mds.js';
import { TopicModel, type PaperColumns, type TopicSpace } from './topic-model.js';

const Header = z.object({
  space: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('embedding'), modelId: z.string(), dims: z.number().int().positive(), generation: z.number().int() }),
    z.object({ kind: z.literal('tfidf'), dims: z.number().int().positive(), terms: z.array(z.string()), idf: z.array(z.number()) }),
  ]),
  topics: z.array(z.object({ id: z.string(), label: z.string(), terms: z.array(z.string()), representative: z.number().int() })),
  map: z.object({ k: z.number().int(), coords: z.array(z.number()), pca: z.object({ mean: z.array(z.number()), axes: z.array(z.number()) }).optional() }),
  builtPapers: z.number().int().nonnegative(),
  papers: z.number().int().nonnegative(),
  aliases: z.record(z.string(), z.string()),
  separation: z.object({ k: z.number().int(), score: z.number(), chance: z.number(), chanceGap: z.number(), chanceSd: z.number() }).optional(),
});

const COLUMNS = ['docIds', 'topic', 'day', 'upvotes', 'x', 'y'] as const;
const FLOAT_COLUMNS = new Set<string>(['x', 'y']);

export function serializeTopicModel(model: TopicModel): Uint8Array {
  const s = model.space;
  const header = JSON.stringify({
    space: s.kind === 'embedding' ? s : { kind: 'tfidf', dims: s.dims, terms: [...s.idf.keys()], idf: [...s.idf.values()] },
    topics: model.topics,
    map: { k: model.map.k, coords: [...model.map.coords], ...(model.map.pca ? { pca: { mean: [...model.map.pca.mean], axes: [...model.map.pca.axes] } } : {}) },
    builtPapers: model.builtPapers,
    papers: model.papers.docIds.length,
    aliases: model.aliases,
    ...(model.separation ? { separation: model.separation } : {}),
  });
  const head = new TextEncoder().encode(header);
  const start = 4 + Math.ceil(head.length / 4) * 4;
  const n = model.papers.docIds.length;
  const bytes = new Uint8Array(start + 4 * (model.centroids.length + COLUMNS.length * n));
  new DataView(bytes.buffer).setUint32(0, head.length, true);
  bytes.set(head, 4);
  let at = start;
  const put = (values: ArrayLike<number>, float: boolean) => {
    const view = float ? new Float32Array(bytes.buffer, at, values.length) : new Int32Array(bytes.buffer, at, values.length);
    view.set(values);
    at += 4 * values.length;
  };
  put(model.centroids, true);
  for (const c of COLUMNS) put(model.papers[c], FLOAT_COLUMNS.has(c));
  return bytes;
}

export function deserializeTopicModel(bytes: Uint8Array): TopicModel {
  const copy = bytes.slice(); // aligned, and owned
  const headLength = new DataView(copy.buffer).getUint32(0, true);
  const h = Header.parse(JSON.parse(new TextDecoder().decode(copy.subarray(4, 4 + headLength))));
  let at = 4 + Math.ceil(headLength / 4) * 4;
  const take = (count: number, float: boolean): number[] => {
    const values = float ? new Float32Array(copy.buffer, at, count) : new Int32Array(copy.buffer, at, count);
    at += 4 * count;
    return Array.from(values);
  };
  const k = h.topics.length;
  const centroids = Float32Array.from(take(k * h.space.dims, true));
  const papers = Object.fromEntries(COLUMNS.map((c) => [c, take(h.papers, FLOAT_COLUMNS.has(c))])) as unknown as PaperColumns;
  if (at !== copy.length) throw new RangeError('topic model bytes have the wrong length');
  const hs = h.space;
  const space: TopicSpace = hs.kind === 'embedding' ? hs : { kind: 'tfidf', dims: hs.dims, idf: new Map(hs.terms.map((t, i) => [t, hs.idf[i]!])) };
  const pca = h.map.pca && { mean: Float32Array.from(h.map.pca.mean), axes: Float32Array.from(h.map.pca.axes) };
  const map: LandmarkMap = { k: h.map.k, coords: Float64Array.from(h.map.coords), ...(pca ? { pca } : {}) };
  return new TopicModel(space, h.topics, centroids, map, h.builtPapers, papers, h.aliases, h.separation);
}
