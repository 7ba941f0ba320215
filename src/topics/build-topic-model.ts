/**
 * Builds a topic model from papers in memory: for a small library, the topic count chosen by how
 * well the papers separate above chance (topic-separation.ts; one group when they do not); for a
 * larger one, defaultTopicCount (trying counts there would take minutes); spherical k-means on
 * their vectors (fitted on a sample of at most FIT_SAMPLE papers, then every paper assigned),
 * small topics dissolved into their nearest neighbours, c-TF-IDF labels, the paper nearest each
 * centroid as representative, and the map: landmark MDS of the topics, or the papers' own
 * principal axes, whichever keeps more of the papers' neighbourhoods (paper-map.ts). Pure: the
 * store side is topic-cache.ts.
 */
import { mulberry32 } from '../core/random.js';
import { labelTerms } from './c-tf-idf.js';
import { fitLandmarkMap, type LandmarkMap } from './landmark-mds.js';
import { fitPcaMap, neighbourhoodKept } from './paper-map.js';
import { bestSeparation, candidateTopicCounts, chanceCopies, SEPARATION_SAMPLE, separated, shuffledDimensions, type ChanceDraw, type Separation } from './topic-separation.js';
import { curveballProjection } from './tfidf-projection.js';
import { nearestCentroid, normalize, sphericalKMeans } from './spherical-kmeans.js';
import { TopicModel, placeAmong, type TopicInfo, type TopicSpace } from './topic-model.js';
import { dot } from '../vector/dot.js';

/** Papers k-means is fitted on; the rest are assigned to its centroids (about 1 s per Lloyd pass at 256 dims). */
const FIT_SAMPLE = 20_000;
export const MAX_TOPICS = 60;

/**
 * Topics for a library of n papers when not given: √(n / 20), between 2 and MAX_TOPICS. Topics
 * then hold about √(20n) papers: 7 topics for 1,000 papers, 22 for 10,000, 60 (the cap, a legend
 * one can still read) from 72,000.
 */
export function defaultTopicCount(n: number): number {
  return Math.max(2, Math.min(MAX_TOPICS, Math.round(Math.sqrt(n / 20))));
}

/** Whether a build of n papers chooses the topic count by separation (when none is given). */
export const choosesTopicCount = (n: number): boolean => candidateTopicCounts(n, defaultTopicCount(n)).length > 1;

/** Topics smaller than this share of the average topic are dissolved (their papers join the nearest other topic). */
const SMALL_TOPIC_SHARE = 0.2;

export interface CorpusPaper {
  docId: number;
  /** Analysed terms of title and abstract (text/analyze.ts). */
  terms: readonly string[];
  /** Day number of its date (weekly-series.ts). */
  day: number;
  upvotes: number;
}

export interface BuildInput {
  papers: readonly CorpusPaper[];
  /** Unit vectors of the papers to place; papers without one stay without a topic. */
  vectors: ReadonlyMap<number, Float32Array>;
  space: TopicSpace;
  /** The surface form to show for a term (a stem). */
  surface: (term: string) => string;
  /** Topics to build; default: chosen by separation (topic-separation.ts). */
  k?: number;
  seed: number;
  /** Prefix of the topic ids, distinct per build, so an id from an older model never names a different topic. */
  tag: string;
  onProgress?: TopicProgress;
}

/** Phases of a build, in order: reading the papers, their vectors, choosing a small library's topic count, k-means, placing every paper. */
export type TopicBuildPhase = 'reading' | 'vectors' | 'choosing' | 'clustering' | 'placing';
/** Progress of a build: `done` of `total` of the phase's steps (papers; clusterings; k-means iterations). */
export type TopicProgress = (phase: TopicBuildPhase, done: number, total: number) => void;

/** Papers between progress reports. */
const REPORT_STEP = 5000;
/** Whether `done` papers of `total` is a point to report progress at: every REPORT_STEP papers and the last. */
export const atReportStep = (done: number, total: number): boolean => done % REPORT_STEP === 0 || done === total;

/** Papers the map choice compares the two layouts on. */
const MAP_SAMPLE = 1000;

/** Rows into one flat array. */
function flatten(vectors: Float32Array[], d: number): Float32Array {
  const data = new Float32Array(vectors.length * d);
  vectors.forEach((v, i) => data.set(v, i * d));
  return data;
}

/** These rows of `data` (n × d) as one flat array: `data` itself when they are all of it (none is written to). */
function rowsOf(data: Float32Array, d: number, rows: readonly number[]): Float32Array {
  if (rows.length === data.length / d) return data;
  return flatten(
    rows.map((i) => data.subarray(i * d, (i + 1) * d)),
    d,
  );
}

/** Deterministic sample of m indexes out of n (partial Fisher–Yates). */
function sample(n: number, m: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (m >= n) return idx;
  const random = mulberry32(seed ^ 0x5eed);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m).sort((a, b) => a - b);
}

/** Centroids as the normalised means of the assigned rows. */
function meanCentroids(data: Float32Array, d: number, assignment: Int32Array, k: number): Float32Array {
  const centroids = new Float32Array(k * d);
  for (let i = 0; i < assignment.length; i++) {
    const c = assignment[i]!;
    for (let j = 0; j < d; j++) centroids[c * d + j]! += data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) normalize(centroids, c * d, d);
  return centroids;
}

/** Each row's nearest centroid; `placed(rows)` at each report step (atReportStep). */
function assignAll(data: Float32Array, d: number, centroids: Float32Array, k: number, placed: (rows: number) => void): Int32Array {
  const n = data.length / d;
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    assignment[i] = nearestCentroid(centroids, k, data.subarray(i * d, (i + 1) * d)).index;
    if (atReportStep(i + 1, n)) placed(i + 1);
  }
  return assignment;
}

