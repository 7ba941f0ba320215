/**
 * The sign-in page. The form posts `name`, `password`, `csrf` and `next` to POST /login, which
 * the HTTP layer (src/http/routes/auth.ts) handles; on failure it redirects back with
 * `?error=1` (wrong name or password) or `?error=too-many` (rate limited).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { html } from '../../../core/html.js';
import { layout, pageContext } from '../../../web/layout.js';
import { safeNext } from '../../safe-next.js';

export function loginPage(c: Context<AppEnv>): Response {
  const ctx = pageContext(c);
  const next = safeNext(c.req.query('next'));
  const error = c.req.query('error');
  const body = ctx.user
    ? html`<section class="login"><h1>Signed in</h1><p>You are signed in as <strong>${ctx.user.name}</strong>. <a href="${next}">Continue</a>.</p></section>`
    : html`<section class="login">
<h1>Sign in</h1>
${
  error === 'too-many'
    ? html`<p class="error" role="alert">Too many sign-in attempts. Wait a minute, then try again.</p>`
    : error
      ? html`<p class="error" role="alert">That name and password do not match. Try again.</p>`
      : ''
}
<form method="post" action="/login" class="login-form">
  <input type="hidden" name="csrf" value="${ctx.csrf}">
  <input type="hidden" name="next" value="${next}">
  <label for="login-name">Name</label>
  <input id="login-name" name="name" type="text" autocomplete="username" required autofocus>
  <label for="login-password">Password</label>
  <input id="login-password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<p class="hint">Signed-in readers can upvote papers.</p>
</section>`;
  return c.html(layout(ctx, { title: 'Sign in', nav: 'login', body }), ctx.user ? 200 : error ? 401 : 200);
}
