/**
 * The daily papers: GET /api/days lists days with their paper counts (newest first, paginated by
 * cursor); GET /api/days/:date lists the papers of a day, or of the week or month holding it,
 * top (by upvotes, else newest: schema.ts, as the daily page) or newest first, paginated by cursor, with the neighbouring days that have papers.
 * ETag + Cache-Control on both.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { addDays } from '../../../core/dates.js';
import { PaperboyError } from '../../../core/errors.js';
import { FIRST_DAY, LAST_DAY, periodOf } from '../../../web/periods.js';
import type { AppEnv } from '../../app-env.js';
import { conditional } from '../../cache.js';
import type { RouteDoc } from '../../openapi.js';
import { apiPaper, seesServer, votesFor } from '../../paper-json.js';
import { PaperDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { isoDate, limitParam, validParams, validQuery } from '../../validate.js';
import { DayListQuery, listPeriod } from './schema.js';


const DaysQuery = z.object({
  from: isoDate.optional().describe('earliest day (default: the first)'),
  to: isoDate.optional().describe('latest day (default: the last)'),
  limit: limitParam(366, 30),
  cursor: isoDate.optional().describe('nextCursor of the previous page'),
});

const DayParam = z.object({ date: z.union([isoDate, z.literal('latest')]).describe('YYYY-MM-DD, or latest: the newest day with papers') });

const DayQuery = DayListQuery.extend({
  span: z.enum(['day', 'week', 'month']).default('day').describe('the day itself, its ISO week (Monday to Sunday) or its month'),
  limit: limitParam(100, 30),
});

const DaysResponse = z.object({ days: z.array(z.object({ date: z.string(), papers: z.number().int() })), nextCursor: z.string().optional() });
const DayResponse = z.object({
  date: z.string(),
  span: z.enum(['day', 'week', 'month']),
  from: z.string(),
  to: z.string(),
  sort: z.enum(['upvotes', 'newest']).describe('the order used: upvotes falls back to newest when no paper of the span has an upvote'),
  previous: z.string().nullable().describe('the nearest earlier day with papers'),
  next: z.string().nullable().describe('the nearest later day with papers'),
  papers: z.array(PaperDoc),
  nextCursor: z.string().optional(),
});


export function dayRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = services.library.store;
  app.get('/api/days', async (c) => {
    const q = validQuery(c, DaysQuery);
    const notModified = await conditional(c);
    if (notModified) return notModified;
    let to = q.to ?? LAST_DAY;
    if (q.cursor && q.cursor <= to) to = addDays(q.cursor, -1);
    const days = await store.dayCounts(q.from ?? FIRST_DAY, to);
    const page = days.slice(0, q.limit);
    return c.json({ days: page, ...(days.length > q.limit ? { nextCursor: page[page.length - 1]!.date } : {}) });
  });
  app.get('/api/days/:date', async (c) => {
    const { date: asked } = validParams(c, DayParam);
    const q = validQuery(c, DayQuery);
    const notModified = await conditional(c);
    if (notModified) return notModified;
    const date = asked === 'latest' ? (await store.adjacentDays(LAST_DAY)).previous : asked;
    if (!date) throw new PaperboyError('NOT_FOUND', 'the library has no dated papers yet');
    const period = periodOf(q.span, date);
    if (!period) throw new PaperboyError('BAD_INPUT', `date: the ${q.span} of ${date} does not fit between ${FIRST_DAY} and ${LAST_DAY}`);
    const { from, to } = period;
    const [list, before, after] = await Promise.all([
      listPeriod(store, period, q, q.limit),
      store.adjacentDays(from),
      store.adjacentDays(to),
    ]);
    const votes = await votesFor(store, list.items, c.get('user')?.id);
    return c.json({
      date,
      span: q.span,
      from,
      to,
      sort: list.by,
      previous: before.previous ?? null,
      next: after.next ?? null,
      papers: list.items.map((i) => apiPaper(i.paper, { ...votes.get(i.docId)!, upvotes: i.upvotes }, seesServer(c))),
      ...(list.nextCursor ? { nextCursor: list.nextCursor } : {}),
    });
  });
  return app;
}

export const dayDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/days',
    tag: 'days',
    auth: 'read',
    summary: 'Days with papers and their counts, newest first',
    query: DaysQuery,
    etag: true,
    responses: { 200: { description: 'a page of days', schema: DaysResponse, headers: ['ETag', 'Cache-Control'] } },
  },
  {
    method: 'get',
    path: '/api/days/{date}',
    tag: 'days',
    auth: 'read',
    summary: "A day's (week's, month's) papers, by upvotes or newest",
    path_params: DayParam,
    query: DayQuery,
    etag: true,
    responses: { 200: { description: 'a page of papers', schema: DayResponse, headers: ['ETag', 'Cache-Control'] } },
    errors: [404],
  },
];
