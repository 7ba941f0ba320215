/**
 * Which papers to draw on the map when there are too many: a sample stratified by topic (each
 * topic keeps its share of the points, at least one), evenly spaced through each topic's papers
 * so it is deterministic and spread over time.
 */
import type { Paper } from '../core/paper.js';
import type { Store } from '../store/store.js';
import type { TopicModel } from './topic-model.js';

/** Rows of the model's papers to draw: all when at most `limit`, else about `limit`. */
export function mapSample(model: TopicModel, limit: number): number[] {
  const n = model.size;
  const all = Array.from({ length: n }, (_, r) => r);
  if (n <= limit) return all;
  const out: number[] = [];
  for (const rows of model.rowsOf(model.topics.map((_, t) => t))) {
    const take = Math.max(1, Math.round((rows.length * limit) / n));
    const step = rows.length / take;
    for (let i = 0; i < take && i * step < rows.length; i++) out.push(rows[Math.floor(i * step)]!);
  }
  return out.sort((a, b) => a - b);
}

/** The sampled papers with their topic (index) and map position, for the map page and the map API. */
export async function mapPoints(store: Store, model: TopicModel, limit: number): Promise<{ paper: Paper; topic: number; x: number; y: number }[]> {
  const rows = mapSample(model, limit);
  const { docIds, topic, x, y } = model.papers;
  const papers = new Map((await store.getPapersByDocIds(rows.map((r) => docIds[r]!))).map((r) => [r.docId, r.paper]));
  return rows.flatMap((r) => {
    const paper = papers.get(docIds[r]!);
    return paper ? [{ paper, topic: topic[r]!, x: x[r]!, y: y[r]! }] : [];
  });
}
