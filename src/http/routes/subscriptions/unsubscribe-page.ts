/**
 * One-click unsubscribe from a digest email, no sign-in needed: the signed token in the link is
 * the proof (digest/subscription-tokens.ts).
 *
 * GET /unsubscribe?token= only shows a confirmation page with one button: mail scanners and link
 * previewers fetch links in emails, and must not unsubscribe anyone by doing so. POST does it:
 * the button's form, and the RFC 8058 one-click POST mail clients send to the List-Unsubscribe
 * URL (body `List-Unsubscribe=One-Click`, token in the query). The auth middleware exempts this
 * path from CSRF (a mail client has no CSRF token; the signed token stands in for it) and from
 * private mode's sign-in.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { unsubscribe, unsubscribeTarget } from '../../../digest/unsubscribe.js';
import { messageBody } from '../../../web/components.js';
import { html } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { urls } from '../../../core/urls.js';

const TokenQuery = z.object({ token: z.string().describe('the signed token from the email link') });

function page(c: Context<AppEnv>, title: string, body: ReturnType<typeof html>, status: ContentfulStatusCode = 200): Response {
  c.header('referrer-policy', 'no-referrer');
  return c.html(layout(pageContext(c), { title, body }), status);
}

async function tokenOf(c: Context<AppEnv>): Promise<string> {
  const fromQuery = c.req.query('token');
  if (fromQuery) return fromQuery;
  if (c.req.method !== 'POST') return '';
  const form = await c.req.parseBody();
  return typeof form.token === 'string' ? form.token : '';
}

export function unsubscribeRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = services.library.store;
  const handle = (confirm: boolean) => async (c: Context<AppEnv>) => {
    const token = (await tokenOf(c)).slice(0, 200);
    if (!token) return page(c, 'Unsubscribe', messageBody('No unsubscribe token', 'This link is incomplete: use the whole unsubscribe link from the email.'), 400);
    const target = await unsubscribeTarget(store, await services.csrfSecret(), token);
    if (target.status === 'invalid') {
      return page(c, 'Unsubscribe', messageBody('This unsubscribe link is not valid', html`It may have been altered or cut short. Use the whole link from the email, or <a href="${urls.subscriptions}">manage your subscriptions</a> after signing in.`), 403);
    }
    if (target.status === 'unclear') {
      return page(c, 'Unsubscribe', messageBody('This unsubscribe link no longer works', html`It comes from an older digest, and the number of the subscription it named has since been given to another subscription. <a href="${urls.subscriptions}">Manage your subscriptions</a> after signing in.`), 403);
    }
    if (confirm) {
      const removed = await unsubscribe(store, target);
      return page(c, 'Unsubscribed', messageBody('Unsubscribed', removed ? html`You are unsubscribed from ${target.what}.` : 'You were already unsubscribed.'));
    }
    if (!target.exists) return page(c, 'Unsubscribe', messageBody('Already unsubscribed', 'There is nothing left to unsubscribe from.'));
    return page(
      c,
      'Unsubscribe',
      html`<section class="message"><h1>Unsubscribe?</h1><p>Stop ${target.what}.</p>
<form method="post" action="${urls.unsubscribe()}"><input type="hidden" name="token" value="${token}"><button type="submit">Unsubscribe</button></form></section>`,
    );
  };
  app.get('/unsubscribe', handle(false));
  app.post('/unsubscribe', handle(true));
  return app;
}

export const unsubscribeDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/unsubscribe',
    tag: 'forms',
    auth: 'public',
    summary: 'Unsubscribe by the signed token of a digest email (RFC 8058 one-click; no sign-in, no CSRF token)',
    description: 'GET /unsubscribe?token= shows a confirmation page; this POST unsubscribes. 403 for an invalid token.',
    query: TokenQuery.partial(),
    body: { form: z.object({ token: z.string().optional(), 'List-Unsubscribe': z.literal('One-Click').optional() }) },
    responses: { 200: { description: 'an HTML page saying it is done' } },
  },
];
