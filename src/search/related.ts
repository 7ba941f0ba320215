/**
 * Related papers: the nearest papers to one paper. With embeddings, nearest by the library's
 * vectors; without, "more like this": the paper's own most frequent words as a BM25 query.
 */
import { PaperboyError } from '../core/errors.js';
import type { Paper } from '../core/paper.js';
import type { LexicalIndex } from '../lexical/lexical-index.js';
import type { Store } from '../store/store.js';
import { STOPWORDS, tokenize } from '../text/analyze.js';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';
import type { Semantic } from './search.js';

/** Words of the paper used as its lexical query: the parser's cap on query words. */
const MORE_LIKE_THIS_WORDS = 64;

export async function relatedPapers(
  store: Store,
  lexical: LexicalIndex,
  semantic: Semantic | undefined,
  id: string,
  limit = 10,
): Promise<{ paper: Paper; related: { docId: number; paper: Paper; score: number }[]; method: 'semantic' | 'lexical' }> {
  const paper = await store.getPaper(id);
  const docId = await store.docIdOf(id);
  if (!paper || docId === undefined) throw new PaperboyError('NOT_FOUND', `no paper with id ${JSON.stringify(id)} in the library`);
  const notSelf = (d: number) => d !== docId;
  let ranked: { docId: number; score: number }[] = [];
  let method: 'semantic' | 'lexical' = 'lexical';
  if (semantic) {
    const vector = (await store.getVectors(semantic.provider.modelId, [docId])).get(docId);
    if (vector) {
      ranked = semantic.index.search(vector, limit, notSelf);
      method = 'semantic';
    }
  }
  if (method === 'lexical') {
    const counts = new Map<string, number>();
    for (const t of tokenize(`${toPlainText(paper.title)} ${toPlainText(paper.title)} ${toPlainText(clipText(paper.abstract))}`)) {
      if (!STOPWORDS.has(t) && t.length > 2) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MORE_LIKE_THIS_WORDS).map(([w]) => w);
    ranked = lexical.search({ should: words, must: [], mustNot: [], prefixes: [] }, { limit, filter: notSelf });
  }
  const papers = await store.getPapersByDocIds(ranked.map((r) => r.docId));
  const score = new Map(ranked.map((r) => [r.docId, r.score]));
  return { paper, related: papers.map((p) => ({ docId: p.docId, paper: p.paper, score: score.get(p.docId) ?? 0 })), method };
}
