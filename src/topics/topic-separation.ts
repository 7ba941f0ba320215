/**
 * Whether a library splits into topics at all, and into how many: cohesion and separation of a
 * clustering against what the same clustering finds in text with no topics.
 *
 * Score: the simplified silhouette (Hruschka et al.), the mean over papers of (b − a) / max(a, b)
 * with a = 1 − cos(paper, own centroid) and b = 1 − cos(paper, nearest other centroid): O(n·k),
 * unlike the full silhouette's O(n²). Chance: the same k-means and score on the papers with each
 * dimension shuffled across papers independently (the gap statistic's reference, Tibshirani et al.
 * 2001): every dimension keeps its values, but the co-occurrences that make topics are gone. k-means
 * always finds clusters and the silhouette grows with k even on such data, so only the gap above
 * chance says there are topics: a few dozen papers on one subject score at chance, and the library
 * then gets no topics, with the figures to say why.
 */
import { mulberry32 } from '../core/random.js';
import { dot } from '../vector/dot.js';
import { normalize, sphericalKMeans } from './spherical-kmeans.js';

/** Papers the measure looks at: a sample, so that it costs about the same at any library size. */
export const SEPARATION_SAMPLE = 2000;
/** Shuffled copies scored for chance. */
const CHANCE_DRAWS = 3;
/**
 * The least gap above chance that counts as topics. On samples of 100 to 200 real arXiv papers
 * from 8 categories the best gap is 0.03 to 0.11; papers with their dimensions shuffled (no
 * topics at all) score within 0.01 of chance (bench/topics-small.ts).
 */
const MIN_SEPARATION_GAP = 0.02;
/** The gap must also stand this many standard deviations of chance above it. */
const MIN_SEPARATION_Z = 3;
/** Papers a topic should have on average when the count is chosen by the gap. */
const PAPERS_PER_TOPIC = 8;
/** Topic counts tried when choosing: up to a legend of a dozen, for a small library. */
const MAX_CHOSEN_TOPICS = 12;

export interface Separation {
  k: number;
  /** Simplified silhouette of the library's clustering into k. */
  score: number;
  /** Its mean on shuffled copies of the papers, and the spread of that. */
  chance: number;
  chanceSd: number;
}

/** Whether a separation counts as topics. */
export const separated = (s: Separation): boolean => s.score - s.chance >= Math.max(MIN_SEPARATION_GAP, MIN_SEPARATION_Z * s.chanceSd);

/** Simplified silhouette of rows clustered into k (unit rows; at most k clusters). */
function simplifiedSilhouette(data: Float32Array, d: number, k: number, seed: number): number {
  const { centroids } = sphericalKMeans({ data, d }, k, { seed });
  const n = data.length / d;
  const kk = centroids.length / d;
  if (kk < 2 || n === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    let second = -Infinity;
    for (let c = 0; c < kk; c++) {
      const cos = dot(data, i * d, centroids.subarray(c * d, (c + 1) * d), d);
      if (cos > best) [best, second] = [cos, best];
      else if (cos > second) second = cos;
    }
    // A point belongs to its nearest centroid (k-means' final assignment), so a ≤ b.
    const a = 1 - best;
    const b = 1 - second;
    total += b > 0 ? (b - a) / b : 0;
  }
  return total / n;
}

/** The rows with each dimension permuted across rows independently, rows renormalised. */
function shuffledDimensions(data: Float32Array, d: number, seed: number): Float32Array {
  const n = data.length / d;
  const out = new Float32Array(data.length);
  const random = mulberry32(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let j = 0; j < d; j++) {
    for (let i = n - 1; i > 0; i--) {
      const r = Math.floor(random() * (i + 1));
      [order[i], order[r]] = [order[r]!, order[i]!];
    }
    for (let i = 0; i < n; i++) out[i * d + j] = data[order[i]! * d + j]!;
  }
  for (let i = 0; i < n; i++) normalize(out, i * d, d);
  return out;
}

/** The separation of a clustering into k, with chance measured on shuffled copies. */
export function measureSeparation(data: Float32Array, d: number, k: number, seed: number): Separation {
  const score = simplifiedSilhouette(data, d, k, seed);
  const draws = Array.from({ length: CHANCE_DRAWS }, (_, r) => simplifiedSilhouette(shuffledDimensions(data, d, seed + 1 + r), d, k, seed));
  const chance = draws.reduce((a, b) => a + b, 0) / draws.length;
  const chanceSd = Math.sqrt(draws.reduce((a, b) => a + (b - chance) ** 2, 0) / draws.length);
  return { k, score, chance, chanceSd };
}

/**
 * The topic counts worth trying for n papers: from 2 to a dozen (topics of PAPERS_PER_TOPIC
 * papers on average at least) for a small library; for a larger one only `fallback` (the default
 * rule, tuned on the 74,724 arXiv papers), since trying many counts there would take minutes.
 */
export function candidateTopicCounts(n: number, fallback: number): number[] {
  // A single count is not a choice: the caller then skips the measure.
  const most = Math.min(MAX_CHOSEN_TOPICS, Math.floor(n / PAPERS_PER_TOPIC));
  if (n > SEPARATION_SAMPLE || most < 2) return [Math.max(2, fallback)];
  return Array.from({ length: most - 1 }, (_, i) => i + 2);
}

/** The candidate count that separates best above chance (the first on ties), with its figures. */
export function bestSeparation(data: Float32Array, d: number, counts: readonly number[], seed: number): Separation {
  let best: Separation | undefined;
  for (const k of counts) {
    const s = measureSeparation(data, d, k, seed);
    if (!best || s.score - s.chance > best.score - best.chance) best = s;
  }
  return best!;
}
