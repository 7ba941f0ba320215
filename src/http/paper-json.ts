/**
 * The API's JSON shape of a paper: the CLI's stable fields, with upvotes including users', and
 * its sources by name (core/paper-format.ts sourceName) for anyone but an admin: the server's
 * file paths are the server's business.
 */
import type { Context } from 'hono';
import { paperJson, publicSources } from '../core/paper-format.js';
import type { Paper } from '../core/paper.js';
import type { AppEnv } from './app-env.js';

export interface PaperVotes {
  /** The source's upvotes plus this library's users'. */
  upvotes: number;
  /** Upvotes by this library's users. */
  userUpvotes: number;
  /** Whether the asking user upvoted it (absent when nobody is signed in). */
  upvoted?: boolean;
}

/** Whether the request may see the server's side of things (file paths): an admin's. */
export const seesServer = (c: Context<AppEnv>): boolean => c.get('user')?.admin === true;

/** A paper as the reader sees it: with server paths for an admin, with source names for everyone else. */
export function readerPaperJson(paper: Paper, admin: boolean): Record<string, unknown> {
  return paperJson(admin ? paper : { ...paper, sources: publicSources(paper.sources) });
}

export function apiPaper(paper: Paper, votes: PaperVotes, admin: boolean): Record<string, unknown> {
  return { ...readerPaperJson(paper, admin), sourceUpvotes: paper.upvotes ?? null, ...votes };
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
