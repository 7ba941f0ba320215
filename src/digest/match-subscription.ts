/**
 * Which of a set of candidate papers one subscription matches, ranked, each with a one-line
 * reason. Candidates are the papers new to the user (build-digest.ts) or recent to a feed.
 */
import { ask } from '../ask/ask.js';
import type { Paper } from '../core/paper.js';
import { foldText } from '../ingest/identity.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { MAX_SEARCH_LIMIT, search } from '../search/search.js';
import type { Store, SubscriptionRecord } from '../store/store.js';
import type { TopicMembership } from '../topics/topic-membership.js';

/** What matching reads: the store, the lexical index and, when the library has a topic model, topics. */
export interface MatchSources {
  store: Store;
  /** BM25 (not any LexicalIndex): standing questions score sentences with its idf. */
  lexical: Bm25Index;
  topics?: TopicMembership | undefined;
}

export interface Candidate {
  docId: number;
  paper: Paper;
}

export interface SubscriptionMatch {
  docId: number;
  /** Within one subscription, higher is better; only comparable within it. */
  score: number;
  reason: string;
}

/** One subscription's matches among some candidates, best first. */
export type SubscriptionMatcher = (sub: SubscriptionRecord, candidates: Candidate[]) => Promise<SubscriptionMatch[]>;

/** Candidates in the order given (newest first); matches come back best first. */
export async function matchSubscription(sources: MatchSources, sub: SubscriptionRecord, candidates: Candidate[]): Promise<SubscriptionMatch[]> {
  return subscriptionMatcher(sources, candidates)(sub, candidates);
}

/** Matches over a set of candidates before a subset's share is cut from them (searches unfloored). */
interface PooledMatches {
  matches: SubscriptionMatch[];
  /** False when the matches may be cut short (a search's limit), so a subset's share may lack some. */
  complete: boolean;
}

/**
 * Matches subscriptions against subsets of one pool of candidates (a digest run's new papers; a
 * user's subset is those in their window they were not sent). Each distinct subscription (kind and
 * value: two users following one author share it) is matched over the pool once, and a subset
 * gets its share: the matches among its candidates, the relevance floor taken from the best of
 * them. That is what matching the subset alone gives, because a paper's search score, authors and
 * topic do not depend on the other candidates. A question's answer does (its evidence is chosen
 * among all of them), so it is shared only by identical subsets; so is a search whose matches over
 * the pool fill a whole search.
 */
export function subscriptionMatcher(sources: MatchSources, pool: Candidate[]): SubscriptionMatcher {
  const memo = new Map<string, Promise<PooledMatches>>();
  const over = (sub: SubscriptionRecord, key: string, candidates: Candidate[]) => {
    let matched = memo.get(key);
    if (!matched) memo.set(key, (matched = matchAll(sources, sub, candidates)));
    return matched;
  };
  return async (sub, candidates) => {
    if (candidates.length === 0) return [];
    const key = `${sub.kind}\n${sub.value}`;
    if (sub.kind !== 'question') {
      const pooled = await over(sub, key, pool);
      // A subset as large as the pool is the pool.
      if (pooled.complete || candidates.length === pool.length) return shareOf(sub, pooled.matches, candidates);
    }
    const own = await over(sub, `${key}\n${candidates.map((c) => c.docId).join(',')}`, candidates);
    return shareOf(sub, own.matches, candidates);
  };
}

async function matchAll(sources: MatchSources, sub: SubscriptionRecord, candidates: Candidate[]): Promise<PooledMatches> {
  switch (sub.kind) {
    case 'search':
      return matchSearch(sources, sub.value, candidates);
    case 'question':
      return { matches: await matchQuestion(sources, sub.value, candidates), complete: true };
    case 'author':
      return { matches: await matchAuthor(sources.store, sub.value, candidates), complete: true };
    case 'topic':
      return { matches: matchTopic(sources.topics, sub.value, candidates), complete: true };
  }
}

/** The matches among these candidates, in their order; a search's only those above its relevance floor. */
function shareOf(sub: SubscriptionRecord, matches: SubscriptionMatch[], candidates: Candidate[]): SubscriptionMatch[] {
  const wanted = new Set(candidates.map((c) => c.docId));
  const mine = matches.filter((m) => wanted.has(m.docId));
  if (sub.kind !== 'search') return mine;
  const floor = (mine[0]?.score ?? 0) * RELEVANCE_FLOOR;
  return mine.filter((m) => m.score >= floor);
}

