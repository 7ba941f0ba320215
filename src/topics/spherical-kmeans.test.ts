import { describe, expect, it } from 'vitest';
import { normalize, sphericalKMeans } from './spherical-kmeans.js';

/** Unit rows scattered closely around three orthogonal directions (x, y, z axes). */
function threeBlobs(perBlob: number): { data: Float32Array; truth: number[] } {
  const rows: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < perBlob; i++) {
    for (let b = 0; b < 3; b++) {
      const v = [0.1 * Math.sin(i + b), 0.1 * Math.cos(i * 3 + b), 0.1 * Math.sin(i * 7)];
      v[b] = 1;
      rows.push(v);
      truth.push(b);
    }
  }
  const data = Float32Array.from(rows.flat());
  for (let i = 0; i < rows.length; i++) normalize(data, i * 3, 3);
  return { data, truth };
}

describe('sphericalKMeans', () => {
  it('finds three well separated groups exactly, whatever the seed', () => {
    const { data, truth } = threeBlobs(10);
    for (const seed of [1, 2, 3]) {
      const { assignment, centroids } = sphericalKMeans({ data, d: 3 }, 3, { seed });
      // Same grouping as the truth up to renaming: rows with equal truth share a cluster and vice versa.
      for (let i = 0; i < truth.length; i++) {
        for (let j = 0; j < truth.length; j++) expect(assignment[i] === assignment[j]).toBe(truth[i] === truth[j]);
      }
      // Each centroid is a unit vector close to one axis.
      for (let c = 0; c < 3; c++) {
        const v = Array.from(centroids.subarray(c * 3, c * 3 + 3));
        expect(Math.hypot(...v)).toBeCloseTo(1, 5);
        expect(Math.max(...v)).toBeGreaterThan(0.98);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const { data } = threeBlobs(8);
    const a = sphericalKMeans({ data, d: 3 }, 4, { seed: 9 });
    const b = sphericalKMeans({ data, d: 3 }, 4, { seed: 9 });
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
  });

  it('asks for no more clusters than rows', () => {
    const { data } = threeBlobs(1);
    expect(sphericalKMeans({ data, d: 3 }, 10, { seed: 1 }).centroids.length).toBe(9);
  });
});
