/**
 * The sign-in page and its forms: GET /login; POST /login (`name`, `password`, `csrf`, `next`)
 * redirects to `next`, or back with `?error=1` (wrong name or password) or `?error=too-many`
 * (rate limited); POST /logout (the header's sign-out button) redirects home.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { PaperboyError } from '../../../core/errors.js';
import { formDoc, type RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { validForm } from '../../validate.js';
import { signIn, signOut } from './sign-in.js';
import type { AppEnv } from '../../app-env.js';
import { html } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { safeNext } from '../../safe-next.js';
import { urls } from '../../../core/urls.js';

const LoginForm = z.object({
  name: z.string().max(64).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
});

export function accountPages(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/login', loginPage);
  app.post('/login', async (c) => {
    const form = await validForm(c, LoginForm);
    const next = safeNext(form.next);
    try {
      await signIn(c, services, form.name, form.password);
    } catch (err) {
      if (!(err instanceof PaperboyError) || (err.code !== 'UNAUTHENTICATED' && err.code !== 'RATE_LIMITED')) throw err;
      const error = err.code === 'RATE_LIMITED' ? 'too-many' : '1';
      return c.redirect(urls.login({ error, next }), 303);
    }
    return c.redirect(next, 303);
  });
  app.post('/logout', async (c) => {
    await signOut(c, services);
    return c.redirect(urls.home, 303);
  });
  return app;
}

function loginPage(c: Context<AppEnv>): Response {
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
<form method="post" action="${urls.login()}" class="login-form">
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

export const accountPageDocs: RouteDoc[] = [
  formDoc({
    path: '/login',
    auth: 'public',
    summary: 'Sign-in form (HTML): redirects to `next`, or back to /login?error=… on failure',
    form: LoginForm,
    setsCookie: true,
  }),
  formDoc({ path: '/logout', auth: 'public', summary: 'Sign-out form (HTML): redirects to /', setsCookie: true }),
];
