/** GET /api/papers/:id/related: the nearest papers (by meaning once embedded, else by shared words). */
import { Hono } from 'hono';
import { z } from 'zod';
import { relatedPapers } from '../../../search/related.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import { PaperDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { limitParam, validParams, validQuery } from '../../validate.js';
import { ID, PaperId } from './api.js';
import { apiPaper, seesServer, votesFor } from '../../paper-json.js';

const RelatedQuery = z.object({ limit: limitParam(100, 10) });
const RelatedResponse = z.object({
  id: z.string(),
  method: z.enum(['semantic', 'hybrid', 'lexical']).describe("semantic: the library's vectors; lexical: shared words; hybrid: both, when the built-in model learnt from too few papers to be used alone"),
  related: z.array(PaperDoc.extend({ score: z.number() })),
});

export function relatedRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(`/api/papers/${ID}/related`, async (c) => {
    const { id } = validParams(c, PaperId);
    const { limit } = validQuery(c, RelatedQuery);
    // relatedPapers answers NOT_FOUND for an unknown id.
    const library = services.library;
    const r = await relatedPapers(library.store, await library.lexical(), await library.semantic(), id, limit);
    const votes = await votesFor(library.store, r.related, c.get('user')?.id);
    return c.json({ id: r.paper.id, method: r.method, related: r.related.map((x) => ({ ...apiPaper(x.paper, votes.get(x.docId)!, seesServer(c)), score: x.score })) });
  });
  return app;
}

export const relatedDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/papers/{id}/related',
    tag: 'papers',
    auth: 'read',
    summary: 'Papers related to one paper',
    path_params: PaperId,
    query: RelatedQuery,
    responses: { 200: { description: 'related papers, nearest first', schema: RelatedResponse } },
    errors: [404],
  },
];
