/** The API's JSON shape of a paper: the CLI's stable fields, with upvotes including users'. */
import { paperJson } from '../core/paper-format.js';
import type { Paper } from '../core/paper.js';

export interface PaperVotes {
  /** The source's upvotes plus this library's users'. */
  upvotes: number;
  /** Upvotes by this library's users. */
  userUpvotes: number;
  /** Whether the asking user upvoted it (absent when nobody is signed in). */
  upvoted?: boolean;
}

export function apiPaper(paper: Paper, votes: PaperVotes): Record<string, unknown> {
  return { ...paperJson(paper), sourceUpvotes: paper.upvotes ?? null, ...votes };
}

/** Votes of a list of papers for a user (or nobody). */
export async function votesFor(
  store: { userUpvotes(ids: number[]): Promise<Map<number, number>>; upvotedBy(user: number, ids: number[]): Promise<Set<number>> },
  items: { docId: number; paper: Paper }[],
  userId: number | undefined,
): Promise<Map<number, PaperVotes>> {
  const ids = items.map((i) => i.docId);
  const [users, mine] = await Promise.all([store.userUpvotes(ids), userId === undefined ? undefined : store.upvotedBy(userId, ids)]);
  return new Map(
    items.map(({ docId, paper }) => {
      const userUpvotes = users.get(docId) ?? 0;
      return [docId, { upvotes: (paper.upvotes ?? 0) + userUpvotes, userUpvotes, ...(mine ? { upvoted: mine.has(docId) } : {}) }];
    }),
  );
}
