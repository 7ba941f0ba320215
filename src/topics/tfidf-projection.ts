/**
 * TF-IDF vectors for libraries without embeddings, reduced to 256 dense dimensions (up to 2,048
 * for a small library) by a very sparse random projection (Achlioptas 2003; Li, Hastie & Church
 * 2006): each term gets a
 * fixed random vector with a handful of ±1 entries at hashed positions, and a paper is the
 * tf-idf-weighted sum of its terms' vectors, normalised. Inner products (so cosines) are preserved
 * in expectation, the terms' vectors need no storage (they follow from the term's hash), and a
 * new paper is projected with the stored idf alone.
 */
import { mulberry32 } from '../core/random.js';
import { normalize } from './spherical-kmeans.js';

const MIN_DIMENSIONS = 256;
const MAX_DIMENSIONS = 2048;
const PROJECTION_BUDGET = 512_000;

/**
 * Dimensions of the projection: 256 for a large library; more for a small one, as many as keep
 * papers × dimensions within PROJECTION_BUDGET (2,048 up to 250 papers). A random projection
 * distorts each cosine by about 1/√dims, as large as the cosines that set a few hundred papers'
 * topics apart: at 2,048 dimensions 200-paper arXiv slices separate 2 to 3 times as far above
 * chance as at 256 (bench/topics-small.ts), at the same cost per library.
 */
function projectionDimensions(papers: number): number {
  let dims = MIN_DIMENSIONS;
  while (dims < MAX_DIMENSIONS && 2 * dims * papers <= PROJECTION_BUDGET) dims *= 2;
  return dims;
}
/** Non-zero entries per term vector. */
const ENTRIES_PER_TERM = 6;

/** FNV-1a of a string with a salt: the term's hashed positions and signs. */
function hash(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby strings spread.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

export interface TfidfSpace {
  dims: number;
  /** Inverse document frequency of the terms kept (in at least two papers). */
  idf: Map<string, number>;
}

/** The idf of a corpus's terms: log(N / df); terms in fewer than 2 papers, and bare numbers, left out. */
export function fitTfidf(docs: readonly (readonly string[])[], dims = projectionDimensions(docs.length)): TfidfSpace {
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) if (n >= 2 && !/^\d+$/.test(t)) idf.set(t, Math.log(docs.length / n));
  return { dims, idf };
}

/** One paper's projected, unit-length tf-idf vector (sublinear tf: 1 + log tf). */
export function projectTfidf(space: TfidfSpace, terms: readonly string[]): Float32Array {
  return projectCounts(space, termCounts(space, terms));
}

/** How often each term the space keeps occurs in a paper. */
function termCounts(space: TfidfSpace, terms: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of terms) if (space.idf.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

function projectCounts(space: TfidfSpace, tf: ReadonlyMap<string, number>): Float32Array {
  const v = new Float32Array(space.dims);
  for (const [t, n] of tf) {
    const w = (1 + Math.log(n)) * space.idf.get(t)!;
    for (let e = 0; e < ENTRIES_PER_TERM; e++) {
      const h = hash(t, e);
      v[h % space.dims]! += h & 0x80000000 ? -w : w;
    }
  }
  normalize(v);
  return v;
}

/** Trades per paper in a null draw: each paper takes part in about twice as many (curveball's mixing is fast; Strona et al. 2014). */
const TRADES_PER_PAPER = 10;

/**
 * The papers as a library without topics, projected (n × dims, one flat array): the term–paper
 * matrix randomised by the curveball algorithm (Strona et al. 2014), which trades terms between
 * two papers at a time, so that every paper keeps its number of terms and every term its number of
 * papers (and its counts), but which papers share which terms is left to chance. This is the
 * "fixed–fixed" null of co-occurrence (swap randomisation, Gionis et al. 2007) taken as the gap
 * statistic's reference (Tibshirani et al. 2001): unlike a shuffle of the dense dimensions, it
 * keeps the chance overlaps of sparse text (two papers sharing a few words), so that k-means
 * splitting such overlaps is not taken for topics.
 */
export function curveballProjection(space: TfidfSpace, docs: readonly (readonly string[])[], seed: number): Float32Array {
  const n = docs.length;
  const rows = docs.map((terms) => termCounts(space, terms));
  const random = mulberry32(seed);
  for (let t = 0; n > 1 && t < TRADES_PER_PAPER * n; t++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * (n - 1));
    const a = rows[i]!;
    const b = rows[j < i ? j : j + 1]!;
    // The terms only one of the two holds are dealt out again, each keeping as many as it had.
    const onlyA = [...a].filter(([term]) => !b.has(term));
    const onlyB = [...b].filter(([term]) => !a.has(term));
    const pool = [...onlyA, ...onlyB];
    for (let p = pool.length - 1; p > 0; p--) {
      const r = Math.floor(random() * (p + 1));
      [pool[p], pool[r]] = [pool[r]!, pool[p]!];
    }
    for (const [term] of onlyA) a.delete(term);
    for (const [term] of onlyB) b.delete(term);
    pool.forEach(([term, count], p) => (p < onlyA.length ? a : b).set(term, count));
  }
  const out = new Float32Array(n * space.dims);
  rows.forEach((tf, i) => out.set(projectCounts(space, tf), i * space.dims));
  return out;
}