export function buildTopicModel(input: BuildInput): TopicModel {
  const placed = input.papers.filter((p) => input.vectors.has(p.docId));
  const d = input.space.dims;
  const data = flatten(
    placed.map((p) => input.vectors.get(p.docId)!),
    d,
  );
  const n = placed.length;
  if (n === 0) throw new RangeError('no papers to cluster');
  const fitRows = sample(n, FIT_SAMPLE, input.seed);
  const fitData = rowsOf(data, d, fitRows);
  let separation: Separation | undefined;
  let chosen = input.k;
  if (chosen === undefined && choosesTopicCount(n)) {
    const tried = candidateTopicCounts(n, defaultTopicCount(n));
    const rows = sample(n, SEPARATION_SAMPLE, input.seed);
    const measured = rowsOf(data, d, rows);
    // The null: for TF-IDF, the papers' terms traded among them (sparse text's chance overlaps kept); for embeddings, the dimensions shuffled.
    const space = input.space;
    const draw: ChanceDraw =
      space.kind === 'tfidf' ? (seed) => curveballProjection(space, rows.map((i) => placed[i]!.terms), seed) : shuffledDimensions(measured, d);
    separation = bestSeparation(measured, d, tried, input.seed, chanceCopies(draw, input.seed), (done, total) => input.onProgress?.('choosing', done, total));
    chosen = separated(separation) ? separation.k : 1;
  }
  chosen ??= defaultTopicCount(n);
  const progress = input.onProgress;
  const fitted = sphericalKMeans({ data: fitData, d }, chosen, { seed: input.seed, ...(progress ? { onIteration: (done, total) => progress('clustering', done, total) } : {}) });
  let k = fitted.centroids.length / d;
  let centroids = fitted.centroids;
  // Every paper is placed three times over: assigned, assigned again once small topics are dissolved, then placed on the map.
  const placing = (pass: number) => (rows: number) => progress?.('placing', pass * n + rows, 3 * n);
  let assignment = assignAll(data, d, centroids, k, placing(0));

  // Dissolve small topics: keep the others' centroids, reassign, then recentre once.
  const counts = new Array<number>(k).fill(0);
  for (const c of assignment) counts[c]!++;
  const minSize = Math.max(2, Math.floor((SMALL_TOPIC_SHARE * n) / k));
  const kept = counts.map((c, i) => (c >= minSize ? i : -1)).filter((i) => i >= 0);
  if (kept.length === 0) kept.push(counts.indexOf(Math.max(...counts)));
  // Biggest topic first: ids and legends read from the largest down.
  kept.sort((a, b) => counts[b]! - counts[a]! || a - b);
  centroids = flatten(
    kept.map((c) => centroids.subarray(c * d, (c + 1) * d)),
    d,
  );
  k = kept.length;
  assignment = assignAll(data, d, centroids, k, placing(1));
  centroids = meanCentroids(data, d, assignment, k);
  const squared = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) squared[a * k + b] = a === b ? 0 : Math.max(0, 2 - 2 * dot(centroids, a * d, centroids.subarray(b * d, (b + 1) * d), d));
  }
  const map = chooseMap(data, d, centroids, fitLandmarkMap(squared, k), input.seed);
  // The final assignment and the map positions in one pass over the papers (locate's own rule).
  const at = placed.map((_, i) => {
    if (atReportStep(i + 1, n)) placing(2)(i + 1);
    return placeAmong(centroids, map, data.subarray(i * d, (i + 1) * d));
  });
  assignment = Int32Array.from(at, (a) => a.topic);

  // Labels by c-TF-IDF over each topic's papers.
  const termsByTopic = Array.from({ length: k }, () => new Map<string, number>());
  placed.forEach((p, i) => {
    const counts = termsByTopic[assignment[i]!]!;
    for (const t of p.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  });
  const labels = labelTerms(termsByTopic).map((terms) => terms.map(input.surface));

  // Representative: the member nearest its centroid.
  const best = new Float64Array(k).fill(-Infinity);
  const representative = new Array<number>(k).fill(-1);
  placed.forEach((p, i) => {
    const c = assignment[i]!;
    const cos = dot(data, i * d, centroids.subarray(c * d, (c + 1) * d), d);
    if (cos > best[c]!) {
      best[c] = cos;
      representative[c] = p.docId;
    }
  });

  const topics: TopicInfo[] = labels.map((terms, c) => ({ id: `${input.tag}k${k}-${c + 1}`, label: terms.join(' · '), terms, representative: representative[c]! }));
  const model = new TopicModel(input.space, topics, centroids, map, n, undefined, undefined, separation);
  placed.forEach((p, i) => model.put(p.docId, at[i]!, p.day, p.upvotes));
  return model;
}

/**
 * The landmark map, or the papers' principal axes when those keep more of the papers' ten
 * nearest neighbours (measured on a sample): with few topics the landmark map cannot spread the
 * papers (two topics lay out on a line).
 */
function chooseMap(data: Float32Array, d: number, centroids: Float32Array, landmarks: LandmarkMap, seed: number): LandmarkMap {
  const n = data.length / d;
  const rows = sample(n, MAP_SAMPLE, seed);
  const measured = rowsOf(data, d, rows);
  const pca = fitPcaMap(measured, d);
  const withPca: LandmarkMap = { ...landmarks, pca };
  const layout = (map: LandmarkMap) => rows.flatMap((_, i) => {
    const at = placeAmong(centroids, map, measured.subarray(i * d, (i + 1) * d));
    return [at.x, at.y];
  });
  return neighbourhoodKept(measured, d, layout(withPca)) > neighbourhoodKept(measured, d, layout(landmarks)) ? withPca : landmarks;
}
