import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../../store/sqlite/sqlite-store.js';
import { ingestRecords } from '../../../store/test-support/temp-store.js';
import { themeCorpus, themePaper } from '../../../topics/test-support/theme-corpus.js';
import { addTestUser, testEnv, type TestEnv } from '../../test-support/test-app.js';

/** Response JSON, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

let t: TestEnv;
beforeAll(async () => {
  t = await testEnv({ fixtures: [] });
});
afterAll(async () => t.close());

const get = async (path: string) => {
  const res = await t.app.request(path);
  return { status: res.status, body: (await res.json()) as JsonBody };
};

describe('topic routes', () => {
  it('answer an empty library with empty lists and a 404 for a topic', async () => {
    expect((await get('/api/topics')).body).toEqual({ space: 'tfidf', papers: 0, clustered: false, separation: null, partialWeek: null, topics: [] });
    expect((await get('/api/map')).body.points).toEqual([]);
    expect((await get('/api/trending')).body.topics).toEqual([]);
    const missing = await get('/api/topics/x-1');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('list the topics of a library, with weekly series, growth and representatives', async () => {
    // 3 themes × 12 papers: the count is chosen by how well the papers separate above chance (a
    // small library), and the three themes are three topics; every paper counted exactly once.
    await ingestRecords(t.library.store as SqliteStore, themeCorpus(12));
    // The first request starts the build in a worker thread and is asked to come back.
    const res = await t.app.request('/api/topics');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await res.json()) as JsonBody).error.code).toBe('TOPICS_BUILDING');
    await t.library.topics({ wait: true });
    const { status, body } = await get('/api/topics');
    expect(status).toBe(200);
    expect(body.space).toBe('tfidf');
    expect(body.papers).toBe(36);
    expect(body.topics).toHaveLength(3);
    expect(body.clustered).toBe(true);
    expect(body.separation.k).toBe(3);
    expect(body.separation.score).toBeGreaterThan(body.separation.chance);
    expect(body.topics.reduce((s: number, x: JsonBody) => s + x.papers, 0)).toBe(36);
    // The newest day, Monday 2024-03-18, starts a week the library has only part of: the series
    // stop before it (whole weeks only), so its papers are in the counts but not in the series.
    expect(body.partialWeek).toEqual({ from: '2024-03-18', to: '2024-03-18' });
    const lastWeek = await t.library.store.listByDate({ from: '2024-03-18', to: '2024-03-24', sort: 'newest', limit: 100 });
    expect(lastWeek.items.length).toBeGreaterThan(0);
    const inSeries = body.topics.reduce((s: number, x: JsonBody) => s + x.series.papers.reduce((a: number, b: number) => a + b, 0), 0);
    expect(inSeries).toBe(36 - lastWeek.items.length);
    for (const topic of body.topics) {
      expect(topic.series.weeks.at(-1)).toBe('2024-03-11');
      expect(topic.series.weeks).toHaveLength(topic.series.papers.length);
      expect(topic.representativeId).toMatch(/^2401\./);
      expect(typeof topic.growth).toBe('number');
    }
  });

  it('show one topic with its papers newest first, paginated', async () => {
    const id = (await get('/api/topics')).body.topics[0].id as string;
    const first = await get(`/api/topics/${id}?limit=5`);
    expect(first.status).toBe(200);
    expect(first.body.topic.id).toBe(id);
    expect(first.body.papers).toHaveLength(5);
    expect(first.body.representative.id).toBe(first.body.topic.representativeId);
    const dates = first.body.papers.map((p: JsonBody) => p.date as string);
    expect([...dates].sort().reverse()).toEqual(dates);
    const second = await get(`/api/topics/${id}?limit=5&offset=5`);
    expect(second.body.offset).toBe(5);
    expect(second.body.papers[0].id).not.toBe(first.body.papers[0].id);
    expect(second.body.total).toBe(first.body.total);
    expect((await get(`/api/topics/${id}?limit=0`)).status).toBe(400);
    // The whole topic on one page: each paper once, the representative among them only once.
    const all = await get(`/api/topics/${id}?limit=100`);
    const ids = all.body.papers.map((p: JsonBody) => p.id as string);
    expect(ids).toHaveLength(all.body.total);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(all.body.representative.id);
  });

  it('map every paper to a point of its topic, sampled under a limit', async () => {
    const all = await get('/api/map');
    expect(all.body.total).toBe(36);
    expect(all.body.points).toHaveLength(36);
    const ids = new Set(all.body.topics.map((x: JsonBody) => x.id));
    for (const p of all.body.points) {
      expect(ids.has(p.topic)).toBe(true);
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
    const sample = await get('/api/map?limit=10');
    // Stratified: about 10 points, every topic represented.
    expect(sample.body.points.length).toBeGreaterThanOrEqual(8);
    expect(sample.body.points.length).toBeLessThanOrEqual(12);
    expect(new Set(sample.body.points.map((p: JsonBody) => p.topic)).size).toBe(ids.size);
  });

  it('list trending topics and the most upvoted recent papers', async () => {
    // Papers of the three themes spread evenly over three months: no topic grows, none trends.
    expect((await get('/api/trending?limit=3')).body.topics).toEqual([]);
    // Eight astronomy papers in the last whole week (2024-03-11 to 15): astronomy grows.
    const dates = ['2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15'];
    await ingestRecords(t.library.store as SqliteStore, Array.from({ length: 8 }, (_, i) => themePaper('astronomy', 60 + i, dates[i % dates.length])));
    await t.library.topics({ wait: true });
    const { body } = await get('/api/trending?limit=3');
    expect(body.topics.length).toBeGreaterThan(0);
    const growth = body.topics.map((x: JsonBody) => x.growth as number);
    expect([...growth].sort((a, b) => b - a)).toEqual(growth);
    // Only growing topics trend; the partial newest week does not count as a whole one.
    for (const g of growth) expect(g).toBeGreaterThan(0);
    expect(body.topics[0].label).toMatch(/galaxies|stellar|telescope|supernova|redshift|cosmic|planets|nebula/);
    expect(body.partialWeek).toEqual({ from: '2024-03-18', to: '2024-03-18' });
    expect(body.papersBy).toBe('upvotes');
    // The library's newest date ends the window: paper 8 of each theme, dated 2024-03-18.
    expect(body.to).toBe('2024-03-18');
    expect(body.from).toBe('2024-02-20');
    expect(body.papers).toHaveLength(3);
    const upvotes = body.papers.map((p: JsonBody) => p.upvotes as number);
    expect([...upvotes].sort((a, b) => b - a)).toEqual(upvotes);
    expect(body.papers.every((p: JsonBody) => p.date >= body.from)).toBe(true);
    expect(body.gaining).toEqual([]);
  });

  it('list the papers gaining upvotes: the most upvoted by readers in the last 7 days', async () => {
    const store = t.library.store;
    const [ada, bob] = [await addTestUser(t.library, 'ada'), await addTestUser(t.library, 'bob')];
    const [first, second] = (await store.listByDate({ from: '2000-01-01', to: '2100-01-01', sort: 'newest', limit: 2 })).items;
    // Two readers upvote the second paper, one the first: the second gained more.
    await store.setUpvote(ada.id, second!.docId, true);
    await store.setUpvote(bob.id, second!.docId, true);
    await store.setUpvote(ada.id, first!.docId, true);
    const { body } = await get('/api/trending');
    expect(body.gaining.map((g: JsonBody) => [g.paper.id, g.gained])).toEqual([
      [second!.paper.id, 2],
      [first!.paper.id, 1],
    ]);
    expect(body.gaining[0].paper.upvotes).toBe((second!.paper.upvotes ?? 0) + 2);
    // Upvotes older than the window are not "gaining".
    expect(await store.upvotesSince(new Date(Date.now() + 60_000).toISOString(), 10)).toEqual([]);
    const page = await (await t.app.request('/trending')).text();
    expect(page).toContain('<h2>Gaining upvotes</h2>');
  });
});
