/**
 * A map from the papers themselves: their first two principal components (classical MDS of the
 * papers' own cosine distances, which for unit vectors is PCA). With few topics the landmark map
 * cannot spread them: two centroids lay out on a line, three on a triangle, and the papers pile up
 * at the corners. Two axes and a mean place a new paper by one projection, old ones never move.
 *
 * Which map a model keeps is measured, not assumed: `neighbourhoodKept` is the share of each
 * paper's nearest neighbours (by cosine) that are also its nearest on the map.
 */
import { dot } from '../vector/dot.js';

export interface PcaMap {
  mean: Float32Array;
  /** Two unit axes, one after the other (2 × dims). */
  axes: Float32Array;
}

const POWER_ITERATIONS = 300;

/** The top two principal axes of the rows (n × d), by power iteration with deflation; deterministic. */
export function fitPcaMap(data: Float32Array, d: number): PcaMap {
  const n = data.length / d;
  const mean = new Float32Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  const axes = new Float32Array(2 * d);
  const scores = new Float64Array(n);
  for (let a = 0; a < 2; a++) {
    // A fixed start that is not orthogonal to anything in particular.
    let v = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7919 + a * 104729) % 17) / 17);
    for (let it = 0; it < POWER_ITERATIONS; it++) {
      // v ← Xcᵀ (Xc v), Xc the centred rows, then made orthogonal to the axes found.
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (data[i * d + j]! - mean[j]!) * v[j]!;
        scores[i] = s;
      }
      const next = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) next[j]! += (data[i * d + j]! - mean[j]!) * scores[i]!;
      for (let b = 0; b < a; b++) {
        let p = 0;
        for (let j = 0; j < d; j++) p += next[j]! * axes[b * d + j]!;
        for (let j = 0; j < d; j++) next[j]! -= p * axes[b * d + j]!;
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      let delta = 0;
      for (let j = 0; j < d; j++) {
        next[j]! /= norm;
        delta += Math.abs(next[j]! - v[j]!);
      }
      v = next;
      if (delta < 1e-9) break;
    }
    // Sign fixed by the first clearly non-zero entry, so the map does not flip between builds.
    const first = v.find((x) => Math.abs(x) > 1e-9) ?? 1;
    for (let j = 0; j < d; j++) axes[a * d + j] = first < 0 ? -v[j]! : v[j]!;
  }
  return { mean, axes };
}

/** A unit vector's place on a PCA map. */
export function pcaPosition(map: PcaMap, vector: Float32Array): [number, number] {
  const d = vector.length;
  let x = 0;
  let y = 0;
  for (let j = 0; j < d; j++) {
    const c = vector[j]! - map.mean[j]!;
    x += c * map.axes[j]!;
    y += c * map.axes[d + j]!;
  }
  return [x, y];
}

/** Indexes of the k largest scores except `self`, best first. */
function topK(score: Float64Array, self: number, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < score.length; j++) {
    if (j === self) continue;
    const s = score[j]!;
    if (best.length === k && s <= score[best[k - 1]!]!) continue;
    let at = best.length < k ? best.length : k - 1;
    best[at] = j;
    while (at > 0 && score[best[at - 1]!]! < s) {
      [best[at - 1], best[at]] = [best[at]!, best[at - 1]!];
      at--;
    }
  }
  return best;
}

/**
 * The mean share of each row's k nearest rows (cosine, unit rows) that are among its k nearest
 * on the map (xy: x0, y0, x1, y1, …): 1 keeps every neighbourhood, k/(n−1) is a random layout.
 */
export function neighbourhoodKept(data: Float32Array, d: number, xy: ArrayLike<number>, k = 10): number {
  const n = data.length / d;
  if (n <= k) return 1;
  const cos = new Float64Array(n);
  const near2d = new Float64Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      cos[j] = dot(data, i * d, data.subarray(j * d, (j + 1) * d), d);
      near2d[j] = -((xy[2 * j]! - xy[2 * i]!) ** 2 + (xy[2 * j + 1]! - xy[2 * i + 1]!) ** 2);
    }
    const near = new Set(topK(cos, i, k));
    for (const j of topK(near2d, i, k)) if (near.has(j)) kept++;
  }
  return kept / (n * k);
}
