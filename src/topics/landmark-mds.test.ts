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

describe('landmark MDS', () => {
  // Landmarks that truly live in 2-D (a 3×2 rectangle and its centre off-centre): MDS recovers
  // them up to rotation and reflection, so every pairwise distance is kept exactly.
  const landmarks: [number, number][] = [[0, 0], [3, 0], [3, 2], [0, 2], [1, 1]];
  const squared = squaredDistances(landmarks);
  const map = fitLandmarkMap(squared, landmarks.length);
  const placed = landmarks.map((_, i) => placeOnMap(map, squared.subarray(i * 5, i * 5 + 5)));

  it('keeps the landmarks\u2019 distances', () => {
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(dist(placed[i]!, placed[j]!)).toBeCloseTo(dist(landmarks[i]!, landmarks[j]!), 6);
  });

  it('triangulates a new point from its distances to the landmarks', () => {
    const p: [number, number] = [2, 0.5];
    const toLandmarks = landmarks.map((l) => (l[0] - p[0]) ** 2 + (l[1] - p[1]) ** 2);
    const at = placeOnMap(map, toLandmarks);
    for (let i = 0; i < 5; i++) expect(dist(at, placed[i]!)).toBeCloseTo(dist(p, landmarks[i]!), 6);
  });

  it('is deterministic', () => {
    const again = fitLandmarkMap(squared, 5);
    expect(Array.from(again.pinv[0])).toEqual(Array.from(map.pinv[0]));
    expect(Array.from(again.pinv[1])).toEqual(Array.from(map.pinv[1]));
  });
});
