/**
 * What the CLI, the API and the pages show of a topic model: each topic's counts, weekly series
 * and growth, a topic's papers newest first, and the trending view (topics growing fastest, and
 * the most upvoted papers of the last weeks, and the papers gaining upvotes).
 */
import type { Paper } from '../core/paper.js';
import type { ListedPaper, Store } from '../store/store.js';
import { listTopPapers } from '../store/top-papers.js';
import type { TopicModel, WeekRange } from './topic-model.js';
import { addDays } from '../core/dates.js';
import { RECENT_WEEKS, growthScore, type WeeklySeries } from './weekly-series.js';

export interface TopicOverview {
  index: number;
  id: string;
  label: string;
  terms: string[];
  papers: number;
  /** Doc id of the representative paper (-1 when none). */
  representative: number;
  /** weekly-series.ts growthScore: log2 of recent over earlier papers a week, smoothed. */
  growth: number;
  series: WeeklySeries;
}

/**
 * Topics with their series over the library's weeks: every topic in the model's order (largest
 * at build first), or only the ones given (a topic's page asks for one). Either way it takes two
 * passes over the papers, plus one over each topic's own.
 */
export function topicOverview(model: TopicModel, only?: readonly number[], range: WeekRange = model.weekRange()): TopicOverview[] {
  const indexes = only ?? model.topics.map((_, index) => index);
  const rows = model.rowsOf(indexes);
  return indexes.map((index, i) => {
    const t = model.topics[index]!;
    const series = model.series(rows[i]!, range);
    return { index, id: t.id, label: t.label, terms: t.terms, papers: rows[i]!.length, representative: t.representative, growth: growthScore(series.papers), series };
  });
}

/** The topics' representative papers, by doc id. */
export async function representativePapers(store: Store, topics: readonly TopicOverview[]): Promise<Map<number, Paper>> {
  const found = await store.getPapersByDocIds(topics.map((t) => t.representative));
  return new Map(found.map((r) => [r.docId, r.paper]));
}

/** The growing topics, fastest first (ties: the larger); a steady or shrinking topic is not trending. */
export function trendingTopics(overview: TopicOverview[], limit: number): TopicOverview[] {
  return overview
    .filter((t) => t.papers > 0 && t.growth > 0)
    .sort((a, b) => b.growth - a.growth || b.papers - a.papers || a.index - b.index)
    .slice(0, limit);
}

/** One page of a topic's papers, newest first (by date, then the later-added). */
export function topicPapers(model: TopicModel, topic: number, offset: number, limit: number): { docIds: number[]; total: number } {
  const { docIds, day } = model.papers;
  const rows = model.rowsOf([topic])[0]!.sort((a, b) => day[b]! - day[a]! || docIds[b]! - docIds[a]!);
  return { docIds: rows.slice(offset, offset + limit).map((r) => docIds[r]!), total: rows.length };
}

/**
 * The most upvoted papers dated in the library's last RECENT_WEEKS weeks (the source's upvotes
 * plus this library's users'), most first; the newest when none of them has an upvote (a library
 * of arXiv listings: ranking by a count that is zero everywhere would be arbitrary), `by` saying
 * which. The library's newest date, not today, ends the window: a library of past listings still
 * has a "recent".
 */
export async function trendingPapers(store: Store, limit: number): Promise<{ from: string; to: string; by: 'upvotes' | 'newest'; papers: ListedPaper[] }> {
  const to = (await store.adjacentDays('9999-12-31')).previous;
  if (!to) return { from: '', to: '', by: 'upvotes', papers: [] };
  const from = addDays(to, 1 - RECENT_WEEKS * 7);
  const { by, items } = await listTopPapers(store, { from, to, limit });
  return { from, to, by, papers: items };
}

/** How far back "gaining upvotes" looks. */
export const GAINING_DAYS = 7;

/**
 * Papers gaining upvotes: the most upvoted by this library's users in the last GAINING_DAYS days
 * (upvotes carry their time; a source's count does not, so it cannot say what was gained).
 */
export async function gainingPapers(store: Store, now: Date, limit: number): Promise<{ since: string; papers: (ListedPaper & { gained: number })[] }> {
  const since = new Date(now.getTime() - GAINING_DAYS * 86_400_000).toISOString();
  const gained = await store.upvotesSince(since, limit);
  const [papers, users] = await Promise.all([store.getPapersByDocIds(gained.map((g) => g.docId)), store.userUpvotes(gained.map((g) => g.docId))]);
  const byDoc = new Map(papers.map((p) => [p.docId, p.paper]));
  return {
    since,
    papers: gained.flatMap((g) => {
      const paper = byDoc.get(g.docId);
      return paper ? [{ docId: g.docId, paper, upvotes: (paper.upvotes ?? 0) + (users.get(g.docId) ?? 0), gained: g.upvotes }] : [];
    }),
  };
}
