/** GET /api/search: the library's search (query language as the CLI's), paginated by cursor; its filters are schema.ts's, as the search page's. */
import { Hono } from 'hono';
import { z } from 'zod';
import { search } from '../../../search/search.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import { apiPaper, seesServer, votesFor } from '../../paper-json.js';
import { PaperDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { limitParam, validQuery } from '../../validate.js';
import { SearchFilters, searchInput, searchOptions } from './schema.js';

export const SearchQuery = SearchFilters.extend({
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
    const q = validQuery(c, SearchQuery, searchInput(c, SearchQuery));
    const offset = Math.min(Number(q.cursor ?? 0), MAX_OFFSET);
    const library = services.library;
    const semantic = q.mode === 'lexical' ? undefined : await library.semantic();
    const result = await search(library.store, await library.lexical(), q.q, searchOptions(q, { limit: q.limit + 1, offset }, semantic));
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
