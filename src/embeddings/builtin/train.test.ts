import { describe, expect, it } from 'vitest';
import type { StaticModel } from './static-model.js';
import { mulberry32 } from '../../core/random.js';
import { contrastiveLossAndGrad, type Pair, trainStaticModel, type TrainingDoc } from './train.js';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('contrastiveLossAndGrad', () => {
  it('matches a numerical gradient on a tiny model', () => {
    const dim = 4;
    const terms = 7;
    const rng = mulberry32(3);
    const vectors = new Float32Array(terms * dim).map(() => rng() * 2 - 1);
    const bag = (ids: number[], weights: number[]) => ({ ids: new Int32Array(ids), weights: new Float32Array(weights) });
    const batch: Pair[] = [
      { left: bag([0, 1], [0.25, 0.75]), right: bag([2, 3, 1], [0.5, 0.3, 0.2]), group: 0 },
      { left: bag([4], [1]), right: bag([5, 0], [0.6, 0.4]), group: 1 },
      { left: bag([6, 2], [0.5, 0.5]), right: bag([3], [1]), group: 2 },
      // Same group as the first pair: masked out as a negative for it.
      { left: bag([1, 5], [0.9, 0.1]), right: bag([6, 4], [0.3, 0.7]), group: 0 },
    ];
    const temperature = 0.5;
    const grad = new Float32Array(vectors.length);
    const loss = contrastiveLossAndGrad(vectors, dim, batch, temperature, grad);
    expect(loss).toBeGreaterThan(0);
    const lossAt = (v: Float32Array) => contrastiveLossAndGrad(v, dim, batch, temperature, new Float32Array(v.length));
    const eps = 1e-3;
    for (let i = 0; i < vectors.length; i++) {
      const plus = vectors.slice();
      const minus = vectors.slice();
      plus[i]! += eps;
      minus[i]! -= eps;
      const numerical = (lossAt(plus) - lossAt(minus)) / (plus[i]! - minus[i]!);
      expect(Math.abs(numerical - grad[i]!)).toBeLessThan(1e-3 + 1e-2 * Math.abs(grad[i]!));
    }
  });
});

/** Two invented topics; each document uses a random handful of its topic's words. */
function inventedCorpus(seed: number): TrainingDoc[] {
  const topics = [
    ['galaxy', 'telescope', 'nebula', 'orbit', 'planet', 'comet', 'quasar', 'supernova', 'asteroid', 'pulsar'],
    ['flour', 'oven', 'dough', 'butter', 'sugar', 'yeast', 'pastry', 'whisk', 'caramel', 'biscuit'],
  ];
  const rng = mulberry32(seed);
  const pick = (words: string[], n: number) => Array.from({ length: n }, () => words[Math.floor(rng() * words.length)]!);
  const docs: TrainingDoc[] = [];
  for (let i = 0; i < 60; i++) {
    const words = topics[i % 2]!;
    const sentence = () => `${pick(words, 5).join(' ')}.`;
    docs.push({ title: pick(words, 3).join(' '), abstract: [sentence(), sentence(), sentence()].join(' ') });
  }
  return docs;
}

const train = (seed: number): StaticModel =>
  trainStaticModel(inventedCorpus(7), { dimensions: 16, epochs: 4, batchSize: 16, seed });

describe('trainStaticModel', () => {
  it('puts related texts closer than unrelated ones, without shared words', () => {
    const model = train(1);
    const [query, related, unrelated] = model.embed(['telescope quasar', 'nebula comet orbit', 'dough yeast butter']);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it('is deterministic for a seed', () => {
    const a = train(5);
    const b = train(5);
    const c = train(6);
    expect(a.terms).toEqual(b.terms);
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    expect(a.weightsHash()).toBe(b.weightsHash());
    expect(a.weightsHash()).not.toBe(c.weightsHash());
  });

  it('reports progress up to done', () => {
    const progress: number[] = [];
    trainStaticModel(inventedCorpus(2), { dimensions: 8, epochs: 2, batchSize: 32 }, (p) => progress.push(p.done));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeCloseTo(1, 9);
  });

  it('trains on an empty library', () => {
    expect(trainStaticModel([], { dimensions: 8 }).vocabularySize).toBe(0);
  });
});
