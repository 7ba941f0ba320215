/**
 * GET /api/papers/:id: one paper by id, arXiv id (any version, old-style ids with their slash) or
 * DOI, with upvotes. ETag + Cache-Control.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { PaperboyError } from '../../../core/errors.js';
import type { AppEnv } from '../../app-env.js';
import { conditional } from '../../cache.js';
import type { RouteDoc } from '../../openapi.js';
import { apiPaper, seesServer, votesFor } from '../../paper-json.js';
import { PaperDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { validParams } from '../../validate.js';

/**
 * A paper id in a route: one path segment (URL-encode a DOI's slash), or an old-style arXiv id
 * with its slash (hep-th/9901001, math.AG/9901001v2). Not `.+`: that would swallow /related.
 */
export const ID = ':id{[^/]+|[a-zA-Z-]+(?:\\.[A-Za-z-]+)?/\\d{7}(?:v\\d+)?}';

export const PaperId = z.object({ id: z.string().min(1).max(300).describe('paper id, arXiv id (any version) or DOI; URL-encode a DOI') });

export async function findPaper(services: Services, id: string) {
  const store = services.library.store;
  const docId = await store.docIdOf(id);
  const paper = docId === undefined ? undefined : (await store.getPapersByDocIds([docId]))[0]?.paper;
  if (docId === undefined || !paper) throw new PaperboyError('NOT_FOUND', `no paper with id ${JSON.stringify(id)} in the library`);
  return { docId, paper };
}

export function paperRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(`/api/papers/${ID}`, async (c) => {
    const { id } = validParams(c, PaperId);
    const notModified = await conditional(c);
    if (notModified) return notModified;
    const found = await findPaper(services, id);
    const votes = await votesFor(services.library.store, [found], c.get('user')?.id);
    return c.json({ paper: apiPaper(found.paper, votes.get(found.docId)!, seesServer(c)) });
  });
  return app;
}

export const paperDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/papers/{id}',
    tag: 'papers',
    auth: 'read',
    summary: 'One paper, with its sources and upvotes',
    path_params: PaperId,
    etag: true,
    responses: { 200: { description: 'the paper', schema: z.object({ paper: PaperDoc }), headers: ['ETag', 'Cache-Control'] } },
    errors: [404],
  },
];
