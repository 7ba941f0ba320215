import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  benchRelatedPapers,
  chanceShare,
  loadArxivPapers,
  sampleIndexes,
  SKLEARN_ENGLISH_STOP_WORDS,
  sklearnWords,
  TfidfRelated,
} from './tfidf-related.js';

// After stop words ("for", "in", "and"): d0 graph neural networks graph molecules graph,
// d1 graph neural networks scale, d2 molecules water, d3 water waves tides, d4 graph water.
const CORPUS = [
  'Graph neural networks for graph molecules, graph',
  'Graph Neural Networks scale',
  'Molecules in water',
  'Water waves and tides',
  'Graph water',
];

describe('sklearnWords', () => {
  it('lowercases, strips accents, applies the token pattern and the stop list', () => {
    expect(SKLEARN_ENGLISH_STOP_WORDS.size).toBe(318);
    // "b" is one letter, "3d" starts with a digit, "αbc" has no word boundary before "b" in
    // Python's Unicode \b; "the" and "amoungst" are stop words.
    expect(sklearnWords("Über-fast, naïve B-trees don't x2 _id 3d αbc the amoungst")).toEqual(['uber', 'fast', 'naive', 'trees', 'don', 'x2', '_id']);
  });
});

describe('TfidfRelated', () => {
  it('weights one document as sklearn would', () => {
    const m = new TfidfRelated(CORPUS, { minDf: 2, maxDf: 1.0 });
    // df >= 2: graph 3 (d0 d1 d4), water 3 (d2 d3 d4), and 2 each for molecules, networks, neural,
    // "graph neural", "neural networks". Features in alphabetical order.
    expect(m.terms).toEqual(['graph', 'graph neural', 'molecules', 'networks', 'neural', 'neural networks', 'water']);
    // Smooth idf with n = 5: df 3 -> ln(6/4) + 1 = 1.4054651081; df 2 -> ln(6/3) + 1 = 1.6931471806.
    expect(m.idf[0]).toBeCloseTo(1.4054651081081644, 12);
    expect(m.idf[2]).toBeCloseTo(1.6931471805599454, 12);
    // d0: graph tf 3 -> (1 + ln 3) * 1.4054651081 = 2.0986122887 * 1.4054651081 = 2.9495263472;
    // five features with tf 1 -> 1 * 1.6931471806. Norm: sqrt(2.9495263472^2 + 5 * 1.6931471806^2)
    // = sqrt(8.6997053 + 14.3337372) = sqrt(23.0334425) = 4.7993168835.
    // graph: 2.9495263472 / 4.7993168835 = 0.6145721191; the others 1.6931471806 / 4.7993168835 = 0.3527892035.
    const v = m.vector(0);
    expect([...v.keys()]).toEqual(['graph', 'graph neural', 'molecules', 'networks', 'neural', 'neural networks']);
    expect(v.get('graph')).toBeCloseTo(0.6145721190731481, 6);
    for (const term of ['graph neural', 'molecules', 'networks', 'neural', 'neural networks']) expect(v.get(term)).toBeCloseTo(0.3527892034793412, 6);
  });

  it('applies max_df, then keeps the max_features most frequent in the corpus', () => {
    // high = 0.5 * 5 = 2.5 drops graph and water (df 3).
    expect(new TfidfRelated(CORPUS, { minDf: 2, maxDf: 0.5 }).terms).toEqual(['graph neural', 'molecules', 'networks', 'neural', 'neural networks']);
    // Corpus counts: graph 5, water 3, the rest 2: the tie at the cut goes alphabetically.
    expect(new TfidfRelated(CORPUS, { minDf: 2, maxDf: 1.0, maxFeatures: 3 }).terms).toEqual(['graph', 'graph neural', 'water']);
  });

  it('ranks by cosine, without the query, only documents sharing a feature', () => {
    const m = new TfidfRelated(CORPUS, { minDf: 1, maxDf: 1.0 });
    expect(m.related(1, 10)).toEqual([0, 4]); // d2 and d3 share no word with d1
    expect(m.related(1, 1)).toEqual([0]);
    // Scores are the dot products of the stored vectors.
    const dot = (a: number, b: number) => [...m.vector(a)].reduce((s, [t, w]) => s + w * (m.vector(b).get(t) ?? 0), 0);
    const scored = m.relatedScored(2, 10);
    expect(scored.map((r) => r.doc)).not.toContain(2);
    for (const r of scored) expect(r.score).toBeCloseTo(dot(2, r.doc), 6);
    expect(scored.map((r) => r.score)).toEqual([...scored.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('breaks ties by the lower document index', () => {
    const m = new TfidfRelated(['alpha beta', 'alpha beta', 'alpha beta', 'gamma delta'], { minDf: 1, maxDf: 1.0 });
    expect(m.related(1, 2)).toEqual([0, 2]);
    expect(m.related(0, 5)).toEqual([1, 2]);
  });
});

describe('benchRelatedPapers', () => {
  const docs = ['A', 'A', 'A', 'B'].map((primaryCategory) => ({ primaryCategory }));

  it('scores the share of same-category papers over k, paired against the first method', async () => {
    const figures = await benchRelatedPapers(
      [
        { name: 'same', related: (q) => docs.map((_, i) => i).filter((i) => i !== q && docs[i]!.primaryCategory === docs[q]!.primaryCategory) },
        { name: 'other', related: async (q) => docs.map((_, i) => i).filter((i) => docs[i]!.primaryCategory !== docs[q]!.primaryCategory) },
      ],
      docs,
      [0, 1, 2],
      { k: 2, resamples: 200 },
    );
    expect(figures[0]).toMatchObject({ name: 'same', queries: 3, sameCategoryShare: 1, ci95: [1, 1], meanReturned: 2 });
    expect(figures[1]).toMatchObject({ name: 'other', sameCategoryShare: 0, meanReturned: 1, vsFirst: { difference: -1, ci95: [-1, -1] } });
  });

  it('computes chance exactly', () => {
    const chance = chanceShare(docs, [3]);
    expect(chance.sumP2).toBeCloseTo(0.75 ** 2 + 0.25 ** 2, 12);
    expect(chance.excludingSelf).toBeCloseTo((3 * 2) / (4 * 3), 12);
    expect(chance.onSample).toBe(0); // B has no other paper
  });

  it('draws a fixed sample of distinct indexes', () => {
    const sample = sampleIndexes(1000, 200);
    expect(sample).toEqual(sampleIndexes(1000, 200));
    expect(new Set(sample).size).toBe(200);
    expect(Math.max(...sample)).toBeLessThan(1000);
  });
});

describe('loadArxivPapers', () => {
  it('reads the gzipped listings in file order, keeping the first of each id', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-tfidf-'));
    try {
      const line = (id: string, title: string, categories: string[]) => JSON.stringify({ id, title, summary: `${title}.`, categories, authors: ['A. Author'], date: '2025-01-01' });
      writeFileSync(path.join(dir, '2025-02.jsonl.gz'), gzipSync(`${line('2', 'Second', ['cs.LG'])}\n${line('1', 'Later copy', ['cs.AI'])}\n`));
      writeFileSync(path.join(dir, '2025-01.jsonl.gz'), gzipSync(`${line('1', 'First', ['cs.CL', 'cs.LG'])}\n`));
      const papers = loadArxivPapers(dir)!;
      expect(papers.map((p) => [p.id, p.title, p.primaryCategory])).toEqual([
        ['1', 'First', 'cs.CL'],
        ['2', 'Second', 'cs.LG'],
      ]);
      expect(loadArxivPapers(path.join(dir, 'absent'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
