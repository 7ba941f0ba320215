import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { UserRecord } from '../store/store.js';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import type { TopicMembership, TopicSummary } from '../topics/topic-membership.js';
import { buildDigest } from './build-digest.js';
import { digestLinks } from './digest-links.js';
import { renderDigest } from './render-digest.js';
import { subscribe } from './subscriptions.js';
import { PAPERS, addPapers, sources, tick } from './test-support/digest-library.js';

let dir: string;
let store: SqliteStore;
let ada: UserRecord;
let start: string;

beforeEach(async () => {
  ({ dir, store } = openTempStore('paperboy-digest-'));
  ada = await store.createUser({ name: 'ada', passwordHash: 'x', admin: false });
  start = new Date().toISOString();
});
afterEach(() => closeTempStore({ dir, store }));

const titles = (d: Awaited<ReturnType<typeof buildDigest>>) => d.entries.map((e) => e.paper.title);

describe('buildDigest', () => {
  it('ranks the papers a search matches by relevance, with the reason, and leaves out weak and non-matches', async () => {
    await addPapers(store, [PAPERS.moeMention!, PAPERS.segmentation!, PAPERS.moeRouting!], '/a.jsonl');
    await subscribe(store, { userId: ada.id, kind: 'search', value: 'mixture of experts routing' });
    const digest = await buildDigest(await sources(store), ada, { since: start });
    // The segmentation paper mentions "routing" once: a match far below the best, left out.
    expect(titles(digest)).toEqual(['Mixture of Experts Routing with Balanced Expert Load', 'Efficient Inference for Large Language Models']);
    expect(digest.entries[0]!.reason).toBe("matches your search 'mixture of experts routing'");
  });

  it('lists a paper several subscriptions match once, under the strongest, naming the others', async () => {
    await addPapers(store, [PAPERS.moeRouting!, PAPERS.moeMention!], '/a.jsonl');
    const search = await subscribe(store, { userId: ada.id, kind: 'search', value: 'mixture of experts' });
    const author = await subscribe(store, { userId: ada.id, kind: 'author', value: 'doe jane' });
    await subscribe(store, { userId: ada.id, kind: 'question', value: 'how are experts balanced?' });
    const digest = await buildDigest(await sources(store), ada, { since: start });
    expect(digest.entries).toHaveLength(2);
    const [bySearch, byAuthor] = digest.sections;
    expect(byAuthor!.subscription.id).toBe(author.id);
    expect(byAuthor!.entries.map((e) => [e.paper.title, e.reason])).toEqual([['Mixture of Experts Routing with Balanced Expert Load', 'by author Jane Doe']]);
    expect(byAuthor!.entries[0]!.alsoMatched).toEqual([
      "matches your search 'mixture of experts'",
      "answers your question 'how are experts balanced?': “Mixture of Experts Routing with Balanced Expert Load” (2025) presents a study of mixture of experts routing: how token…",
    ]);
    expect(bySearch!.subscription.id).toBe(search.id);
    expect(bySearch!.entries.map((e) => e.paper.title)).toEqual(['Efficient Inference for Large Language Models']);
  });

  it('answers a standing question from the new papers only, quoting the cited sentence; an off-topic question matches nothing', async () => {
    await addPapers(store, [PAPERS.moeRouting!], '/a.jsonl');
    await tick();
    const later = new Date().toISOString();
    await tick();
    await addPapers(store, [PAPERS.moeMention!, PAPERS.segmentation!], '/b.jsonl');
    await subscribe(store, { userId: ada.id, kind: 'question', value: 'how is mixture of experts routing used for inference?' });
    await subscribe(store, { userId: ada.id, kind: 'question', value: 'what is the best sourdough hydration?' });
    const digest = await buildDigest(await sources(store), ada, { since: later });
    // The routing paper is older than the window: the answer comes from the new inference paper.
    expect(titles(digest)).toEqual(['Efficient Inference for Large Language Models']);
    // The reason is the answer's statement: its paper named, "we" resolved.
    expect(digest.entries[0]!.reason).toMatch(/^answers your question 'how is mixture of experts routing used for inference\?': “Efficient Inference for Large Language Models” \(2025\) presents a study of efficient inference/);
    expect(digest.sections).toHaveLength(1);
  });

  it('never repeats a paper already sent, and only looks at papers added since the window start', async () => {
    await addPapers(store, [PAPERS.moeRouting!], '/a.jsonl');
    await tick();
    const later = new Date().toISOString();
    await tick();
    const [mention] = await addPapers(store, [PAPERS.moeMention!], '/b.jsonl');
    const sub = await subscribe(store, { userId: ada.id, kind: 'search', value: 'mixture' });
    const src = await sources(store);
    expect(titles(await buildDigest(src, ada, { since: later }))).toEqual(['Efficient Inference for Large Language Models']);
    expect(await buildDigest(src, ada, { since: new Date(Date.now() + 1000).toISOString() })).toMatchObject({ entries: [] });
    await store.recordDigest(ada.id, [{ docId: mention!, subscriptionId: sub.id }], new Date().toISOString());
    expect(titles(await buildDigest(src, ada, { since: start }))).toEqual(['Mixture of Experts Routing with Balanced Expert Load']);
  });

  it('matches topics through the TopicMembership it is given, and caps each subscription', async () => {
    const ids = await addPapers(store, [PAPERS.moeRouting!, PAPERS.moeMention!, PAPERS.segmentation!], '/a.jsonl');
    const vision: TopicSummary = { id: 't7', label: 'segmentation · scenes' };
    const llm: TopicSummary = { id: 't2', label: 'experts · inference' };
    const topics: TopicMembership = {
      topicsOf: (docIds) => new Map(docIds.map((d) => [d, d === ids[2] ? vision : llm])),
      topic: (id) => [vision, llm].find((t) => t.id === id),
    };
    await expect(subscribe(store, { userId: ada.id, kind: 'topic', value: 'nope' }, topics)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await subscribe(store, { userId: ada.id, kind: 'topic', value: 't7' }, topics);
    await subscribe(store, { userId: ada.id, kind: 'topic', value: 't2' }, topics);
    const digest = await buildDigest(await sources(store, topics), ada, { since: start, perSubscription: 1 });
    expect(digest.sections.map((s) => [s.entries.map((e) => e.reason), s.more])).toEqual([
      [['new paper in topic segmentation · scenes'], 0],
      [['new paper in topic experts · inference'], 1],
    ]);
    const links = await digestLinks(store, 'https://papers.example.org');
    expect(renderDigest(digest, links, topics).subject).toBe('paperboy: 2 new papers for you (topic segmentation · scenes, topic experts · inference)');
    // Without a topic model, topic subscriptions match nothing (rather than failing).
    expect((await buildDigest(await sources(store), ada, { since: start })).entries).toEqual([]);
  });

  it('checks subscriptions: kind, value length', async () => {
    await expect(subscribe(store, { userId: ada.id, kind: 'venue', value: 'x' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(subscribe(store, { userId: ada.id, kind: 'search', value: '   ' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await subscribe(store, { userId: ada.id, kind: 'search', value: '  dense \n retrieval ' })).value).toBe('dense retrieval');
  });
});
