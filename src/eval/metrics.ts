/**
 * Retrieval metrics as trec_eval defines them, so figures compare with published BEIR numbers.
 * A ranking is a list of document ids, best first; qrels map a judged document to its relevance
 * (graded; 0 or less is judged not relevant). A document listed twice counts once, at its first
 * place, and the places after it move up.
 */

/** Judged documents of one query: id → relevance. */
export type Qrels = ReadonlyMap<string, number>;

/** The ranking with repeats dropped (first occurrence kept), cut to k. */
function topK(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ranked) {
    if (out.length >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

const gain = (qrels: Qrels, id: string) => Math.max(0, qrels.get(id) ?? 0);
const relevantCount = (qrels: Qrels) => [...qrels.values()].filter((r) => r > 0).length;

/**
 * nDCG@k: DCG = Σ rel_i / log2(i + 1) over ranks i = 1..k, divided by the DCG of the ideal
 * ranking (the judged relevances, highest first). 0 when nothing is relevant.
 */
export function ndcgAt(ranked: readonly string[], qrels: Qrels, k: number): number {
  const dcg = topK(ranked, k).reduce((sum, id, i) => sum + gain(qrels, id) / Math.log2(i + 2), 0);
  const ideal = [...qrels.values()].filter((r) => r > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Recall@k: relevant documents in the top k / all relevant documents. 0 when nothing is relevant. */
export function recallAt(ranked: readonly string[], qrels: Qrels, k: number): number {
  const total = relevantCount(qrels);
  if (total === 0) return 0;
  return topK(ranked, k).filter((id) => gain(qrels, id) > 0).length / total;
}

/** MRR@k for one query: 1 / rank of the first relevant document in the top k, else 0. */
export function mrrAt(ranked: readonly string[], qrels: Qrels, k: number): number {
  const rank = topK(ranked, k).findIndex((id) => gain(qrels, id) > 0);
  return rank < 0 ? 0 : 1 / (rank + 1);
}

/** The figures `paperboy eval` reports, under the names it prints them by. */
export interface EvalMetrics {
  'ndcg@10': number;
  'recall@100': number;
  'mrr@10': number;
  /** Queries averaged over. */
  queries: number;
}

/** One query's figures. */
export function scoreQuery(ranked: readonly string[], qrels: Qrels): Omit<EvalMetrics, 'queries'> {
  return { 'ndcg@10': ndcgAt(ranked, qrels, 10), 'recall@100': recallAt(ranked, qrels, 100), 'mrr@10': mrrAt(ranked, qrels, 10) };
}

/**
 * The mean over queries. Callers leave out queries with no relevant document, as trec_eval does
 * (their metrics are undefined, not 0); none at all gives 0s.
 */
export function aggregate(perQuery: readonly Omit<EvalMetrics, 'queries'>[]): EvalMetrics {
  const n = perQuery.length;
  const mean = (key: 'ndcg@10' | 'recall@100' | 'mrr@10') => (n === 0 ? 0 : perQuery.reduce((s, q) => s + q[key], 0) / n);
  return { 'ndcg@10': mean('ndcg@10'), 'recall@100': mean('recall@100'), 'mrr@10': mean('mrr@10'), queries: n };
}

/** True when a query has a relevant document, so it counts in the averages. */
export const isJudged = (qrels: Qrels | undefined): qrels is Qrels => qrels !== undefined && relevantCount(qrels) > 0;
