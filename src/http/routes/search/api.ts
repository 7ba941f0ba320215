/** GET /api/search: the library's search (query language as the CLI's), paginated by cursor. */
import { Hono } from 'hono';
import { z } from 'zod';
import { search } from '../../../search/search.js';
import type { PaperFilters } from '../../../store/store.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import { apiPaper, seesServer, votesFor } from '../../paper-json.js';
import { PaperDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { limitParam, listParam, validQuery } from '../../validate.js';

const partialDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected a date like 2024, 2024-05 or 2024-05-31');

export const SearchQuery = z.object({
  q: z.string().max(1000).default('').describe('words, "phrases", +required, -excluded, prefix*, author:, cat:, year:, after:, before:'),
  mode: z.enum(['lexical', 'semantic', 'hybrid']).optional().describe('default: hybrid once the library is embedded, else lexical'),
  author: listParam().describe('only papers by this author (repeatable)'),
  category: listParam().describe('only papers in this category, e.g. cs.CL or cs (repeatable)'),
  from: partialDate.optional(),
  to: partialDate.optional(),
  sort: z.enum(['relevance', 'date']).default('relevance').describe('date: newest first among the best 1,000 matches by words (the 100 nearest in semantic mode)'),
  limit: limitParam(100, 10),
  cursor: z.string().regex(/^\d{1,5}$/, 'pass back nextCursor unchanged').optional().describe('nextCursor of the previous page'),
});

const Hit = PaperDoc.extend({ score: z.number(), snippet: z.string() });
const SearchResponse = z.object({
  query: z.string(),
  mode: z.enum(['lexical', 'semantic', 'hybrid']),
  hits: z.array(Hit),
  warnings: z.array(z.string()),
  total: z.number().int().optional().describe("papers matching the query's words and filters (absent with phrases); semantic and hybrid rankings also bring papers without the words"),
  nextCursor: z.string().optional(),
});

/** Offsets past this are refused: page by narrowing the query instead. */
const MAX_OFFSET = 10_000;

export function searchRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/search', async (c) => {
    const q = validQuery(c, SearchQuery);
    const offset = Math.min(Number(q.cursor ?? 0), MAX_OFFSET);
    const library = services.library;
    const filters: PaperFilters = {
      ...(q.author ? { authors: q.author } : {}),
      ...(q.category ? { categories: q.category } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to.length === 10 ? q.to : `${q.to}-99` } : {}),
    };
    const semantic = q.mode === 'lexical' ? undefined : await library.semantic();
    const result = await search(library.store, await library.lexical(), q.q, {
      limit: q.limit + 1,
      offset,
      filters,
      ...(q.mode ? { mode: q.mode } : {}),
      ...(semantic ? { semantic } : {}),
      sort: q.sort,
    });
    const hits = result.hits.slice(0, q.limit);
    const votes = await votesFor(library.store, hits, c.get('user')?.id);
    return c.json({
      query: q.q,
      mode: result.mode,
      hits: hits.map((h) => ({ ...apiPaper(h.paper, votes.get(h.docId)!, seesServer(c)), score: h.score, snippet: h.snippet.text })),
      warnings: result.warnings,
      ...(result.total === undefined ? {} : { total: result.total }),
      ...(result.hits.length > q.limit && offset + q.limit <= MAX_OFFSET ? { nextCursor: String(offset + q.limit) } : {}),
    });
  });
  return app;
}

export const searchDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/search',
    tag: 'search',
    auth: 'read',
    summary: 'Search titles and abstracts',
    query: SearchQuery,
    responses: { 200: { description: 'a page of hits, best first', schema: SearchResponse } },
    errors: [409],
  },
];
