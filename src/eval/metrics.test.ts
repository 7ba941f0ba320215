import { describe, expect, it } from 'vitest';
import { aggregate, isJudged, mrrAt, ndcgAt, recallAt, scoreQuery } from './metrics.js';

const qrels = (entries: Record<string, number>) => new Map(Object.entries(entries));
// Discounts: 1/log2(2) = 1, 1/log2(3) = 0.630930, 1/log2(4) = 0.5, 1/log2(5) = 0.430677.

describe('ndcgAt', () => {
  it('divides DCG by the ideal DCG of the judged relevant documents', () => {
    // b at rank 2, d at rank 4: DCG = 0.630930 + 0.430677 = 1.061607.
    // Ideal: three relevant (b, d, e) at ranks 1-3: 1 + 0.630930 + 0.5 = 2.130930.
    // nDCG = 1.061607 / 2.130930 = 0.498190.
    expect(ndcgAt(['a', 'b', 'c', 'd'], qrels({ b: 1, d: 1, e: 1 }), 10)).toBeCloseTo(0.49819, 5);
  });

  it('uses graded relevance as the gain, and the ideal from the highest grades', () => {
    // DCG@3 = 1/1 (x) + 2 * 0.630930 (y) + 0 (z) = 2.261860.
    // Ideal@3 = 3/1 (w) + 2 * 0.630930 (y) + 1 * 0.5 (x) = 4.761860.
    // nDCG = 2.261860 / 4.761860 = 0.474998.
    expect(ndcgAt(['x', 'y', 'z'], qrels({ x: 1, y: 2, z: 0, w: 3 }), 3)).toBeCloseTo(0.474998, 5);
  });

  it('cuts both the ranking and the ideal at k', () => {
    // @1: DCG = 0 (a), ideal = 1 → 0. @2: DCG = 0.630930 (b), ideal = 1 + 0.630930 (two relevant) → 0.386853.
    const q = qrels({ b: 1, c: 1 });
    expect(ndcgAt(['a', 'b'], q, 1)).toBe(0);
    expect(ndcgAt(['a', 'b'], q, 2)).toBeCloseTo(0.630930 / 1.630930, 6);
  });

  it('gives 1 for the ideal ranking, even when k is larger than the list', () => {
    expect(ndcgAt(['b'], qrels({ b: 1 }), 10)).toBe(1);
    expect(ndcgAt(['y', 'x', 'z'], qrels({ x: 1, y: 2 }), 100)).toBe(1);
  });

  it('counts a repeated document once, at its first place, and moves the rest up', () => {
    // [a, a, b] is read as [a, b]: b at rank 2 → 0.630930 / 1.
    expect(ndcgAt(['a', 'a', 'b'], qrels({ b: 1 }), 2)).toBeCloseTo(0.630930, 6);
    // [b, b] is read as [b]: DCG = 1; ideal (b, c) = 1.630930 → 0.613147, not 1.
    expect(ndcgAt(['b', 'b'], qrels({ b: 1, c: 1 }), 10)).toBeCloseTo(1 / 1.630930, 6);
  });

  it('gives 0 when nothing relevant is retrieved or nothing is relevant, and ignores negative grades', () => {
    expect(ndcgAt(['a', 'c'], qrels({ b: 1 }), 10)).toBe(0);
    expect(ndcgAt([], qrels({ b: 1 }), 10)).toBe(0);
    expect(ndcgAt(['a'], qrels({ a: 0 }), 10)).toBe(0);
    // a (-1) gains 0; b at rank 2: 0.630930 / ideal 1.
    expect(ndcgAt(['a', 'b'], qrels({ a: -1, b: 1 }), 10)).toBeCloseTo(0.630930, 6);
  });
});

describe('recallAt', () => {
  it('is the share of relevant documents found in the top k', () => {
    const q = qrels({ b: 1, d: 2, e: 1, z: 0 });
    // Relevant: b, d, e (z is judged not relevant). Top 100 has b, d → 2/3; top 2 has b → 1/3.
    expect(recallAt(['a', 'b', 'c', 'd'], q, 100)).toBeCloseTo(2 / 3, 10);
    expect(recallAt(['a', 'b', 'c', 'd'], q, 2)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(['b', 'b', 'b'], q, 100)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(['z'], q, 100)).toBe(0);
    expect(recallAt(['a'], qrels({ a: 0 }), 100)).toBe(0);
  });
});

describe('mrrAt', () => {
  it('is 1 / the rank of the first relevant document within k', () => {
    const q = qrels({ b: 1, d: 1 });
    expect(mrrAt(['a', 'b', 'c', 'd'], q, 10)).toBe(1 / 2);
    expect(mrrAt(['a', 'b'], q, 1)).toBe(0);
    expect(mrrAt(['d'], q, 10)).toBe(1);
    // Graded: any grade above 0 is relevant; 0 is not.
    expect(mrrAt(['z', 'y'], qrels({ z: 0, y: 2 }), 10)).toBe(1 / 2);
    // [a, a, b] is read as [a, b].
    expect(mrrAt(['a', 'a', 'b'], q, 10)).toBe(1 / 2);
    expect(mrrAt([], q, 10)).toBe(0);
  });
});

describe('aggregate', () => {
  it('averages per-query figures and counts the queries', () => {
    // Query 1: [b] with {b} → 1, 1, 1. Query 2: [a, b] with {b, c} → nDCG 0.630930 / 1.630930 = 0.386853,
    // recall 1/2, MRR 1/2. Means: nDCG 0.693426, recall 0.75, MRR 0.75.
    const m = aggregate([scoreQuery(['b'], qrels({ b: 1 })), scoreQuery(['a', 'b'], qrels({ b: 1, c: 1 }))]);
    expect(m['ndcg@10']).toBeCloseTo((1 + 0.630930 / 1.630930) / 2, 6);
    expect(m['recall@100']).toBe(0.75);
    expect(m['mrr@10']).toBe(0.75);
    expect(m.queries).toBe(2);
  });

  it('gives zeros for no queries', () => {
    expect(aggregate([])).toEqual({ 'ndcg@10': 0, 'recall@100': 0, 'mrr@10': 0, queries: 0 });
  });

  it('judges a query only when it has a relevant document', () => {
    expect(isJudged(qrels({ a: 1 }))).toBe(true);
    expect(isJudged(qrels({ a: 0 }))).toBe(false);
    expect(isJudged(undefined)).toBe(false);
  });
});
