import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/random.js';
import { normalize } from './spherical-kmeans.js';
import { buildTopicModel } from './build-topic-model.js';
import { deserializeTopicModel, serializeTopicModel } from './topic-model-codec.js';
import { bestSeparation, candidateTopicCounts, chanceCopies, separated, shuffledDimensions } from './topic-separation.js';

const D = 32;

/** n unit rows: around `groups` orthogonal directions with noise, or (groups 0) uniformly random. */
function rows(n: number, groups: number, seed: number, noise = 0.35): Float32Array {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const data = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < D; j++) data[i * D + j] = (groups ? noise : 1) * gauss();
    if (groups) data[i * D + (i % groups)]! += 1;
    normalize(data, i * D, D);
  }
  return data;
}

describe('whether papers split into topics', () => {
  it('finds the groups there are, well above chance', () => {
    const data = rows(90, 3, 1);
    const s = bestSeparation(data, D, candidateTopicCounts(90, 2), 7, chanceCopies(shuffledDimensions(data, D), 7));
    expect(s.k).toBe(3);
    expect(separated(s)).toBe(true);
    expect(s.score - s.chance).toBeGreaterThan(0.1);
  });

  it('finds none in papers without topics: k-means still splits them, but no better than chance', () => {
    const data = rows(90, 0, 2);
    const copies = chanceCopies(shuffledDimensions(data, D), 7);
    const s = bestSeparation(data, D, candidateTopicCounts(90, 2), 7, copies);
    expect(s.score).toBeGreaterThan(0); // k-means always "finds" clusters
    expect(separated(s)).toBe(false);
    expect(separated(bestSeparation(data, D, [3], 7, copies))).toBe(false);
  });

  it('tries 2 to a dozen counts for a small library, only the default rule for a large one', () => {
    expect(candidateTopicCounts(71, 2)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(candidateTopicCounts(200, 3)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(candidateTopicCounts(10, 2)).toEqual([2]);
    expect(candidateTopicCounts(75_000, 61)).toEqual([61]);
  });

  it('a library without topics gets one group, shown as none, with its figures; one with topics gets them', () => {
    const build = (data: Float32Array) =>
      buildTopicModel({
        papers: Array.from({ length: data.length / D }, (_, i) => ({ docId: i + 1, terms: [`w${i % 7}`], day: 19_800 + i, upvotes: 0 })),
        vectors: new Map(Array.from({ length: data.length / D }, (_, i) => [i + 1, data.subarray(i * D, (i + 1) * D)] as const)),
        space: { kind: 'embedding', modelId: 'test', dims: D, generation: 0 },
        surface: (t) => t,
        seed: 5,
        tag: 't',
      });
    const none = build(rows(90, 0, 4));
    expect(none.clustered).toBe(false);
    expect(none.topics).toHaveLength(1);
    expect(none.separation!.score - none.separation!.chance).toBeLessThan(0.02);
    // Stored and read back, it keeps its figures and its map.
    const again = deserializeTopicModel(serializeTopicModel(none));
    expect(again.separation).toEqual(none.separation);
    expect(again.clustered).toBe(false);
    expect(again.map.pca ? [...again.map.pca.axes] : undefined).toEqual(none.map.pca ? [...none.map.pca.axes] : undefined);
    expect(again.locate(rows(1, 0, 8))).toEqual(none.locate(rows(1, 0, 8)));
    const three = build(rows(90, 3, 5));
    expect(three.clustered).toBe(true);
    expect(three.topics).toHaveLength(3);
  });
});
