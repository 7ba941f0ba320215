/**
 * Which papers to draw on the map when there are too many: a sample stratified by topic (each
 * topic keeps its share of the points, at least one), evenly spaced through each topic's papers
 * so it is deterministic and spread over time.
 */
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
