/**
 * Upvotes by this library's users: one per user and paper. JSON: POST (upvote) and DELETE
 * (withdraw) /api/papers/:id/upvote, answering the new count. HTML form (the web pages without
 * JavaScript): POST /papers/:id/upvote with `up` 1 or 0, redirecting back to `next`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, SessionUser } from '../../app-env.js';
import { requireUser } from '../../auth-middleware.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { validForm, validParams } from '../../validate.js';
import { safeNext } from '../../safe-next.js';
import { ID, PaperId, findPaper } from './api.js';

const UpvoteResponse = z.object({
  id: z.string(),
  upvotes: z.number().int().describe("the source's upvotes plus this library's users'"),
  userUpvotes: z.number().int(),
  upvoted: z.boolean(),
});

const UpvoteForm = z.object({ up: z.enum(['0', '1']).default('1'), next: z.string().max(2000).optional() });

async function vote(services: Services, user: SessionUser, id: string, up: boolean): Promise<z.infer<typeof UpvoteResponse>> {
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
  app.post(`/papers/${ID}/upvote`, async (c) => {
    const { id } = validParams(c, PaperId);
    const form = await validForm(c, UpvoteForm);
    const next = safeNext(form.next);
    const user = c.get('user');
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
    await vote(services, user, id, form.up === '1');
    return c.redirect(next, 303);
  });
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
  {
    method: 'post',
    path: '/papers/{id}/upvote',
    tag: 'forms',
    auth: 'user',
    summary: 'Upvote form (HTML): up=1 upvotes, up=0 withdraws; redirects to `next` (or to sign in)',
    path_params: PaperId,
    body: { form: UpvoteForm.extend({ csrf: z.string() }) },
    responses: { 303: { description: 'redirect', headers: ['Location'] } },
    errors: [404],
  },
];
