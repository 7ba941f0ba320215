/**
 * `/subscriptions` (signed in): the reader's subscriptions with their feed links and remove
 * buttons, a form to add one, and the address digests go to; and its forms, answered with
 * redirects: POST /subscriptions (also every subscribe button), POST /subscriptions/:id/delete,
 * POST /account/email.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { setEmail } from '../../../accounts/users.js';
import { PaperboyError } from '../../../core/errors.js';
import { SUBSCRIPTION_KINDS, subscribe } from '../../../digest/subscriptions.js';
import { formDoc, type RouteDoc } from '../../openapi.js';
import { safeNext } from '../../safe-next.js';
import type { Services } from '../../services.js';
import { validForm, validParams } from '../../validate.js';
import { Kind, SubscriptionId } from './api.js';
import { ownSubscription } from './own-subscription.js';
import { digestLinks } from '../../../digest/digest-links.js';
import type { AppEnv } from '../../app-env.js';
import { html } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { urls } from '../../../core/urls.js';

const KIND_HELP: Record<string, string> = {
  search: 'a query, in the search syntax',
  author: 'an author’s name',
  topic: 'a topic id (or use Subscribe on a topic page)',
  question: 'a standing question (answered as a search for now)',
};

const SubscribeForm = z.object({ kind: Kind, value: z.string().max(2000).default(''), next: z.string().max(2000).optional() });
const EmailForm = z.object({ email: z.string().max(254).default('') });

export function subscriptionPages(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { library } = services;
  const store = library.store;
  app.get('/subscriptions', subscriptionsPage);
  app.post('/subscriptions', async (c) => {
    const form = await validForm(c, SubscribeForm);
    const next = safeNext(form.next);
    const user = c.get('user');
    if (!user) return c.redirect(urls.login({ next }), 303);
    try {
      await subscribe(store, { userId: user.id, kind: form.kind, value: form.value }, await library.topicsFor([form]));
    } catch (err) {
      // Subscribing twice is not an error for a button.
      if (!(err instanceof PaperboyError && err.code === 'CONFLICT')) throw err;
    }
    return c.redirect(next, 303);
  });
  app.post('/subscriptions/:id/delete', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(urls.login({ next: urls.subscriptions }), 303);
    const { id } = validParams(c, SubscriptionId);
    await ownSubscription(store, user, id);
    await store.deleteSubscription(id);
    return c.redirect(urls.subscriptions, 303);
  });
  app.post('/account/email', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(urls.login({ next: urls.subscriptions }), 303);
    const { email } = await validForm(c, EmailForm);
    await setEmail(store, user.id, email.trim() || undefined);
    return c.redirect(urls.subscriptions, 303);
  });
  return app;
}

async function subscriptionsPage(c: Context<AppEnv>): Promise<Response> {
  const ctx = pageContext(c);
  if (!ctx.user) return c.redirect(urls.login({ next: urls.subscriptions }), 303);
  const library = c.get('library');
  const store = library.store;
  const [user, subs] = await Promise.all([store.userById(ctx.user.id), store.listSubscriptions(ctx.user.id)]);
  // Relative: the browser resolves them against the address the reader actually used.
  const links = await digestLinks(store, '');
  const topics = await library.topicsFor(subs);
  // A topic is shown by its label, linked to its page (the id alone means nothing to a reader).
  const follows = (s: (typeof subs)[number]) => {
    const topic = s.kind === 'topic' ? topics?.topic(s.value) : undefined;
    return topic ? html`<a href="${urls.topic(topic.id)}">${topic.label}</a>` : s.value;
  };
  const csrf = html`<input type="hidden" name="csrf" value="${ctx.csrf}">`;
  const body = html`<section class="subscriptions-page">
<h1>Subscriptions</h1>
<p>New papers matching your subscriptions arrive in your digest email and in each subscription’s feed.</p>
<form class="email-form" method="post" action="${urls.accountEmail}">${csrf}
  <label>Digest email <input type="email" name="email" value="${user?.email ?? ''}" placeholder="you@example.org" autocomplete="email"></label>
  <button type="submit">Save</button>
  ${user?.email ? '' : html`<span class="hint">No address: no digest email (feeds still work).</span>`}
</form>
${
  subs.length
    ? html`<div class="table-wrap"><table class="subscriptions-table">
<thead><tr><th scope="col">Kind</th><th scope="col">Follows</th><th scope="col">Since</th><th scope="col">Feeds</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
<tbody>${subs.map((s) => {
        const feeds = links.feeds(s);
        return html`<tr><td>${s.kind}</td><td>${follows(s)}</td><td><time datetime="${s.createdAt}">${s.createdAt.slice(0, 10)}</time></td>
<td><a href="${feeds.atom}" type="application/atom+xml">Atom</a> · <a href="${feeds.json}" type="application/feed+json">JSON Feed</a></td>
<td><form class="inline" method="post" action="${urls.subscriptionDelete(s.id)}">${csrf}<button type="submit" class="link-button">Remove</button></form></td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="empty">No subscriptions yet: use <em>Subscribe to this search</em> on search results, <em>Subscribe to this topic</em> on a <a href="${urls.topics}">topic</a>, or <em>Follow</em> on a paper’s authors.</p>`
}
<h2>Add a subscription</h2>
<form class="add-subscription" method="post" action="${urls.subscriptions}">${csrf}<input type="hidden" name="next" value="${urls.subscriptions}">
  <label>Kind <select name="kind">${SUBSCRIPTION_KINDS.map((k) => html`<option value="${k}">${k}: ${KIND_HELP[k]}</option>`)}</select></label>
  <label>Value <input type="text" name="value" required maxlength="500"></label>
  <button type="submit">Subscribe</button>
</form>
</section>`;
  return c.html(layout(ctx, { title: 'Subscriptions', nav: 'subscriptions', body }));
}

export const subscriptionPageDocs: RouteDoc[] = [
  formDoc({
    path: '/subscriptions',
    auth: 'user',
    summary: 'Subscribe form (HTML): redirects to `next` (or to sign in); subscribing twice changes nothing',
    form: SubscribeForm,
  }),
  formDoc({
    path: '/subscriptions/{id}/delete',
    auth: 'user',
    summary: 'Remove-subscription form (HTML): redirects to /subscriptions',
    path_params: SubscriptionId,
    errors: [403, 404],
  }),
  formDoc({
    path: '/account/email',
    auth: 'user',
    summary: 'Digest address form (HTML): an empty address stops digest emails; redirects to /subscriptions',
    form: EmailForm,
  }),
];
