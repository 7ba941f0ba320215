import { describe, expect, it } from 'vitest';
import { ExactIndex } from './exact-index.js';
import { halfToFloat, toHalf } from './half-float.js';
import { HnswIndex } from './hnsw-index.js';
import type { VectorHit } from './vector-index.js';
import { clusteredVectors, normalise } from './test-support/clustered-vectors.js';

const clustered = (n: number, d: number, clusters: number, noise: number, seed: number) => clusteredVectors(n, d, clusters, noise, seed);

const ids = (hits: VectorHit[]) => hits.map((h) => h.docId);

function recall(found: VectorHit[][], truth: VectorHit[][]): number {
  let hit = 0;
  let all = 0;
  found.forEach((f, i) => {
    const want = new Set(ids(truth[i]!));
    hit += f.filter((h) => want.has(h.docId)).length;
    all += want.size;
  });
  return hit / all;
}

describe('HnswIndex', () => {
  const d = 64;
  const n = 5000;
  // Documents and 100 fresh queries drawn around the same centres.
  const drawn = clustered(n + 100, d, 40, 0.8, 42);
  const vecs = drawn.slice(0, n);
  const queries = drawn.slice(n);
  const docIds = vecs.map((_, i) => 3 * i + 2);
  const nearQueries = vecs.slice(0, 100).map((v, i) => normalise(Float32Array.from(v, (x, j) => x + 0.05 * Math.sin(i + j))));
  const exact = new ExactIndex(d);
  exact.upsert(docIds, vecs);
  // Built on one thread: usearch's concurrent add() can leave a few nodes unreachable by search
  // (unum-cloud/USearch#735), so a multi-threaded build made "finds itself first" fail now and
  // then. A one-thread build is deterministic and strands none; `graphOnly` below still builds
  // on every core, where only recall is asserted.
  const hnsw = new HnswIndex(d, { threads: 1 });
  hnsw.upsert(docIds, vecs);

  it('finds the exact top 10 with recall >= 0.95 on clustered vectors', () => {
    expect(hnsw.size).toBe(n);
    for (const qs of [queries, nearQueries]) {
      const r = recall(
        qs.map((q) => hnsw.search(q, 10)),
        qs.map((q) => exact.search(q, 10)),
      );
      expect(r).toBeGreaterThanOrEqual(0.95);
    }
    const hits = hnsw.search(vecs[7]!, 3);
    expect(hits[0]!.docId).toBe(docIds[7]);
    expect(hits[0]!.score).toBeCloseTo(1, 3);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });

  it('answers a selective filter exactly', () => {
    const allowed = (id: number) => id % 97 === 0; // ~50 documents
    for (const q of nearQueries.slice(0, 20)) {
      const got = hnsw.search(q, 10, allowed);
      const want = exact.search(q, 10, allowed);
      expect(ids(got)).toEqual(ids(want));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 2));
    }
    expect(hnsw.search(nearQueries[0]!, 10, () => false)).toEqual([]);
  });

  it('answers broad and middling filters through the graph with high recall', () => {
    const broad = (id: number) => id % 2 === 0;
    const middling = (id: number) => id % 20 === 2; // ~250 documents, beyond a small exactLimit
    const graphOnly = new HnswIndex(d, { exactLimit: 50 });
    graphOnly.upsert(docIds, vecs);
    for (const [index, filter] of [
      [hnsw, broad],
      [graphOnly, middling],
    ] as const) {
      const found = nearQueries.map((q) => index.search(q, 10, filter));
      for (const hits of found) {
        expect(hits).toHaveLength(10);
        expect(hits.every((h) => filter(h.docId))).toBe(true);
      }
      expect(recall(found, nearQueries.map((q) => exact.search(q, 10, filter)))).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('replaces on upsert and never returns removed documents', () => {
    const index = new HnswIndex(d, { connectivity: 8, threads: 1 }); // one thread: see `hnsw`
    index.upsert(docIds.slice(0, 500), vecs.slice(0, 500));
    expect(index.search(vecs[3]!, 1)[0]!.docId).toBe(docIds[3]);
    index.upsert([docIds[3]!], [vecs[600]!]); // doc 3 now holds vector 600
    expect(index.size).toBe(500);
    expect(index.search(vecs[600]!, 1)[0]!.docId).toBe(docIds[3]);
    const stale = index.search(vecs[3]!, 50).find((h) => h.docId === docIds[3]);
    expect(stale?.score ?? -1).toBeLessThan(0.99); // its old vector is gone

    for (let i = 10; i < 20; i++) index.remove(docIds[i]!);
    index.remove(123456); // unknown: no-op
    expect(index.size).toBe(490);
    for (let i = 10; i < 20; i++) {
      expect(ids(index.search(vecs[i]!, 20))).not.toContain(docIds[i]);
      expect(ids(index.search(vecs[i]!, 20, () => true))).not.toContain(docIds[i]);
    }
    // Upserted and removed before any search: never reaches the graph.
    index.upsert([999_999], [vecs[700]!]);
    index.remove(999_999);
    expect(ids(index.search(vecs[700]!, 5))).not.toContain(999_999);
    // Re-added after removal.
    index.upsert([docIds[10]!], [vecs[10]!]);
    expect(index.search(vecs[10]!, 1)[0]!.docId).toBe(docIds[10]);
    expect(index.size).toBe(491);
  });

  it('round-trips through bytes with identical results', () => {
    const index = new HnswIndex(d, { connectivity: 12, expansionSearch: 80, threads: 1 }); // one thread: see `hnsw`
    index.upsert(docIds.slice(0, 2000), vecs.slice(0, 2000));
    index.remove(docIds[5]!);
    const bytes = index.serialize();
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const copy = HnswIndex.deserialize(shifted.subarray(3));
    expect(copy.size).toBe(1999);
    expect(copy.options).toMatchObject({ connectivity: 12, expansionSearch: 80, quantization: 'f16' });
    const selective = (id: number) => id % 50 === 0;
    for (const q of [...queries.slice(0, 20), ...nearQueries.slice(0, 20)]) {
      expect(copy.search(q, 10)).toEqual(index.search(q, 10));
      expect(copy.search(q, 10, selective)).toEqual(index.search(q, 10, selective));
    }
    // The store hands back a Buffer, possibly a view into a larger pool.
    const pooled = Buffer.concat([Buffer.from('xyz'), bytes]).subarray(3);
    expect(HnswIndex.deserialize(pooled).search(vecs[9]!, 5)).toEqual(index.search(vecs[9]!, 5));
    // The copy is a working index.
    copy.upsert([docIds[5]!], [vecs[5]!]);
    expect(copy.search(vecs[5]!, 1)[0]!.docId).toBe(docIds[5]);
    expect(HnswIndex.deserialize(new HnswIndex(8).serialize()).size).toBe(0);
  });

  it('refuses foreign or corrupt bytes instead of handing them to usearch', () => {
    const index = new HnswIndex(8);
    index.upsert([1, 2, 3], [normalise(new Float32Array(8).fill(1)), normalise(Float32Array.from({ length: 8 }, (_, i) => i)), normalise(Float32Array.from({ length: 8 }, (_, i) => 8 - i))]);
    const bytes = index.serialize();
    expect(() => HnswIndex.deserialize(new Uint8Array(10))).toThrow(/not a paperboy HNSW vector index: bad magic number/);
    expect(() => HnswIndex.deserialize(bytes.subarray(0, 10))).toThrow(/10 bytes is too short/);
    expect(() => HnswIndex.deserialize(new TextEncoder().encode('usearch usearch usearch usearch usearch usearch'))).toThrow(/bad magic number/);
    expect(() => HnswIndex.deserialize(bytes.subarray(0, bytes.length - 1))).toThrow(/header implies/);
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 20]! ^= 0xff; // inside the usearch file
    expect(() => HnswIndex.deserialize(corrupt)).toThrow(/checksum mismatch/);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, 2, true);
    expect(() => HnswIndex.deserialize(future)).toThrow(/format version 2 is not supported/);
    const exactBytes = new ExactIndex(8).serialize();
    expect(() => HnswIndex.deserialize(exactBytes)).toThrow(/bad magic number/);
  });

  it('scores exactly when the dimensions are not a multiple of 4', () => {
    const odd = clustered(300, 7, 5, 0.8, 9);
    const oddIds = odd.map((_, i) => i);
    const index = new HnswIndex(7);
    const reference = new ExactIndex(7);
    index.upsert(oddIds, odd);
    reference.upsert(oddIds, odd);
    const allowed = (id: number) => id % 13 === 0;
    for (const q of odd.slice(0, 10)) {
      const got = index.search(q, 5, allowed);
      const want = reference.search(q, 5, allowed);
      expect(ids(got)).toEqual(ids(want));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 2));
    }
  });

  it('rejects bad options and inputs', () => {
    expect(() => new HnswIndex(8, { connectivity: -1 })).toThrow(/connectivity/);
    expect(() => new HnswIndex(8, { quantization: 'f8' as never })).toThrow(/quantization/);
    expect(() => new HnswIndex(8).upsert([1], [new Float32Array(4)])).toThrow(/4 dimensions, expected 8/);
    expect(() => hnsw.search(new Float32Array(3), 10)).toThrow(/query has 3 dimensions/);
    expect(new HnswIndex(8).search(new Float32Array(8).fill(0.5), 10)).toEqual([]);
    expect(hnsw.search(vecs[0]!, 0)).toEqual([]);
  });
});

describe('f16 conversion', () => {
  it('rounds to nearest even and round-trips every half', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0)).toBe(0);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(2 ** -24)).toBe(1); // smallest subnormal
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway: to even
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    const wrong: number[] = [];
    for (let h = 1; h < 0x7c00; h++) {
      if (toHalf(halfToFloat()[h]!) !== h || toHalf(-halfToFloat()[h]!) !== (h | 0x8000)) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });
});
