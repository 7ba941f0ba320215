/**
 * The 2-D map. Landmarks (the topic centroids) are laid out by classical (Torgerson) MDS of their
 * squared distances, as in landmark MDS (de Silva & Tenenbaum 2004); each paper is then placed
 * at the softmax-weighted mean of the landmarks' positions, weighted by its cosine to each
 * (temperature MAP_TEMPERATURE), so it sits by its own topic, pulled toward related ones. LMDS's
 * own distance-based triangulation was tried first: in a few hundred dimensions a paper is
 * nearly equidistant from most centroids, and the papers fell into one undifferentiated disc.
 * One k×k eigen-decomposition per model, then O(k) per paper, so new papers are placed without
 * moving old ones. Deterministic: power iteration from a fixed start.
 */

import type { PcaMap } from './paper-map.js';

/** Softmax temperature over cosines: a cosine 0.1 higher weighs e² ≈ 7 times more. */
const MAP_TEMPERATURE = 0.05;

export interface LandmarkMap {
  k: number;
  /** Landmark i at (coords[2i], coords[2i+1]). */
  coords: Float64Array;
  /** Set when the papers are placed by their own principal axes instead (paper-map.ts). */
  pca?: PcaMap;
}

/** Top eigenvector and eigenvalue of symmetric `m` (k×k, row-major) by power iteration. */
function topEigen(m: Float64Array, k: number): { vector: Float64Array; value: number } {
  // A fixed start, not all-equal: a centred matrix maps the all-ones vector to zero.
  let v = Float64Array.from({ length: k }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  let value = 0;
  for (let it = 0; it < 500; it++) {
    const next = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += m[i * k + j]! * v[j]!;
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return { vector: next, value: 0 };
    for (let i = 0; i < k; i++) next[i]! /= norm;
    let delta = 0;
    for (let i = 0; i < k; i++) delta += Math.abs(next[i]! - v[i]!);
    v = next;
    value = norm;
    if (delta < 1e-10) break;
  }
  // Sign fixed by the first non-zero entry, so the map does not flip between runs.
  const first = v.find((x) => Math.abs(x) > 1e-12) ?? 1;
  if (first < 0) for (let i = 0; i < k; i++) v[i] = -v[i]!;
  return { vector: v, value };
}

/** Lays out landmarks given their squared distances (k×k, symmetric, zero diagonal). */
export function fitLandmarkMap(squared: Float64Array, k: number): LandmarkMap {
  const mean = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) mean[j]! += squared[i * k + j]! / k;
  const grand = mean.reduce((a, b) => a + b, 0) / k;
  // B = −½ J D² J (double centring).
  const b = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b[i * k + j] = -0.5 * (squared[i * k + j]! - mean[i]! - mean[j]! + grand);
  const coords = new Float64Array(2 * k);
  for (let a = 0; a < 2; a++) {
    const { vector, value } = topEigen(b, k);
    const scale = Math.sqrt(Math.max(0, value));
    for (let i = 0; i < k; i++) coords[2 * i + a] = vector[i]! * scale;
    // Deflate: remove this component before finding the next.
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b[i * k + j]! -= value * vector[i]! * vector[j]!;
  }
  return { k, coords };
}

/** A point's map position from its cosines to the landmarks. */
export function placeOnMap(map: LandmarkMap, cosines: ArrayLike<number>): [number, number] {
  let top = -Infinity;
  for (let j = 0; j < map.k; j++) top = Math.max(top, cosines[j]!);
  let x = 0;
  let y = 0;
  let total = 0;
  for (let j = 0; j < map.k; j++) {
    const w = Math.exp((cosines[j]! - top) / MAP_TEMPERATURE);
    x += w * map.coords[2 * j]!;
    y += w * map.coords[2 * j + 1]!;
    total += w;
  }
  return [x / total, y / total];
}
