/** API tokens of the signed-in user: list, create (the token is shown once), revoke. */
import { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken } from '../../../accounts/api-tokens.js';
import { PaperboyError } from '../../../core/errors.js';
import type { ApiTokenInfo } from '../../../store/store.js';
import type { AppEnv } from '../../app-env.js';
import { requireUser } from '../../auth-middleware.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { validJson, validParams } from '../../validate.js';

const NewToken = z.strictObject({ name: z.string().trim().min(1).max(100).default('api') });
const TokenId = z.object({ id: z.coerce.number().int().positive() });
const TokenDoc = z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });

const tokenJson = (t: ApiTokenInfo) => ({ id: t.id, name: t.name, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt ?? null });

export function tokenRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = services.library.store;
  app.get('/api/tokens', async (c) => {
    const user = requireUser(c);
    return c.json({ tokens: (await store.listApiTokens(user.id)).map(tokenJson) });
  });
  app.post('/api/tokens', async (c) => {
    const user = requireUser(c);
    const { name } = await validJson(c, NewToken);
    const { token, info } = await createApiToken(store, user.id, name);
    return c.json({ ...tokenJson(info), token }, 201);
  });
  app.delete('/api/tokens/:id', async (c) => {
    const user = requireUser(c);
    const { id } = validParams(c, TokenId);
    if (!(await store.deleteApiToken(user.id, id))) throw new PaperboyError('NOT_FOUND', `you have no API token with id ${id}`);
    return c.body(null, 204);
  });
  return app;
}

export const tokenDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/tokens',
    tag: 'tokens',
    auth: 'user',
    summary: "The signed-in user's API tokens (never the tokens themselves)",
    responses: { 200: { description: 'tokens', schema: z.object({ tokens: z.array(TokenDoc) }) } },
  },
  {
    method: 'post',
    path: '/api/tokens',
    tag: 'tokens',
    auth: 'user',
    summary: 'Create an API token; the response is the only time the token is shown',
    body: { json: NewToken },
    responses: { 201: { description: 'the new token', schema: TokenDoc.extend({ token: z.string().describe('pb_…: send as Authorization: Bearer') }) } },
  },
  {
    method: 'delete',
    path: '/api/tokens/{id}',
    tag: 'tokens',
    auth: 'user',
    summary: 'Revoke one of your API tokens',
    path_params: TokenId,
    responses: { 204: { description: 'revoked' } },
    errors: [404],
  },
];
