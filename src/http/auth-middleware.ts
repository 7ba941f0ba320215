/**
 * Who is asking, and may they: sets `user`, `authMethod` and `csrfToken` on every request;
 * enforces CSRF on cookie-authenticated (or anonymous) writes and, in private mode, refuses
 * anonymous reads.
 *
 * - `Authorization: Bearer pb_…` authenticates by API token; a bad token is a 401, never a
 *   fallback to the cookie. Token requests are exempt from CSRF (no ambient credentials).
 * - Otherwise the `pb_session` cookie; an unknown or expired one is cleared.
 * - CSRF token: HMAC of the session id, or before sign-in of a random `pb_csrf` cookie. Writes
 *   send it as `X-CSRF-Token` or a `csrf` form field.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { canRead } from '../accounts/access.js';
import { bearerToken, tokenUser } from '../accounts/api-tokens.js';
import { CSRF_COOKIE, CSRF_HEADER, csrfToken, csrfTokenMatches, newCsrfNonce } from '../accounts/csrf.js';
import { SESSION_COOKIE, sessionCookieOptions, sessionUser } from '../accounts/sessions.js';
import { PaperboyError } from '../core/errors.js';
import type { UserRecord } from '../store/store.js';
import type { AppEnv, SessionUser } from './app-env.js';
import { secureRequest, type Services } from './services.js';
import { urls } from '../core/urls.js';

export const toSessionUser = (u: UserRecord): SessionUser => ({ id: u.id, name: u.name, admin: u.admin });

export function authenticate(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const store = services.library.store;
    c.set('user', undefined);
    c.set('authMethod', undefined);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      const user = token ? await tokenUser(store, token) : undefined;
      if (!user) throw new PaperboyError('UNAUTHENTICATED', 'the API token is not valid (revoked, or mistyped): send Authorization: Bearer pb_…');
      c.set('user', toSessionUser(user));
      c.set('authMethod', 'token');
      c.set('csrfToken', '');
      return next();
    }
    const secret = await services.csrfSecret();
    const sid = getCookie(c, SESSION_COOKIE);
    const user = sid ? await sessionUser(store, sid) : undefined;
    if (sid && user) {
      c.set('user', toSessionUser(user));
      c.set('authMethod', 'session');
      c.set('csrfToken', csrfToken(secret, 'session', sid));
      return next();
    }
    if (sid) deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(secureRequest(c, services.config)));
    let nonce = getCookie(c, CSRF_COOKIE);
    if (!nonce || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) {
      nonce = newCsrfNonce();
      setCookie(c, CSRF_COOKIE, nonce, sessionCookieOptions(secureRequest(c, services.config)));
    }
    c.set('csrfToken', csrfToken(secret, 'anonymous', nonce));
    return next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths whose form body is a listing, not form fields: their CSRF token must come in the header. */
const RAW_BODY_PATHS = new Set(['/api/ingest']);

/** Paths whose writes carry their own signed token instead (RFC 8058 one-click unsubscribe from a mail client). */
const SIGNED_TOKEN_PATHS = new Set([urls.unsubscribe()]);

/** Refuses a write without the CSRF token of its session (or pre-sign-in cookie). */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.get('authMethod') === 'token' || SIGNED_TOKEN_PATHS.has(new URL(c.req.url).pathname)) return next();
    let given = c.req.header(CSRF_HEADER);
    if (!given) {
      const type = c.req.header('content-type') ?? '';
      const form = /^multipart\/form-data/i.test(type) || (/^application\/x-www-form-urlencoded/i.test(type) && !RAW_BODY_PATHS.has(new URL(c.req.url).pathname));
      if (form) {
        const body = await c.req.parseBody();
        const field = body.csrf ?? body._csrf;
        if (typeof field === 'string') given = field;
      }
    }
    if (!csrfTokenMatches(c.get('csrfToken'), given)) {
      throw new PaperboyError(
        'CSRF_FAILED',
        'missing or stale CSRF token: send the X-CSRF-Token header (GET /api/auth/me gives it) or the form’s csrf field, or use an API token',
      );
    }
    return next();
  };
}

/**
 * Paths anyone may reach in private mode: signing in, the API description, the page assets, and
 * what checks a signed token of its own (unsubscribe links, feeds).
 */
function publicPath(path: string): boolean {
  return (
    path === urls.login() ||
    path === urls.openApi ||
    path.startsWith('/api/auth/') ||
    path.startsWith('/assets/') ||
    path === urls.unsubscribe() ||
    path.startsWith('/feeds/')
  );
}

/** POSTs that only read (a question in a body): private mode guards them as reads. */
const READING_POSTS = new Set(['/api/ask']);

/** In private mode, anonymous readers get a 401 (API) or are sent to sign in (pages). */
export function readAccess(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const reads = SAFE_METHODS.has(c.req.method) || READING_POSTS.has(path);
    if (canRead(services.config, c.get('user')) || publicPath(path) || !reads) return next();
    if (path === '/api' || path.startsWith('/api/')) throw new PaperboyError('UNAUTHENTICATED', 'this library is private: sign in or send an API token');
    const here = path + new URL(c.req.url).search;
    return c.redirect(urls.login({ next: here }), 303);
  };
}

export function requireUser(c: Context<AppEnv>): SessionUser {
  const user = c.get('user');
  if (!user) throw new PaperboyError('UNAUTHENTICATED', 'sign in (or send an API token) to do this');
  return user;
}

export function requireAdmin(c: Context<AppEnv>): SessionUser {
  const user = requireUser(c);
  if (!user.admin) throw new PaperboyError('FORBIDDEN', `${user.name} is not an admin: only admins may do this`);
  return user;
}
