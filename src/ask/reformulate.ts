/**
 * The pipeline's own reformulation when an engine offers none: pseudo-relevance feedback
 * (Rocchio; RM3 in spirit) adds the most distinctive words of the best evidence, weighted by idf
 * and by how many of the top sentences hold them, to the query for the next round.
 */
import type { Bm25Index } from '../lexical/bm25-index.js';
import { analyze, termOf, tokenize } from '../text/analyze.js';
import type { EvidenceSentence } from './ask-types.js';

/** Sentences read, and words added. */
export const FEEDBACK_SENTENCES = 3;
export const FEEDBACK_TERMS = 3;

/** The query with feedback words added, or undefined when the evidence offers none new. */
export function feedbackQuery(query: string, best: readonly EvidenceSentence[], lexical: Pick<Bm25Index, 'idf'>): string | undefined {
  const inQuery = new Set(analyze(query));
  const weight = new Map<string, { word: string; w: number }>();
  for (const s of best.slice(0, FEEDBACK_SENTENCES)) {
    const seen = new Set<string>();
    for (const word of tokenize(s.text)) {
      const term = termOf(word);
      if (!term || word.length < 3 || /^\d+$/.test(word) || inQuery.has(term) || seen.has(term)) continue;
      seen.add(term);
      const entry = weight.get(term) ?? { word, w: 0 };
      entry.w += lexical.idf(term);
      weight.set(term, entry);
    }
  }
  const added = [...weight.entries()]
    .sort((a, b) => b[1].w - a[1].w || (a[0] < b[0] ? -1 : 1))
    .slice(0, FEEDBACK_TERMS)
    .map(([, e]) => e.word);
  return added.length ? `${query} ${added.join(' ')}` : undefined;
}
