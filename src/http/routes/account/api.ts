/**
 * Signing in and out. JSON: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
 * HTML forms (the web pages' sign-in and sign-out): POST /login, POST /logout, answered with
 * redirects. Sign-in attempts are limited per client address and slowed down per user name.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { accessMode } from '../../../accounts/access.js';
import { csrfToken } from '../../../accounts/csrf.js';
import { SESSION_COOKIE, endSession, sessionCookieOptions, startSession } from '../../../accounts/sessions.js';
import { checkPassword } from '../../../accounts/users.js';
import { PaperboyError } from '../../../core/errors.js';
import type { AppEnv, SessionUser } from '../../app-env.js';
import { toSessionUser } from '../../auth-middleware.js';
import type { RouteDoc } from '../../openapi.js';
import { UserDoc } from '../../schemas.js';
import { clientAddress, secureRequest, type Services } from '../../services.js';
import { validForm, validJson } from '../../validate.js';
import { safeNext } from '../../safe-next.js';

const Credentials = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const LoginForm = z.object({
  name: z.string().max(64).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
});

const MeResponse = z.object({ user: UserDoc.nullable(), csrfToken: z.string(), access: z.enum(['open', 'private']) });

/**
 * Checks a name and password, limited per client address and slowed per name (never locked per
 * name: accounts/sign-in-throttle.ts); on success starts a session and sets its cookie.
 */
async function signIn(c: Context<AppEnv>, services: Services, name: string, password: string): Promise<{ user: SessionUser; csrfToken: string }> {
  const throttle = services.signInThrottle;
  const gate = throttle.begin(clientAddress(c, services.config), name);
  if (!gate.allowed) {
    throw new PaperboyError('RATE_LIMITED', `too many sign-in attempts from this address: try again in ${gate.retryAfter} seconds`, { retryAfter: gate.retryAfter });
  }
  await throttle.wait(gate.delayMs);
  const store = services.library.store;
  const user = await checkPassword(store, name, password);
  gate.finish(user !== undefined);
  if (!user) throw new PaperboyError('UNAUTHENTICATED', 'that name and password do not match');
  const old = getCookie(c, SESSION_COOKIE);
  if (old) await endSession(store, old);
  const session = await startSession(store, user.id);
  setCookie(c, SESSION_COOKIE, session.id, sessionCookieOptions(secureRequest(c, services.config), session.expires));
  return { user: toSessionUser(user), csrfToken: csrfToken(await services.csrfSecret(), 'session', session.id) };
}

async function signOut(c: Context<AppEnv>, services: Services): Promise<void> {
  const sid = getCookie(c, SESSION_COOKIE);
  if (sid) await endSession(services.library.store, sid);
  deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(secureRequest(c, services.config)));
}

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
  // The web pages' forms.
  app.post('/login', async (c) => {
    const form = await validForm(c, LoginForm);
    const next = safeNext(form.next);
    try {
      await signIn(c, services, form.name, form.password);
    } catch (err) {
      if (!(err instanceof PaperboyError) || (err.code !== 'UNAUTHENTICATED' && err.code !== 'RATE_LIMITED')) throw err;
      const error = err.code === 'RATE_LIMITED' ? 'too-many' : '1';
      return c.redirect(`/login?error=${error}&next=${encodeURIComponent(next)}`, 303);
    }
    return c.redirect(next, 303);
  });
  app.post('/logout', async (c) => {
    await signOut(c, services);
    return c.redirect('/', 303);
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
  {
    method: 'post',
    path: '/login',
    tag: 'forms',
    auth: 'public',
    summary: 'Sign-in form (HTML): redirects to `next`, or back to /login?error=… on failure',
    body: { form: LoginForm.extend({ csrf: z.string() }) },
    responses: { 303: { description: 'redirect', headers: ['Location', 'Set-Cookie'] } },
  },
  {
    method: 'post',
    path: '/logout',
    tag: 'forms',
    auth: 'public',
    summary: 'Sign-out form (HTML): redirects to /',
    body: { form: z.object({ csrf: z.string() }) },
    responses: { 303: { description: 'redirect', headers: ['Location', 'Set-Cookie'] } },
  },
];
