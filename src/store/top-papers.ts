import type { DateListQuery, ListedPaper, Store } from './store.js';

/**
 * A date range's papers "top" first: the most upvoted (the source's upvotes plus this library's
 * users'), or the newest when none has an upvote (a library of arXiv listings: ranking by a count
 * that is zero everywhere would be arbitrary), `by` saying which. One listByDate call when the
 * range has upvotes; a later page (a cursor) or a fall-back takes two. The daily list and the
 * trending page share it.
 */
export async function listTopPapers(store: Store, query: Omit<DateListQuery, 'sort'>): Promise<{ by: 'upvotes' | 'newest'; items: ListedPaper[]; nextCursor?: string }> {
  const { cursor, ...range } = query;
  // The range's most upvoted paper decides, whichever page is asked for.
  const top = await store.listByDate({ ...range, sort: 'upvotes', ...(cursor ? { limit: 1 } : {}) });
  const by = top.items.length > 0 && top.items[0]!.upvotes === 0 ? 'newest' : 'upvotes';
  if (by === 'upvotes' && !cursor) return { by, ...top };
  return { by, ...(await store.listByDate({ ...query, sort: by })) };
}
