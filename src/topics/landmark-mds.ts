/**
 * The 2-D map by landmark MDS (de Silva & Tenenbaum 2004): classical (Torgerson) MDS on a few
 * landmarks (the topic centroids), then every paper placed by distance-based triangulation from
 * its squared distances to the landmarks. One eigen-decomposition of a k×k matrix per model, then
 * O(k) per paper, so new papers are placed without moving old ones. Deterministic: the top two
 * eigenvectors come from power iteration from a fixed start.
 */

export interface LandmarkMap {
  k: number;
  /** Row a (a = 0, 1): the a-th eigenvector divided by the square root of its eigenvalue (the pseudo-inverse of the landmark coordinates). */
  pinv: [Float64Array, Float64Array];
  /** Mean of each landmark's column of squared distances. */
  mean: Float64Array;
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

/** Fits the map to landmarks given their squared distances (k×k, symmetric, zero diagonal). */
export function fitLandmarkMap(squared: Float64Array, k: number): LandmarkMap {
  const mean = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) mean[j]! += squared[i * k + j]! / k;
  const grand = mean.reduce((a, b) => a + b, 0) / k;
  // B = −½ J D² J (double centring).
  const b = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b[i * k + j] = -0.5 * (squared[i * k + j]! - mean[i]! - mean[j]! + grand);
  const pinv: Float64Array[] = [];
  for (let a = 0; a < 2; a++) {
    const { vector, value } = topEigen(b, k);
    pinv.push(value > 1e-12 ? vector.map((x) => x / Math.sqrt(value)) : new Float64Array(k));
    // Deflate: remove this component before finding the next.
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b[i * k + j]! -= value * vector[i]! * vector[j]!;
  }
  return { k, pinv: [pinv[0]!, pinv[1]!], mean };
}

/** A point's map position from its squared distances to the landmarks. */
export function placeOnMap(map: LandmarkMap, squared: ArrayLike<number>): [number, number] {
  const xy: [number, number] = [0, 0];
  for (let a = 0; a < 2; a++) {
    let s = 0;
    for (let j = 0; j < map.k; j++) s += map.pinv[a]![j]! * (squared[j]! - map.mean[j]!);
    xy[a] = -0.5 * s;
  }
  return xy;
}
