import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/random.js';
import { normalize } from './spherical-kmeans.js';
import { fitPcaMap, neighbourhoodKept, pcaPosition } from './paper-map.js';

const D = 16;

/** Unit rows spread over a 2-D patch of the sphere (directions 0 and 1), a little noise elsewhere. */
function patch(n: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const data = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    data[i * D] = 1;
    data[i * D + 1] = 2 * random() - 1;
    data[i * D + 2] = 2 * random() - 1;
    for (let j = 3; j < D; j++) data[i * D + j] = 0.05 * (random() - 0.5);
    normalize(data, i * D, D);
  }
  return data;
}

describe('the map from the papers themselves', () => {
  it('finds two orthonormal axes, and places papers in two real dimensions keeping their neighbours', () => {
    const data = patch(120, 3);
    const map = fitPcaMap(data, D);
    const dotAxes = (a: number, b: number) => map.axes.subarray(a * D, (a + 1) * D).reduce((s, x, j) => s + x * map.axes[b * D + j]!, 0);
    expect(dotAxes(0, 0)).toBeCloseTo(1, 5);
    expect(dotAxes(1, 1)).toBeCloseTo(1, 5);
    expect(dotAxes(0, 1)).toBeCloseTo(0, 5);
    const xy = Array.from({ length: 120 }, (_, i) => pcaPosition(map, data.subarray(i * D, (i + 1) * D))).flat();
    const spread = (k: number) => Math.max(...xy.filter((_, i) => i % 2 === k)) - Math.min(...xy.filter((_, i) => i % 2 === k));
    // Not a line: both axes carry the papers' spread.
    expect(spread(1)).toBeGreaterThan(spread(0) / 3);
    expect(neighbourhoodKept(data, D, xy)).toBeGreaterThan(0.5);
    // A line (every paper at y = 0) keeps fewer neighbourhoods; a random layout about k/(n−1).
    const line = xy.map((v, i) => (i % 2 ? 0 : v));
    expect(neighbourhoodKept(data, D, line)).toBeLessThan(neighbourhoodKept(data, D, xy));
    const random = mulberry32(9);
    expect(neighbourhoodKept(data, D, xy.map(() => random()))).toBeLessThan(0.25);
  });
});
