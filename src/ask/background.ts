/**
 * Background queries: how well the library answers questions shaped like this one that nobody
 * asked. Each keeps the question's topic words and puts, in place of each focus word, a random
 * word of the library's vocabulary with about the same document frequency (the same idf band);
 * it is then retrieved and scored exactly as the question is. The best focus score each reaches
 * is what chance alone gives in this library: a large library holds more papers in which some
 * sentence happens to share a rare word with the topic, so its background reaches higher, and the
 * question's evidence must clear it (ask.ts). This is how abstention stays the same whatever the
 * library's size, the calibration the SciFact floor lacked: a query-performance predictor
 * normalised by the corpus itself (in the spirit of WIG/NQC and of clarity's comparison with the
 * collection), and Unified Active Retrieval's question whether retrieval can answer at all.
 */
import { mulberry32 } from '../core/random.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { forEachToken, termOf } from '../text/analyze.js';
import type { AskSources } from './ask-types.js';
import { readPool, type Pool, type PoolRequest } from './candidate-pool.js';
import { focusTerms, wordKey, type Focus } from './focus.js';

/** Background queries per question. */
export const BACKGROUND_QUERIES = 8;

interface Vocabulary {
  size: number;
  terms: string[];
  /** Document frequencies, ascending (terms in the same order). */
  dfs: Int32Array;
}

const vocabularies = new WeakMap<Pick<Bm25Index, 'forEachTerm' | 'size'>, Vocabulary>();

/** Words a background query may use: alphabetic index terms of 3+ letters, by document frequency. */
function vocabularyOf(lexical: Pick<Bm25Index, 'forEachTerm' | 'size'>): Vocabulary {
  const cached = vocabularies.get(lexical);
  if (cached && cached.size === lexical.size) return cached;
  const all: [string, number][] = [];
  lexical.forEachTerm((term, df) => {
    if (/^[a-z]{3,}$/.test(term)) all.push([term, df]);
  });
  all.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const v = { size: lexical.size, terms: all.map((e) => e[0]), dfs: Int32Array.from(all.map((e) => e[1])) };
  vocabularies.set(lexical, v);
  return v;
}

/** First index whose df is at least `df`. */
function lowerBound(dfs: Int32Array, df: number): number {
  let lo = 0;
  let hi = dfs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dfs[mid]! < df) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A random vocabulary term with a document frequency within a factor of two of `df`, not in `avoid`. */
function randomTerm(v: Vocabulary, df: number, avoid: ReadonlySet<string>, random: () => number): string | undefined {
  if (df === 0) return undefined;
  const from = lowerBound(v.dfs, Math.max(1, Math.floor(df / 2)));
  const to = lowerBound(v.dfs, df * 2 + 1);
  for (let attempt = 0; attempt < 8 && to > from; attempt++) {
    const term = v.terms[from + Math.floor(random() * (to - from))]!;
    if (!avoid.has(term)) return term;
  }
  return undefined;
}

/**
 * The question words a background query replaces: its focus words (below the topic share). When
 * every word is topic (the pool is about the whole question), the whole question is the focus
 * and every word is replaced: the background is then a random question of the same shape.
 */
function replacedTerms(focus: Focus): Set<string> {
  return new Set([...focusTerms(focus)].map((t) => t.key));
}

const hash = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * The best focus score each of `n` background queries reaches, as `best` measures it on their
 * pools (deterministic for a question). A background query has the question's shape: the same
 * words with the same weights and phrase partners, the replaced ones swapped for random words
 * (matched by index term). A focus word the library never uses stays: chance cannot match it either.
 */
export async function backgroundScores(
  sources: AskSources,
  request: PoolRequest,
  query: string,
  focus: Focus,
  best: (focus: Focus, pool: Pool) => number,
  n = BACKGROUND_QUERIES,
): Promise<number[]> {
  const replace = replacedTerms(focus);
  const vocabulary = vocabularyOf(sources.lexical);
  const avoid = new Set(focus.terms.map((t) => t.term));
  const random = mulberry32(hash(query));
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const swaps = new Map<string, string>();
    for (const t of focus.terms) {
      if (!replace.has(t.key)) continue;
      const swap = randomTerm(vocabulary, sources.lexical.docFrequency(t.term), avoid, random);
      if (swap !== undefined) swaps.set(t.key, swap);
    }
    const words: string[] = [];
    forEachToken(query, (folded, start, end) => {
      const word = folded.slice(start, end);
      words.push(termOf(word) ? (swaps.get(wordKey(word)) ?? word) : word);
    });
    const shaped: Focus = {
      mass: focus.mass,
      terms: focus.terms.map((t) => {
        const swap = swaps.get(t.key);
        return swap === undefined ? t : { ...t, word: swap, key: swap, term: swap, byTerm: true, neighbours: new Map() };
      }),
    };
    const pool = await readPool(sources, request, words.join(' '));
    scores.push(pool.papers.length ? best(shaped, pool) : 0);
  }
  return scores;
}
