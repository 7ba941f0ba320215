/**
 * Upvotes by this library's users: one per user and paper. JSON: POST (upvote) and DELETE
 * (withdraw) /api/papers/:id/upvote, answering the new count. The upvote form (the pages without
 * JavaScript) is the paper page's (page.ts), through the same vote().
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, SessionUser } from '../../app-env.js';
import { requireUser } from '../../auth-middleware.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { validParams } from '../../validate.js';
import { ID, PaperId, findPaper } from './api.js';

const UpvoteResponse = z.object({
  id: z.string(),
  upvotes: z.number().int().describe("the source's upvotes plus this library's users'"),
  userUpvotes: z.number().int(),
  upvoted: z.boolean(),
});

export async function vote(services: Services, user: SessionUser, id: string, up: boolean): Promise<z.infer<typeof UpvoteResponse>> {
  const store = services.library.store;
  const { docId, paper } = await findPaper(services, id);
  await store.setUpvote(user.id, docId, up);
  const userUpvotes = (await store.userUpvotes([docId])).get(docId) ?? 0;
  return { id: paper.id, upvotes: (paper.upvotes ?? 0) + userUpvotes, userUpvotes, upvoted: up };
}

export function upvoteRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(`/api/papers/${ID}/upvote`, async (c) => c.json(await vote(services, requireUser(c), validParams(c, PaperId).id, true)));
  app.delete(`/api/papers/${ID}/upvote`, async (c) => c.json(await vote(services, requireUser(c), validParams(c, PaperId).id, false)));
  return app;
}

export const upvoteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/papers/{id}/upvote',
    tag: 'upvotes',
    auth: 'user',
    summary: 'Upvote a paper (once per user: again changes nothing)',
    path_params: PaperId,
    responses: { 200: { description: 'the new count', schema: UpvoteResponse } },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/papers/{id}/upvote',
    tag: 'upvotes',
    auth: 'user',
    summary: 'Withdraw your upvote',
    path_params: PaperId,
    responses: { 200: { description: 'the new count', schema: UpvoteResponse } },
    errors: [404],
  },
];
