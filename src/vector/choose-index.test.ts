import { describe, expect, it } from 'vitest';
import { createVectorIndex, deserializeVectorIndex, EXACT_MAX_DOCS } from './choose-index.js';
import { ExactIndex } from './exact-index.js';
import { HnswIndex } from './hnsw-index.js';

const vectors = (n: number, d: number) =>
  Array.from({ length: n }, (_, i) => {
    const v = Float32Array.from({ length: d }, (_, j) => Math.sin(i * 7 + j * 3));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });

describe('createVectorIndex', () => {
  it('is exact for small libraries and HNSW for large ones', () => {
    expect(createVectorIndex(16, 0)).toBeInstanceOf(ExactIndex);
    expect(createVectorIndex(16, EXACT_MAX_DOCS - 1)).toBeInstanceOf(ExactIndex);
    expect(createVectorIndex(16, EXACT_MAX_DOCS)).toBeInstanceOf(HnswIndex);
    const hnsw = createVectorIndex(16, 1_000_000, { connectivity: 8 }) as HnswIndex;
    expect(hnsw.options.connectivity).toBe(8);
    expect(hnsw.dimensions).toBe(16);
  });
});

describe('deserializeVectorIndex', () => {
  it('reads back either kind', () => {
    const vs = vectors(200, 16);
    const ids = vs.map((_, i) => i + 1);
    for (const index of [new ExactIndex(16), new HnswIndex(16)]) {
      index.upsert(ids, vs);
      const copy = deserializeVectorIndex(index.serialize());
      expect(copy).toBeInstanceOf(index.constructor);
      expect(copy.size).toBe(200);
      expect(copy.search(vs[4]!, 5)).toEqual(index.search(vs[4]!, 5));
    }
  });

  it('refuses anything else clearly', () => {
    expect(() => deserializeVectorIndex(new Uint8Array(0))).toThrow(/not a paperboy vector index: 0 bytes is too short/);
    expect(() => deserializeVectorIndex(new TextEncoder().encode('SQLite format 3\0'))).toThrow(/not a paperboy vector index: bad magic number/);
    const hnswBytes = new HnswIndex(4).serialize();
    expect(() => deserializeVectorIndex(hnswBytes.subarray(0, 30))).toThrow(/HNSW vector index: 30 bytes is too short/);
  });
});
