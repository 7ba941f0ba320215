/**
 * Spherical k-means (Dhillon & Modha 2001): k-means on unit vectors with cosine similarity, each
 * centroid the re-normalised mean of its members. Seeded by k-means++ (Arthur & Vassilvitskii
 * 2007) on the distance 1 − cos, with the seedable PRNG, so a seed gives one clustering. Lloyd's
 * iterations only find a local optimum, so a few restarts run and the most cohesive one (highest
 * summed cosine to the centroids) wins, as scikit-learn's n_init.
 */
import { mulberry32 } from '../core/random.js';
import { dot } from '../vector/dot.js';

/** Rows of `d` values, row i at `[i·d, (i+1)·d)`, each of unit length (or all zero). */
export interface Rows {
  data: Float32Array;
  d: number;
}

const rowCount = (rows: Rows): number => rows.data.length / rows.d;

interface KMeansOptions {
  seed: number;
  /** Lloyd iterations at most; stops earlier once fewer than 0.1% of the rows move. */
  iterations?: number;
  /** Independent seedings tried (default 3). */
  restarts?: number;
  /** Called after each Lloyd iteration: iterations done of restarts × iterations at most (a restart that converges early counts whole). */
  onIteration?: (done: number, total: number) => void;
}

interface Clustering {
  centroids: Float32Array;
  assignment: Int32Array;
}

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalize(v: Float32Array, offset = 0, d = v.length - offset): void {
  let s = 0;
  for (let j = 0; j < d; j++) s += v[offset + j]! * v[offset + j]!;
  if (s === 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < d; j++) v[offset + j]! *= inv;
}

/** The centroid nearest a unit vector (highest cosine; ties to the lower index) and its cosine. */
export function nearestCentroid(centroids: Float32Array, k: number, v: Float32Array): { index: number; cos: number } {
  const d = v.length;
  let index = 0;
  let cos = -Infinity;
  for (let c = 0; c < k; c++) {
    const s = dot(centroids, c * d, v, d);
    if (s > cos) {
      cos = s;
      index = c;
    }
  }
  return { index, cos };
}

/** k-means++ seeding: each next seed drawn with probability proportional to its distance to the nearest seed so far. */
function seedCentroids(rows: Rows, k: number, random: () => number): Float32Array {
  const { data, d } = rows;
  const n = rowCount(rows);
  const centroids = new Float32Array(k * d);
  const dist = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(pick * d, (pick + 1) * d), c * d);
    const seed = centroids.subarray(c * d, (c + 1) * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const di = Math.max(0, 1 - dot(data, i * d, seed, d));
      if (di < dist[i]!) dist[i] = di;
      total += dist[i]!;
    }
    if (total === 0) break; // fewer distinct rows than k: the rest stay zero and end up empty
    let r = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= dist[i]!;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
  }
  return centroids;
}

/** Clusters unit rows into at most k groups. Returns unit centroids and each row's cluster. */
export function sphericalKMeans(rows: Rows, k: number, options: KMeansOptions): Clustering {
  const random = mulberry32(options.seed);
  const restarts = options.restarts ?? 3;
  const iterations = options.iterations ?? 25;
  const report = options.onIteration;
  let best: { clustering: Clustering; cohesion: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const clustering = lloyd(rows, k, random, iterations, report && ((it) => report(r * iterations + it, restarts * iterations)));
    report?.((r + 1) * iterations, restarts * iterations);
    let cohesion = 0;
    for (let i = 0; i < clustering.assignment.length; i++) {
      cohesion += dot(rows.data, i * rows.d, clustering.centroids.subarray(clustering.assignment[i]! * rows.d), rows.d);
    }
    if (!best || cohesion > best.cohesion) best = { clustering, cohesion };
  }
  return best!.clustering;
}

/** One k-means++ seeding and Lloyd's iterations; the assignment is to the final centroids. */
function lloyd(rows: Rows, k: number, random: () => number, iterations: number, onIteration?: (done: number) => void): Clustering {
  const { data, d } = rows;
  const n = rowCount(rows);
  k = Math.max(1, Math.min(k, n));
  const centroids = seedCentroids(rows, k, random);
  const assignment = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  for (let it = 0; ; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const { index } = nearestCentroid(centroids, k, data.subarray(i * d, (i + 1) * d));
      if (assignment[i] !== index) moved++;
      assignment[i] = index;
    }
    if ((it > 0 && moved <= n / 1000) || it === iterations) break;
    onIteration?.(it + 1);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      for (let j = 0; j < d; j++) sums[c * d + j]! += data[i * d + j]!;
    }
    for (let c = 0; c < k; c++) {
      // An emptied cluster keeps its old centroid; it is dropped later as a small topic.
      if (counts[c] === 0) continue;
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j]!;
      normalize(centroids, c * d, d);
    }
  }
  return { centroids, assignment };
}
