/**
 * TF-IDF vectors for libraries without embeddings, reduced to a few hundred dense dimensions by a
 * very sparse random projection (Achlioptas 2003; Li, Hastie & Church 2006): each term gets a
 * fixed random vector with a handful of ±1 entries at hashed positions, and a paper is the
 * tf-idf-weighted sum of its terms' vectors, normalised. Inner products (so cosines) are preserved
 * in expectation, the terms' vectors need no storage (they follow from the term's hash), and a
 * new paper is projected with the stored idf alone.
 */
import { normalize } from './spherical-kmeans.js';

const PROJECTION_DIMENSIONS = 256;
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
export function fitTfidf(docs: readonly (readonly string[])[], dims = PROJECTION_DIMENSIONS): TfidfSpace {
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) if (n >= 2 && !/^\d+$/.test(t)) idf.set(t, Math.log(docs.length / n));
  return { dims, idf };
}

/** One paper's projected, unit-length tf-idf vector (sublinear tf: 1 + log tf). */
export function projectTfidf(space: TfidfSpace, terms: readonly string[]): Float32Array {
  const tf = new Map<string, number>();
  for (const t of terms) if (space.idf.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
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
