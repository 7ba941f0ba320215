/**
 * Related papers: the nearest papers to one paper. Without embeddings, "more like this": the
 * paper's own most frequent words as a BM25 query. With embeddings, the nearest by the library's
 * vectors, blended with "more like this" by z-score fusion (rank/fusion.ts) when the built-in
 * model had little to learn from: its weight grows with the papers it was trained on, from none
 * at 50 papers to half at 200 and more. The shape comes from an exploratory run (not kept as a
 * benchmark) on samples of real arXiv papers from 8 categories, scored by the share of the 10
 * related papers in the paper's own category: there the vectors alone lost to shared words on
 * small samples and the half-and-half blend did best from about 100 papers up. Other models are
 * used alone, as before (nothing here to measure them with).
 */
import { PaperboyError } from '../core/errors.js';
import type { Paper } from '../core/paper.js';
import { builtinTrainedOn } from '../embeddings/builtin-model-store.js';
import type { LexicalIndex } from '../lexical/lexical-index.js';
import { zScoreFusion } from '../rank/fusion.js';
import type { Store } from '../store/store.js';
import { STOPWORDS, tokenize } from '../text/analyze.js';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';
import type { Semantic } from './search.js';

/** Words of the paper used as its lexical query: the parser's cap on query words. */
const MORE_LIKE_THIS_WORDS = 64;
/** Each list's depth when blending: as hybrid search's. */
const BLEND_DEPTH = 100;
/** The vectors' weight once the built-in model has learnt from enough papers. */
const RELATED_DENSE_WEIGHT = 0.5;
/** Below this many training papers the built-in model's vectors get no weight; at 4× it, full weight. */
const LEAST_TRAINING_PAPERS = 50;

export type RelatedMethod = 'semantic' | 'hybrid' | 'lexical';

/** How a method is named to readers. */
export const relatedMethodLabel = (method: RelatedMethod): string =>
  method === 'semantic' ? 'by meaning' : method === 'hybrid' ? 'by words and meaning' : 'by shared words';

/**
 * The weight of the vectors against shared words for a model: 1 for a model made elsewhere; for
 * the built-in one, RELATED_DENSE_WEIGHT · log₄(papers / 50), clamped to [0, RELATED_DENSE_WEIGHT].
 */
export function relatedDenseWeight(modelId: string, trainedOn: number | undefined): number {
  if (!modelId.startsWith('builtin/')) return 1;
  const share = Math.log(Math.max(1, trainedOn ?? 0) / LEAST_TRAINING_PAPERS) / Math.log(4);
  return RELATED_DENSE_WEIGHT * Math.min(1, Math.max(0, share));
}

function moreLikeThis(lexical: LexicalIndex, paper: Paper, limit: number, notSelf: (d: number) => boolean) {
  const counts = new Map<string, number>();
  for (const t of tokenize(`${toPlainText(paper.title)} ${toPlainText(paper.title)} ${toPlainText(clipText(paper.abstract))}`)) {
    if (!STOPWORDS.has(t) && t.length > 2) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MORE_LIKE_THIS_WORDS).map(([w]) => w);
  return lexical.search({ should: words, must: [], mustNot: [], prefixes: [] }, { limit, filter: notSelf });
}

export async function relatedPapers(
  store: Store,
  lexical: LexicalIndex,
  semantic: Semantic | undefined,
  id: string,
  limit = 10,
): Promise<{ paper: Paper; related: { docId: number; paper: Paper; score: number }[]; method: RelatedMethod }> {
  const paper = await store.getPaper(id);
  const docId = await store.docIdOf(id);
  if (!paper || docId === undefined) throw new PaperboyError('NOT_FOUND', `no paper with id ${JSON.stringify(id)} in the library`);
  const notSelf = (d: number) => d !== docId;
  const modelId = semantic?.provider.modelId;
  const weight = modelId ? relatedDenseWeight(modelId, modelId.startsWith('builtin/') ? await builtinTrainedOn(store) : undefined) : 0;
  const vector = semantic && weight > 0 ? (await store.getVectors(semantic.provider.modelId, [docId])).get(docId) : undefined;
  let ranked: { docId: number; score: number }[];
  let method: RelatedMethod;
  if (!semantic || !vector) {
    ranked = moreLikeThis(lexical, paper, limit, notSelf);
    method = 'lexical';
  } else if (weight >= 1) {
    ranked = semantic.index.search(vector, limit, notSelf);
    method = 'semantic';
  } else {
    const depth = Math.max(limit, BLEND_DEPTH);
    ranked = zScoreFusion(moreLikeThis(lexical, paper, depth, notSelf), semantic.index.search(vector, depth, notSelf), { weight, limit });
    method = 'hybrid';
  }
  const papers = await store.getPapersByDocIds(ranked.map((r) => r.docId));
  const score = new Map(ranked.map((r) => [r.docId, r.score]));
  return { paper, related: papers.map((p) => ({ docId: p.docId, paper: p.paper, score: score.get(p.docId) ?? 0 })), method };
}
