/**
 * Which VectorIndex a library gets, and reading one back from its artifact bytes.
 *
 * Exact below EXACT_MAX_DOCS documents, HNSW from there. Measured on the 2-core benchmark machine
 * (bench/vector-index.ts, 256 dimensions): an exact scan costs ~0.1 ms per 1,000 documents
 * (native SIMD scan plus rescoring), so 20k documents answer in ~2 ms, while HNSW answers in
 * ~0.3 ms but costs ~0.2 ms per document to build (20k: ~4 s, against nothing for exact), a
 * second copy of the vectors in its artifact, and is approximate. Below ~20k the exact scan is
 * fast enough for interactive search and needs no build; above it, the scan grows linearly
 * (75k: ~8 ms, 200k: ~20 ms) while the graph stays under a millisecond.
 */
import { EXACT_MAGIC, ExactIndex } from './exact-index.js';
import { HNSW_MAGIC, HnswIndex, type HnswOptions } from './hnsw-index.js';
import type { VectorIndex } from './vector-index.js';

export const EXACT_MAX_DOCS = 20_000;

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