/**
 * Matches scoring below this share of the subscription's best match are left out. Words are ORed,
 * so a three-word search matches most papers through its commonest word; on a month of real arXiv
 * listings the matches below ~0.4 of the best were off topic ("vehicle routing" for "mixture of
 * experts routing"), those above it on topic.
 */
export const RELEVANCE_FLOOR = 0.4;

/**
 * The product's search, restricted to the candidates by the id filter, best first (the relevance
 * floor is the share's: shareOf). Lexical only: by meaning, every candidate is somebody's nearest
 * neighbour, so a digest would list every new paper.
 */
async function matchSearch(sources: MatchSources, query: string, candidates: Candidate[]): Promise<PooledMatches> {
  const docIdOf = new Map(candidates.map((c) => [c.paper.id, c.docId]));
  const result = await search(sources.store, sources.lexical, query, {
    mode: 'lexical',
    filters: { ids: [...docIdOf.keys()] },
    limit: candidates.length,
    snippets: false,
  });
  const reason = `matches your search '${query}'`;
  const matches = result.hits.flatMap((h) => {
    const docId = docIdOf.get(h.paper.id);
    return docId === undefined ? [] : [{ docId, score: h.score, reason }];
  });
  return { matches, complete: candidates.length <= MAX_SEARCH_LIMIT || result.hits.length < MAX_SEARCH_LIMIT };
}

/** Quotes in a reason are cut to this many characters. */
const REASON_QUOTE = 120;

/**
 * A standing question is re-asked (ask/ask.ts) over the new papers only; each paper the answer
 * cites matches, in citation order, with its first statement as the answer shows it (the paper
 * named, first-person references resolved). An abstention matches nothing.
 */
async function matchQuestion(sources: MatchSources, question: string, candidates: Candidate[]): Promise<SubscriptionMatch[]> {
  const answer = await ask({ store: sources.store, lexical: sources.lexical }, question, {
    docIds: new Set(candidates.map((c) => c.docId)),
    today: new Date().toISOString().slice(0, 10),
  });
  if (answer.abstained) return [];
  const docIdOf = new Map(candidates.map((c) => [c.paper.id, c.docId]));
  // Each paper's first statement as the answer shows it (its paper named, "we" resolved), else its quote.
  const firstQuote = new Map<string, string>();
  for (const s of answer.statements) for (const c of s.citations) if (!firstQuote.has(c.paperId)) firstQuote.set(c.paperId, s.shown ?? c.quote);
  return [...firstQuote].flatMap(([paperId, quote], i) => {
    const docId = docIdOf.get(paperId);
    const shown = quote.length > REASON_QUOTE ? `${quote.slice(0, REASON_QUOTE - 1).trimEnd()}…` : quote;
    return docId === undefined ? [] : [{ docId, score: firstQuote.size - i, reason: `answers your question '${question}': ${shown}` }];
  });
}

/** The store's author filter (words of one name, any order, accents folded); the reason names the author as the paper writes it. */
async function matchAuthor(store: Store, name: string, candidates: Candidate[]): Promise<SubscriptionMatch[]> {
  const matched = await store.filterDocIds({ authors: [name], ids: candidates.map((c) => c.paper.id) });
  const words = foldText(name).split(' ').filter(Boolean);
  return candidates
    .filter((c) => matched?.has(c.docId))
    .map((c) => {
      const shown = c.paper.authors.find((a) => {
        const own = new Set(foldText(a).split(' '));
        return words.every((w) => own.has(w));
      });
      return { docId: c.docId, score: 1, reason: `by author ${shown ?? name}` };
    });
}

function matchTopic(topics: TopicMembership | undefined, topicId: string, candidates: Candidate[]): SubscriptionMatch[] {
  // An old id (from before a rebuild) resolves to its successor.
  const wanted = topics?.topic(topicId)?.id;
  if (!topics || !wanted) return [];
  const of = topics.topicsOf(candidates.map((c) => c.docId));
  return candidates.flatMap((c) => {
    const topic = of.get(c.docId);
    return topic?.id === wanted ? [{ docId: c.docId, score: 1, reason: `new paper in topic ${topic.label}` }] : [];
  });
}
