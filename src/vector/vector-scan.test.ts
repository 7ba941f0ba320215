import { describe, expect, it } from 'vitest';
import { bytesSource } from '../core/byte-source.js';
import { mulberry32 } from '../core/random.js';
import { ExactIndex } from './exact-index.js';
import { HnswIndex } from './hnsw-index.js';
import { openVectorScan, quantizeRows } from './vector-scan.js';
import type { VectorIndex } from './vector-index.js';

function randomUnit(n: number, d: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: d }, () => rand() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** Every admitted document scored in float64, best first. */
function brute(vecs: Float32Array[], q: Float32Array, k: number, filter?: (id: number) => boolean) {
  return vecs
    .map((v, i) => ({ docId: 100 + i, score: v.reduce((s, x, j) => s + x * q[j]!, 0) }))
    .filter((h) => !filter || filter(h.docId))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

const D = 24;
const vectors = randomUnit(800, D, 7);
const queries = randomUnit(20, D, 8);

/** The index saved, then searched in place through its int8 copy. */
function scanOf(index: VectorIndex) {
  index.upsert(vectors.map((_, i) => 100 + i), vectors);
  const saved = bytesSource(index.serialize());
  return openVectorScan(saved, bytesSource(Buffer.concat(quantizeRows(saved))));
}

describe('a saved vector index searched in place', () => {
  it('finds what an exact search of the saved ExactIndex finds, with its exact scores, filtered or not', () => {
    const index = new ExactIndex(D);
    const scan = scanOf(index);
    expect([scan.size, scan.dimensions]).toEqual([800, D]);
    const even = (id: number) => id % 2 === 0;
    for (const q of queries) {
      expect(scan.search(q, 10)).toEqual(index.search(q, 10));
      expect(scan.search(q, 10).map((h) => h.docId)).toEqual(brute(vectors, q, 10).map((h) => h.docId));
      expect(scan.search(q, 5, even).map((h) => h.docId)).toEqual(brute(vectors, q, 5, even).map((h) => h.docId));
    }
  });

  it("finds an HnswIndex's true nearest, scored from its f16 rows", () => {
    const scan = scanOf(new HnswIndex(D, { threads: 1 }));
    for (const q of queries) {
      const hits = scan.search(q, 10);
      const truth = brute(vectors, q, 10);
      // f16 rounding may swap near ties at the edge of the top 10, never more.
      expect(hits.slice(0, 8).filter((h) => truth.some((t) => t.docId === h.docId))).toHaveLength(8);
      hits.forEach((h) => expect(h.score).toBeCloseTo(brute(vectors, q, 800).find((t) => t.docId === h.docId)!.score, 2));
    }
  });

  it('refuses an int8 copy that is not of this index', () => {
    const a = new ExactIndex(D);
    a.upsert([1, 2], vectors.slice(0, 2));
    const b = new ExactIndex(D);
    b.upsert([1, 2, 3], vectors.slice(0, 3));
    const savedA = bytesSource(a.serialize());
    const otherCopy = bytesSource(Buffer.concat(quantizeRows(bytesSource(b.serialize()))));
    expect(() => openVectorScan(savedA, otherCopy)).toThrow(/not the int8 rows of this vector index/);
    expect(() => openVectorScan(savedA, bytesSource(new Uint8Array(10)))).toThrow(/too short/);
  });
});
