/**
 * Signing in and out, JSON: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. The
 * sign-in page's forms are in page.ts; both go through sign-in.ts.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { accessMode } from '../../../accounts/access.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import { UserDoc } from '../../schemas.js';
import type { Services } from '../../services.js';
import { validJson } from '../../validate.js';
import { signIn, signOut } from './sign-in.js';

const Credentials = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const MeResponse = z.object({ user: UserDoc.nullable(), csrfToken: z.string(), access: z.enum(['open', 'private']) });

export function authRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/auth/me', (c) => {
    const user = c.get('user');
    return c.json({ user: user ?? null, csrfToken: c.get('csrfToken'), access: accessMode(services.config) });
  });
  app.post('/api/auth/login', async (c) => {
    const { name, password } = await validJson(c, Credentials);
    return c.json(await signIn(c, services, name, password));
  });
  app.post('/api/auth/logout', async (c) => {
    await signOut(c, services);
    return c.json({ ok: true });
  });
  return app;
}

export const authDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/auth/me',
    tag: 'auth',
    auth: 'public',
    summary: 'Who is signed in, the CSRF token for writes, and whether the library is private',
    description: 'Also sets the pre-sign-in pb_csrf cookie, so a browser script can then POST /api/auth/login with X-CSRF-Token.',
    responses: { 200: { description: 'the current user (or null) and CSRF token', schema: MeResponse } },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    auth: 'public',
    summary: 'Sign in: sets the pb_session cookie (HttpOnly, SameSite=Lax)',
    body: { json: Credentials },
    responses: { 200: { description: 'signed in', schema: z.object({ user: UserDoc, csrfToken: z.string() }), headers: ['Set-Cookie'] } },
    errors: [401, 429],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'auth',
    auth: 'public',
    summary: 'Sign out: ends the session and clears its cookie',
    responses: { 200: { description: 'signed out', schema: z.object({ ok: z.literal(true) }) } },
  },
];
