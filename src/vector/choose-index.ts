/**
 * Which VectorIndex a library gets, and reading one back from its artifact bytes.
 *
 * Exact below EXACT_MAX_DOCS documents, HNSW from there. Measured with bench/vector-index.ts on
 * the 2-core benchmark machine (shared, so p50s vary by ~2x between runs):
 *
 * - Exact scan p50 by size, 256 dims: 5k 0.35-0.46 ms, 20k 1.2-3.4 ms, 50k 3.0-5.5 ms, 100k 6-17
 *   ms, 200k 19-39 ms; 384 dims: 20k 4 ms, 50k 6.4 ms, 100k 12.6 ms. No build (75k: 0.1 s), recall 1.
 * - HNSW: p50 ~0.3 ms at 75k (recall@10 0.998), but a build of ~0.7 ms of CPU per document at
 *   256 dims, ~1 ms at 384 (75k x 256: 52 s of CPU, 26 s on two idle cores), an artifact ~15%
 *   larger than the exact one, and ~2x slower loading.
 *
 * Up to 50k documents the scan stays within a few milliseconds, interactive for a CLI or a
 * server, while a graph would cost half a minute of build on every rebuild; past it the scan
 * grows linearly and the graph's build is worth its sub-millisecond queries.
 */
import { ExactIndex } from './exact-index.js';
import { HnswIndex, type HnswOptions } from './hnsw-index.js';
import { EXACT_MAGIC, HNSW_MAGIC } from './saved-rows.js';
import type { VectorIndex } from './vector-index.js';

export const EXACT_MAX_DOCS = 50_000;

/** An empty index suited to a library expected to hold `expectedSize` vectors. */
export function createVectorIndex(dimensions: number, expectedSize: number, hnswOptions: HnswOptions = {}): VectorIndex {
  return expectedSize < EXACT_MAX_DOCS ? new ExactIndex(dimensions) : new HnswIndex(dimensions, hnswOptions);
}

/** Reads any VectorIndex's `serialize()` output; throws an Error naming the problem otherwise. */
export function deserializeVectorIndex(bytes: Uint8Array): VectorIndex {
  if (bytes.length < 4) throw new Error(`not a paperboy vector index: ${bytes.length} bytes is too short`);
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (magic === EXACT_MAGIC) return ExactIndex.deserialize(bytes);
  if (magic === HNSW_MAGIC) return HnswIndex.deserialize(bytes);
  throw new Error('not a paperboy vector index: bad magic number');
}
