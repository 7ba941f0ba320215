/**
 * Which of a set of candidate papers one subscription matches, ranked, each with a one-line
 * reason. Candidates are the papers new to the user (build-digest.ts) or recent to a feed.
 */
import { ask } from '../ask/ask.js';
import type { Paper } from '../core/paper.js';
import { foldText } from '../ingest/identity.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { search } from '../search/search.js';
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

/** Candidates in the order given (newest first); matches come back best first. */
export async function matchSubscription(sources: MatchSources, sub: SubscriptionRecord, candidates: Candidate[]): Promise<SubscriptionMatch[]> {
  if (candidates.length === 0) return [];
  switch (sub.kind) {
    case 'search':
      return matchSearch(sources, sub.value, candidates, `matches your search '${sub.value}'`);
    case 'question':
      return matchQuestion(sources, sub.value, candidates);
    case 'author':
      return matchAuthor(sources.store, sub.value, candidates);
    case 'topic':
      return matchTopic(sources.topics, sub.value, candidates);
  }
}

/**
 * Matches scoring below this share of the subscription's best match are left out. Words are ORed,
 * so a three-word search matches most papers through its commonest word; on a month of real arXiv
 * listings the matches below ~0.4 of the best were off topic ("vehicle routing" for "mixture of
 * experts routing"), those above it on topic.
 */
export const RELEVANCE_FLOOR = 0.4;

/**
 * The product's search, restricted to the candidates by the id filter. Lexical only: by meaning,
 * every candidate is somebody's nearest neighbour, so a digest would list every new paper.
 */
async function matchSearch(sources: MatchSources, query: string, candidates: Candidate[], reason: string): Promise<SubscriptionMatch[]> {
  const docIdOf = new Map(candidates.map((c) => [c.paper.id, c.docId]));
  const result = await search(sources.store, sources.lexical, query, {
    mode: 'lexical',
    filters: { ids: [...docIdOf.keys()] },
    limit: candidates.length,
    snippets: false,
  });
  const floor = (result.hits[0]?.score ?? 0) * RELEVANCE_FLOOR;
  return result.hits.flatMap((h) => {
    const docId = docIdOf.get(h.paper.id);
    return docId === undefined || h.score < floor ? [] : [{ docId, score: h.score, reason }];
  });
}

/** Quotes in a reason are cut to this many characters. */
const REASON_QUOTE = 120;

/**
 * A standing question is re-asked (ask/ask.ts) over the new papers only; each paper the answer
 * cites matches, in citation order, with its first quoted sentence. An abstention matches nothing.
 */
async function matchQuestion(sources: MatchSources, question: string, candidates: Candidate[]): Promise<SubscriptionMatch[]> {
  const answer = await ask({ store: sources.store, lexical: sources.lexical }, question, {
    docIds: new Set(candidates.map((c) => c.docId)),
    today: new Date().toISOString().slice(0, 10),
  });
  if (answer.abstained) return [];
  const docIdOf = new Map(candidates.map((c) => [c.paper.id, c.docId]));
  const firstQuote = new Map<string, string>();
  for (const s of answer.statements) for (const c of s.citations) if (!firstQuote.has(c.paperId)) firstQuote.set(c.paperId, c.quote);
  return [...firstQuote].flatMap(([paperId, quote], i) => {
    const docId = docIdOf.get(paperId);
    const shown = quote.length > REASON_QUOTE ? `${quote.slice(0, REASON_QUOTE - 1).trimEnd()}…` : quote;
    return docId === undefined ? [] : [{ docId, score: firstQuote.size - i, reason: `answers your question '${question}': “${shown}”` }];
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
