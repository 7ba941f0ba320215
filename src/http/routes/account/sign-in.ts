/** Signing in and out, for the JSON API (api.ts) and the sign-in page's forms (page.ts). */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrfToken } from '../../../accounts/csrf.js';
import { SESSION_COOKIE, endSession, sessionCookieOptions, startSession } from '../../../accounts/sessions.js';
import { checkPassword } from '../../../accounts/users.js';
import { PaperboyError } from '../../../core/errors.js';
import type { AppEnv, SessionUser } from '../../app-env.js';
import { toSessionUser } from '../../auth-middleware.js';
import { clientAddress, secureRequest, type Services } from '../../services.js';

/**
 * Checks a name and password, limited per client address and slowed per name (never locked per
 * name: accounts/sign-in-throttle.ts); on success starts a session and sets its cookie.
 */
export async function signIn(c: Context<AppEnv>, services: Services, name: string, password: string): Promise<{ user: SessionUser; csrfToken: string }> {
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

export async function signOut(c: Context<AppEnv>, services: Services): Promise<void> {
  const sid = getCookie(c, SESSION_COOKIE);
  if (sid) await endSession(services.library.store, sid);
  deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(secureRequest(c, services.config)));
}
