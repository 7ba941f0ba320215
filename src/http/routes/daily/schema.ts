/**
 * What the daily page (page.ts) and GET /api/days/:date (api.ts) share: the list's order,
 * category and cursor, parsed by one schema (the API refuses a bad field, the page drops it),
 * and one way to list a period.
 */
import { z } from 'zod';
import type { ListedPaper, Store } from '../../../store/store.js';
import { listTopPapers } from '../../../store/top-papers.js';
import { listParam } from '../../validate.js';

export const DayListQuery = z.object({
  sort: z.enum(['upvotes', 'newest']).default('upvotes').describe('upvotes: the most upvoted first, or the newest when no paper of the span has an upvote (the answer\'s sort says which)'),
  category: listParam().describe('only papers in this category, e.g. cs.CL or cs (repeatable)'),
  cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
});
export type DayListQuery = z.output<typeof DayListQuery>;

/** One page of a period's papers; `by` is the order used (top falls back to newest, store/top-papers.ts). */
export async function listPeriod(store: Store, period: { from: string; to: string }, q: DayListQuery, limit: number): Promise<{ by: 'upvotes' | 'newest'; items: ListedPaper[]; nextCursor?: string }> {
  const page = { from: period.from, to: period.to, limit, ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.category?.length ? { categories: q.category } : {}) };
  if (q.sort === 'upvotes') return listTopPapers(store, page);
  return { by: 'newest', ...(await store.listByDate({ ...page, sort: 'newest' })) };
}
