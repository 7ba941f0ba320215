/**
 * Whether a library splits into topics at all, and into how many: cohesion and separation of a
 * clustering against what the same clustering finds in text with no topics.
 *
 * Score: the simplified silhouette (Hruschka et al.), the mean over papers of (b − a) / max(a, b)
 * with a = 1 − cos(paper, own centroid) and b = 1 − cos(paper, nearest other centroid): O(n·k),
 * unlike the full silhouette's O(n²). Chance: the same k-means and score on copies of the papers
 * with no topics (the gap statistic's reference, Tibshirani et al. 2001), made by the caller for
 * its space: TF-IDF papers with their terms traded among them (tfidf-projection.ts), embeddings
 * with each dimension shuffled across papers. k-means always finds clusters and the silhouette
 * grows with k even on such data, so only the gap above chance, in units of chance's own spread,
 * says there are topics: a few dozen papers on one subject score at chance, and the library then
 * gets no topics, with the figures to say why.
 */
import { mulberry32 } from '../core/random.js';
import { dot } from '../vector/dot.js';
import { normalize, sphericalKMeans } from './spherical-kmeans.js';

/** Papers the measure looks at: a sample, so that it costs about the same at any library size. */
export const SEPARATION_SAMPLE = 2000;
/** Copies with no topics scored for chance: enough for its spread to be measured, not guessed. */
const CHANCE_DRAWS = 10;
/**
 * The decision: the best gap above chance must stand MIN_SEPARATION_Z standard deviations above
 * the best gap the copies with no topics reach themselves (bestSeparation), and be at least
 * MIN_SEPARATION_GAP (a split fainter than that is not worth showing). With the TF-IDF null of
 * tfidf-projection.ts, 24 random-word libraries of 60 papers stand at most 2.7 SD above it, the
 * 71 seed papers 5.6 and 200-paper arXiv slices of two or three categories 15 to 30
 * (bench/topics-small.ts).
 */
const MIN_SEPARATION_Z = 4;
const MIN_SEPARATION_GAP = 0.015;
/** Papers a topic should have on average when the count is chosen by the gap. */
const PAPERS_PER_TOPIC = 8;
/** Topic counts tried when choosing: up to a legend of a dozen, for a small library. */
const MAX_CHOSEN_TOPICS = 12;

export interface Separation {
  k: number;
  /** Simplified silhouette of the library's clustering into k. */
  score: number;
  /** Its mean on the copies with no topics (chanceCopies). */
  chance: number;
  /** The best gap above chance the copies themselves reach over the counts tried, on average, and its spread. */
  chanceGap: number;
  chanceSd: number;
}

/** Whether a separation counts as topics. */
export const separated = (s: Separation): boolean => s.score - s.chance >= Math.max(MIN_SEPARATION_GAP, s.chanceGap + MIN_SEPARATION_Z * s.chanceSd);

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

/** Makes one copy of the measured rows with no topics (the null), from a seed. */
export type ChanceDraw = (seed: number) => Float32Array;

/**
 * The null for dense vectors (embeddings): the rows with each dimension permuted across rows
 * independently, rows renormalised.
 */
export const shuffledDimensions =
  (data: Float32Array, d: number): ChanceDraw =>
  (seed) => {
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
  };

/** The copies chance is measured on: CHANCE_DRAWS draws of the null, made once for all the counts tried. */
export const chanceCopies = (draw: ChanceDraw, seed: number): Float32Array[] => Array.from({ length: CHANCE_DRAWS }, (_, r) => draw(seed + 1 + r));

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

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/**
 * The candidate count that separates best above chance (the first on ties), with its figures.
 * Taking the best of a dozen counts is itself an advantage that chance has too, so the best gap is
 * judged against the best gaps of the copies (each scored against the other copies over the same
 * counts), not against one count's spread.
 */
export function bestSeparation(
  data: Float32Array,
  d: number,
  counts: readonly number[],
  seed: number,
  copies: readonly Float32Array[],
  /** Clusterings done of counts × (1 + copies). */
  onProgress?: (done: number, total: number) => void,
): Separation {
  let best: Separation | undefined;
  const copyBest = copies.map(() => -Infinity);
  const total = counts.length * (1 + copies.length);
  let done = 0;
  const scored = (x: number) => (onProgress?.(++done, total), x);
  for (const k of counts) {
    const score = scored(simplifiedSilhouette(data, d, k, seed));
    const draws = copies.map((copy) => scored(simplifiedSilhouette(copy, d, k, seed)));
    const chance = mean(draws);
    draws.forEach((x, b) => {
      const others = (chance * draws.length - x) / (draws.length - 1);
      copyBest[b] = Math.max(copyBest[b]!, x - others);
    });
    if (!best || score - chance > best.score - best.chance) best = { k, score, chance, chanceGap: 0, chanceSd: 0 };
  }
  return { ...best!, chanceGap: mean(copyBest), chanceSd: sd(copyBest) };
}
