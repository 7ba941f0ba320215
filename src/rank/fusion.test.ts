import { describe, expect, it } from 'vitest';
import { minMaxFusion, weightedRrf, zScoreFusion } from './fusion.js';

describe('zScoreFusion', () => {
  it('matches a hand-computed case', () => {
    // Lexical scores 6, 4, 2: mean 4, sd sqrt(8/3) = 1.63299 -> z = 1.22474, 0, -1.22474.
    // Dense scores 0.9 (doc 2), 0.5 (doc 4): mean 0.7, sd 0.2 -> z = 1, -1; docs 1 and 3 missing -> -1.
    // Doc 4 is missing from the lexical list -> lowest lexical z, -1.22474.
    const lexical = [
      { docId: 1, score: 6 },
      { docId: 2, score: 4 },
      { docId: 3, score: 2 },
    ];
    const dense = [
      { docId: 2, score: 0.9 },
      { docId: 4, score: 0.5 },
    ];
    const fused = zScoreFusion(lexical, dense, { weight: 0.5 });
    const z = Math.sqrt(1.5); // 2 / sqrt(8/3)
    // Docs 3 and 4 tie: the lower docId comes first.
    expect(fused.map((h) => h.docId)).toEqual([2, 1, 3, 4]);
    const expected = [0.5 * 0 + 0.5 * 1, 0.5 * z - 0.5, -0.5 * z - 0.5, -0.5 * z - 0.5];
    fused.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!, 9));
  });

  it('breaks ties by lower docId and honours limit and the weight ends', () => {
    const a = [
      { docId: 9, score: 1 },
      { docId: 3, score: 1 },
    ];
    expect(zScoreFusion(a, [], { weight: 0.5 }).map((h) => h.docId)).toEqual([3, 9]);
    const lexical = [
      { docId: 1, score: 3 },
      { docId: 2, score: 1 },
    ];
    const dense = [
      { docId: 2, score: 3 },
      { docId: 1, score: 1 },
    ];
    expect(zScoreFusion(lexical, dense, { weight: 0 })[0]!.docId).toBe(1);
    expect(zScoreFusion(lexical, dense, { weight: 1 })[0]!.docId).toBe(2);
    expect(zScoreFusion(lexical, dense, { weight: 0.2, limit: 1 })).toHaveLength(1);
    expect(() => zScoreFusion(lexical, dense, { weight: 2 })).toThrow(RangeError);
  });
});

describe('minMaxFusion', () => {
  it('scales each list to [0, 1]', () => {
    const fused = minMaxFusion(
      [
        { docId: 1, score: 10 },
        { docId: 2, score: 5 },
      ],
      [
        { docId: 2, score: 0.8 },
        { docId: 1, score: 0.4 },
      ],
      { weight: 0.75 },
    );
    // doc 1: 0.25 * 1 + 0.75 * 0 = 0.25; doc 2: 0.25 * 0 + 0.75 * 1 = 0.75.
    expect(fused).toEqual([
      { docId: 2, score: 0.75 },
      { docId: 1, score: 0.25 },
    ]);
  });
});

describe('weightedRrf', () => {
  it('sums weighted reciprocal ranks', () => {
    const fused = weightedRrf(
      [
        { docId: 1, score: 5 },
        { docId: 2, score: 3 },
      ],
      [{ docId: 2, score: 0.9 }],
      { k: 60 },
    );
    expect(fused.map((h) => h.docId)).toEqual([2, 1]);
    expect(fused[0]!.score).toBeCloseTo(0.5 / 62 + 0.5 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(0.5 / 61, 12);
  });
});
