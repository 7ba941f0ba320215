import { mulberry32 } from '../core/random.js';
import { describe, expect, it } from 'vitest';
import { ExactIndex } from './exact-index.js';
import type { VectorHit } from './vector-index.js';

const unit = (...xs: number[]): Float32Array => {
  const norm = Math.hypot(...xs);
  return Float32Array.from(xs, (x) => x / norm);
};

/** Deterministic pseudo-random unit vectors. */
function randomVectors(n: number, d: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => unit(...Array.from({ length: d }, () => rand() - 0.5)));
}

/** The reference: every admitted document scored in float64, best first, ties by lower docId. */
function brute(ids: number[], vecs: Float32Array[], q: Float32Array, k: number, filter?: (id: number) => boolean): number[] {
  return ids
    .map((id, i) => ({ id, s: vecs[i]!.reduce((acc, x, j) => acc + x * q[j]!, 0) }))
    .filter((h) => !filter || filter(h.id))
    .sort((a, b) => b.s - a.s || a.id - b.id)
    .slice(0, k)
    .map((h) => h.id);
}

const ids = (hits: VectorHit[]) => hits.map((h) => h.docId);

describe('ExactIndex', () => {
  it('returns the k nearest, best first, with cosine scores', () => {
    const index = new ExactIndex(3);
    index.upsert([10, 11, 12, 13], [unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0), unit(-1, 0, 0)]);
    const hits = index.search(unit(1, 0.2, 0), 3);
    expect(ids(hits)).toEqual([10, 12, 11]);
    expect(hits[0]!.score).toBeCloseTo(1 / Math.hypot(1, 0.2), 6);
    expect(hits[1]!.score).toBeCloseTo(1.2 / Math.hypot(1, 0.2) / Math.SQRT2, 6);
    expect(index.search(unit(1, 0, 0), 10)).toHaveLength(4);
    expect(index.search(unit(1, 0, 0), 0)).toEqual([]);
    expect(new ExactIndex(3).search(unit(1, 0, 0), 5)).toEqual([]);
  });

  it('breaks ties by the lower docId, at the k boundary too', () => {
    const index = new ExactIndex(2);
    index.upsert([7, 3, 9, 5, 1], [unit(1, 0), unit(1, 0), unit(0, 1), unit(1, 0), unit(1, 1)]);
    expect(ids(index.search(unit(1, 0), 2))).toEqual([3, 5]);
    expect(ids(index.search(unit(1, 0), 5))).toEqual([3, 5, 7, 1, 9]);
  });

  it('breaks ties by docId on the native scan path as well', () => {
    // 6000 x 64 values: large enough for the native scan (so is the filtered half); 5990 identical vectors tie.
    const d = 64;
    const index = new ExactIndex(d);
    const same = randomVectors(1, d, 1)[0]!;
    const others = randomVectors(10, d, 2);
    const docIds = Array.from({ length: 6000 }, (_, i) => 6000 - i);
    index.upsert(docIds, docIds.map((_, i) => (i < 10 ? others[i]! : same)));
    const hits = index.search(same, 5);
    expect(ids(hits)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(index.search(same, 5, (id) => id % 2 === 0))).toEqual([2, 4, 6, 8, 10]);
  });

  it('honours a filter', () => {
    const index = new ExactIndex(2);
    index.upsert([1, 2, 3, 4], [unit(1, 0), unit(1, 0.1), unit(1, 0.5), unit(0, 1)]);
    expect(ids(index.search(unit(1, 0), 2, (id) => id !== 1))).toEqual([2, 3]);
    expect(ids(index.search(unit(1, 0), 10, (id) => id === 4))).toEqual([4]);
    expect(index.search(unit(1, 0), 10, () => false)).toEqual([]);
  });

  it('matches brute force with and without filters on both scan paths', () => {
    const d = 48;
    for (const n of [300, 6000]) {
      const vecs = randomVectors(n, d, n);
      const docIds = vecs.map((_, i) => i * 7 + 1);
      const index = new ExactIndex(d);
      index.upsert(docIds, vecs);
      const filters: ((id: number) => boolean)[] = [(id) => id % 3 === 0, (id) => id % 100 < 90, (id) => id % 1000 === 1];
      for (const q of randomVectors(5, d, n + 1)) {
        expect(ids(index.search(q, 10))).toEqual(brute(docIds, vecs, q, 10));
        for (const f of filters) expect(ids(index.search(q, 10, f))).toEqual(brute(docIds, vecs, q, 10, f));
      }
    }
  });

  it('upsert replaces a vector; remove swaps the last row in', () => {
    const index = new ExactIndex(2);
    index.upsert([1, 2, 3, 4], [unit(1, 0), unit(0, 1), unit(1, 1), unit(-1, 0)]);
    index.upsert([2], [unit(-1, 0.01)]);
    expect(index.size).toBe(4);
    expect(ids(index.search(unit(-1, 0.02), 1))).toEqual([2]);
    expect(index.vectorOf(2)![0]).toBeCloseTo(-1, 3);

    index.remove(1); // row 0: doc 4 moves into it
    index.remove(99); // unknown: no-op
    expect(index.size).toBe(3);
    expect(index.has(1)).toBe(false);
    expect(ids(index.search(unit(1, 0), 3))).toEqual([3, 2, 4]);
    expect(index.vectorOf(4)![0]).toBeCloseTo(-1, 6);
    index.remove(4);
    index.remove(3);
    index.remove(2);
    expect(index.size).toBe(0);
    expect(index.search(unit(1, 0), 3)).toEqual([]);
    index.upsert([1], [unit(0, 1)]);
    expect(ids(index.search(unit(0, 1), 3))).toEqual([1]);
  });

  it('scores chosen documents', () => {
    const index = new ExactIndex(2);
    index.upsert([1, 2, 3], [unit(1, 0), unit(0, 1), unit(1, 1)]);
    expect(ids(index.scoreDocs(unit(1, 0), [2, 3, 42]))).toEqual([3, 2]);
  });

  it('rejects wrong dimensions and bad doc ids', () => {
    const index = new ExactIndex(3);
    expect(() => index.upsert([1], [unit(1, 0)])).toThrow(/2 dimensions, expected 3/);
    expect(() => index.upsert([-1], [unit(1, 0, 0)])).toThrow(/docId/);
    expect(() => index.upsert([1.5], [unit(1, 0, 0)])).toThrow(/docId/);
    expect(() => index.upsert([1, 2], [unit(1, 0, 0)])).toThrow(/2 doc ids but 1 vectors/);
    expect(() => index.search(unit(1, 0), 3)).toThrow(/query has 2 dimensions/);
    expect(() => new ExactIndex(0)).toThrow(RangeError);
  });

  it('round-trips through bytes, from any byte offset', () => {
    const d = 16;
    const vecs = randomVectors(500, d, 3);
    const docIds = vecs.map((_, i) => 1000 - i);
    const index = new ExactIndex(d);
    index.upsert(docIds, vecs);
    index.remove(990);
    const bytes = index.serialize();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copy = ExactIndex.deserialize(shifted.subarray(1));
    expect(copy.size).toBe(499);
    expect(copy.dimensions).toBe(d);
    for (const q of randomVectors(5, d, 4)) expect(copy.search(q, 10)).toEqual(index.search(q, 10));
    // The store hands back a Buffer, possibly a view into a larger pool.
    const pooled = Buffer.concat([Buffer.from('xyz'), bytes]).subarray(3);
    expect(ExactIndex.deserialize(pooled).search(vecs[9]!, 5)).toEqual(index.search(vecs[9]!, 5));
    copy.upsert([5000], [vecs[0]!]);
    expect(copy.size).toBe(500);
    expect(ExactIndex.deserialize(new ExactIndex(4).serialize()).size).toBe(0);
  });

  it('refuses foreign bytes clearly', () => {
    const index = new ExactIndex(4);
    index.upsert([1, 2], [unit(1, 0, 0, 0), unit(0, 1, 0, 0)]);
    const bytes = index.serialize();
    expect(() => ExactIndex.deserialize(new Uint8Array(3))).toThrow(/not a paperboy exact vector index: bad magic number/);
    expect(() => ExactIndex.deserialize(bytes.subarray(0, 10))).toThrow(/10 bytes is too short/);
    expect(() => ExactIndex.deserialize(new TextEncoder().encode('{"hello": "world", "x": 1}'))).toThrow(/bad magic number/);
    expect(() => ExactIndex.deserialize(bytes.subarray(0, bytes.length - 4))).toThrow(/header implies/);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, 99, true);
    expect(() => ExactIndex.deserialize(future)).toThrow(/format version 99 is not supported/);
    const repeated = bytes.slice();
    new DataView(repeated.buffer).setInt32(20, 1, true); // second doc id := first
    expect(() => ExactIndex.deserialize(repeated)).toThrow(/repeated/);
  });
});
