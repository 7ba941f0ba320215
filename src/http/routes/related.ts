/** GET /api/papers/:id/related: the nearest papers (by meaning once embedded, else by shared words). */
import { Hono } from 'hono';
import { z } from 'zod';
import { relatedPapers } from '../../search/related.js';
import type { AppEnv } from '../app-env.js';
import type { RouteDoc } from '../openapi.js';
import { PaperDoc } from '../schemas.js';
import type { Services } from '../services.js';
import { limitParam, validParams, validQuery } from '../validate.js';
import { ID, PaperId, findPaper } from './papers.js';
import { apiPaper, votesFor } from '../paper-json.js';

const RelatedQuery = z.object({ limit: limitParam(100, 10) });
const RelatedResponse = z.object({
  id: z.string(),
  method: z.enum(['semantic', 'lexical']),
  related: z.array(PaperDoc.extend({ score: z.number() })),
});

export function relatedRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(`/api/papers/${ID}/related`, async (c) => {
    const { id } = validParams(c, PaperId);
    const { limit } = validQuery(c, RelatedQuery);
    await findPaper(services, id);
    const library = services.library;
    const r = await relatedPapers(library.store, await library.lexical(), await library.semantic(), id, limit);
    const ids = await Promise.all(r.related.map((x) => library.store.docIdOf(x.paper.id)));
    const items = r.related.map((x, i) => ({ docId: ids[i] ?? -1, paper: x.paper }));
    const votes = await votesFor(library.store, items, c.get('user')?.id);
    return c.json({ id: r.paper.id, method: r.method, related: r.related.map((x, i) => ({ ...apiPaper(x.paper, votes.get(items[i]!.docId)!), score: x.score })) });
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
