import { describe, expect, it } from 'vitest';
import { fitLandmarkMap, placeOnMap } from './landmark-mds.js';

/** Squared Euclidean distances between 2-D points. */
function squaredDistances(points: [number, number][]): Float64Array {
  const k = points.length;
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) m[i * k + j] = (points[i]![0] - points[j]![0]) ** 2 + (points[i]![1] - points[j]![1]) ** 2;
  return m;
}

const dist = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('the landmark map', () => {
  // Landmarks that truly live in 2-D (a 3×2 rectangle and a point inside): classical MDS
  // recovers them up to rotation and reflection, so every pairwise distance is kept exactly.
  const landmarks: [number, number][] = [[0, 0], [3, 0], [3, 2], [0, 2], [1, 1]];
  const map = fitLandmarkMap(squaredDistances(landmarks), landmarks.length);
  const at = (i: number): [number, number] => [map.coords[2 * i]!, map.coords[2 * i + 1]!];

  it('keeps the landmarks\u2019 distances', () => {
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(dist(at(i), at(j))).toBeCloseTo(dist(landmarks[i]!, landmarks[j]!), 6);
  });

  it('places a paper by its own landmark, pulled toward the similar ones', () => {
    // Cosine 0.9 to landmark 1, 0.3 to the rest: weight e^(0.6/0.05) ≈ 163,000 to one, so it sits on landmark 1.
    const p = placeOnMap(map, [0.3, 0.9, 0.3, 0.3, 0.3]);
    expect(dist(p, at(1))).toBeLessThan(1e-3);
    // Equally similar to landmarks 0 and 1: halfway between them.
    const half = placeOnMap(map, [0.8, 0.8, 0.1, 0.1, 0.1]);
    expect(dist(half, [(at(0)[0] + at(1)[0]) / 2, (at(0)[1] + at(1)[1]) / 2])).toBeLessThan(1e-3);
  });

  it('is deterministic', () => {
    expect(Array.from(fitLandmarkMap(squaredDistances(landmarks), 5).coords)).toEqual(Array.from(map.coords));
  });
});
