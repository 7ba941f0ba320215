/**
 * Topics (topics/): GET /api/topics lists them with counts, growth and weekly series;
 * GET /api/topics/:id is one topic with its representative and its papers newest first
 * (paginated by offset); GET /api/map the papers' 2-D map positions coloured by topic (a
 * stratified sample); GET /api/trending the topics growing fastest, the most upvoted recent papers and the papers gaining upvotes.
 * Until the library's first topic model is built (in a worker thread), they answer 503 TOPICS_BUILDING with Retry-After.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { PaperboyError } from '../../../core/errors.js';
import { mapPoints } from '../../../topics/map-sample.js';
import { gainingPapers, representativePapers, topicOverview, topicPapers, trendingPapers, trendingTopics, type TopicOverview } from '../../../topics/topic-report.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import { apiPaper, seesServer, votesFor } from '../../paper-json.js';
import { PaperDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { limitParam, validParams, validQuery } from '../../validate.js';

const SeriesDoc = z.object({
  weeks: z.array(z.string()).describe('the Monday of each ISO week, oldest first'),
  papers: z.array(z.number().int()),
  upvotes: z.array(z.number().int()).describe("the source's upvotes of the week's papers"),
});
const TopicDoc = z.object({
  id: z.string().describe('stable until the topics are rebuilt'),
  label: z.string(),
  terms: z.array(z.string()),
  papers: z.number().int(),
  growth: z.number().describe('log2 of papers a week in the last 4 whole weeks over the 8 before, smoothed by 2 papers a week'),
  representativeId: z.string().nullable().describe('the paper nearest the topic centre'),
  series: SeriesDoc,
});
const PartialWeekDoc = z
  .object({ from: z.string(), to: z.string() })
  .nullable()
  .describe("the library's newest days when they are only part of a week: left out of the series and growth until the week is whole");
const SeparationDoc = z
  .object({ k: z.number().int(), score: z.number(), chance: z.number(), chanceSd: z.number() })
  .nullable()
  .describe("a small library's best split into k groups: simplified silhouette `score` against `chance` (the papers with their dimensions shuffled); null when the count was not chosen this way");
const TopicsResponse = z.object({
  space: z.enum(['embedding', 'tfidf']),
  papers: z.number().int(),
  clustered: z.boolean().describe('false when the papers do not split into topics better than chance: `topics` is then empty'),
  separation: SeparationDoc,
  partialWeek: PartialWeekDoc,
  topics: z.array(TopicDoc),
});
const TopicParam = z.object({ id: z.string().min(1).max(64) });
const TopicQuery = z.object({ limit: limitParam(100, 20), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });
const TopicResponse = z.object({
  topic: TopicDoc,
  representative: PaperDoc.nullable(),
  total: z.number().int().describe("the topic's papers"),
  offset: z.number().int(),
  papers: z.array(PaperDoc).describe('this page of them, newest first'),
});
const MapQuery = z.object({ limit: limitParam(20_000, 3000).describe('points at most (a sample stratified by topic)') });
const MapResponse = z.object({
  total: z.number().int().describe('papers on the map'),
  topics: z.array(z.object({ id: z.string(), label: z.string() })),
  points: z.array(z.object({ id: z.string(), title: z.string(), topic: z.string(), x: z.number(), y: z.number() })),
});
const TrendingQuery = z.object({ limit: limitParam(100, 10) });
const TrendingResponse = z.object({
  topics: z.array(TopicDoc).describe('the growing topics, fastest first'),
  partialWeek: PartialWeekDoc,
  topicsBuilding: z.boolean().describe('the first topic model is being built: `topics` is empty until it is ready, the papers are not'),
  from: z.string().describe("first day of the recent window (the library's last 4 weeks)"),
  to: z.string(),
  papersBy: z.enum(['upvotes', 'newest']).describe('how `papers` are ranked: most upvoted, or newest when none of the window has an upvote'),
  papers: z.array(PaperDoc),
  gaining: z
    .array(z.object({ gained: z.number().int().describe("this library's users' upvotes in the last 7 days"), paper: PaperDoc }))
    .describe('papers gaining upvotes: most upvoted by users in the last 7 days'),
});

function topicJson(t: TopicOverview, representativeId: string | undefined) {
  return { id: t.id, label: t.label, terms: t.terms, papers: t.papers, growth: +t.growth.toFixed(4), representativeId: representativeId ?? null, series: t.series };
}

export function topicRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = services.library.store;
  app.get('/api/topics', async (c) => {
    const model = await services.library.topics();
    if (!model) return c.json({ space: 'tfidf', papers: 0, clustered: false, separation: null, partialWeek: null, topics: [] });
    const range = model.weekRange();
    const overview = model.clustered ? topicOverview(model, undefined, range) : [];
    const reps = await representativePapers(store, overview);
    return c.json({
      space: model.space.kind,
      papers: model.size,
      clustered: model.clustered,
      separation: model.separation ?? null,
      partialWeek: range.partial ?? null,
      topics: overview.map((t) => topicJson(t, reps.get(t.representative)?.id)),
    });
  });
  app.get('/api/topics/:id', async (c) => {
    const { id } = validParams(c, TopicParam);
    const q = validQuery(c, TopicQuery);
    const model = await services.library.topics();
    if (!model) throw new PaperboyError('NOT_FOUND', 'the library has no topics yet: ingest some papers');
    const index = model.indexOf(id);
    if (index === undefined) throw new PaperboyError('NOT_FOUND', `no topic ${id} (ids change when topics are rebuilt)`);
    const t = topicOverview(model, [index])[0]!;
    const page = topicPapers(model, index, q.offset, q.limit);
    const items = await store.getPapersByDocIds([t.representative, ...page.docIds]);
    const votes = await votesFor(store, items, c.get('user')?.id);
    const json = (r: (typeof items)[number]) => apiPaper(r.paper, votes.get(r.docId)!, seesServer(c));
    // The representative may be on the page too: papers are looked up by doc id, not filtered.
    const byDoc = new Map(items.map((r) => [r.docId, r]));
    const rep = byDoc.get(t.representative);
    return c.json({
      topic: topicJson(t, rep?.paper.id),
      representative: rep ? json(rep) : null,
      total: page.total,
      offset: q.offset,
      papers: page.docIds.flatMap((docId) => byDoc.get(docId) ?? []).map(json),
    });
  });
  app.get('/api/map', async (c) => {
    const { limit } = validQuery(c, MapQuery);
    const model = await services.library.topics();
    if (!model) return c.json({ total: 0, topics: [], points: [] });
    const points = await mapPoints(store, model, limit);
    return c.json({
      total: model.size,
      topics: model.topics.map((t) => ({ id: t.id, label: t.label })),
      points: points.map((p) => ({ id: p.paper.id, title: p.paper.title, topic: model.topics[p.topic]!.id, x: p.x, y: p.y })),
    });
  });
  app.get('/api/trending', async (c) => {
    const { limit } = validQuery(c, TrendingQuery);
    const { model, building } = await services.library.topicsUnlessBuilding();
    const range = model?.weekRange();
    const topics = model?.clustered ? trendingTopics(topicOverview(model, undefined, range), limit) : [];
    const reps = await representativePapers(store, topics);
    const [recent, gaining] = await Promise.all([trendingPapers(store, limit), gainingPapers(store, new Date(), limit)]);
    const votes = await votesFor(store, [...recent.papers, ...gaining.papers], c.get('user')?.id);
    return c.json({
      topics: topics.map((t) => topicJson(t, reps.get(t.representative)?.id)),
      partialWeek: range?.partial ?? null,
      topicsBuilding: building,
      from: recent.from,
      to: recent.to,
      papersBy: recent.by,
      papers: recent.papers.map((p) => apiPaper(p.paper, { ...votes.get(p.docId)!, upvotes: p.upvotes }, seesServer(c))),
      gaining: gaining.papers.map((p) => ({ gained: p.gained, paper: apiPaper(p.paper, votes.get(p.docId)!, seesServer(c)) })),
    });
  });
  return app;
}

export const topicDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/topics',
    tag: 'topics',
    auth: 'read',
    summary: 'The topics of the library, with papers and upvotes per week',
    description: 'Topics are clusters of the library (spherical k-means on its embeddings, else on TF-IDF), labelled by c-TF-IDF terms; new papers join the nearest topic.',
    responses: { 200: { description: 'every topic, largest first', schema: TopicsResponse } },
    errors: [503],
  },
  {
    method: 'get',
    path: '/api/topics/{id}',
    tag: 'topics',
    auth: 'read',
    summary: 'One topic: weekly series, representative paper and papers newest first',
    path_params: TopicParam,
    query: TopicQuery,
    responses: { 200: { description: 'the topic and one page of its papers', schema: TopicResponse } },
    errors: [404, 503],
  },
  {
    method: 'get',
    path: '/api/map',
    tag: 'topics',
    auth: 'read',
    summary: 'The 2-D map of the library (landmark MDS), each paper with its topic',
    query: MapQuery,
    responses: { 200: { description: 'map points, a sample stratified by topic', schema: MapResponse } },
    errors: [503],
  },
  {
    method: 'get',
    path: '/api/trending',
    tag: 'topics',
    auth: 'read',
    summary: 'Topics growing fastest and the most upvoted papers of the last weeks',
    query: TrendingQuery,
    responses: { 200: { description: 'trending topics and papers', schema: TrendingResponse } },
  },
];
