/** Pieces several pages share: the paper card, source links, the upvote control, badges. */
import type { Paper } from '../core/paper.js';
import { authorLine } from '../core/paper-format.js';
import { clipText } from '../text/clip.js';
import { toPlainText } from '../text/normalise.js';
import { html, raw, safeHttpUrl, escapeHtml, type SafeHtml } from '../core/html.js';
import type { PageContext } from './layout.js';
import { renderRich } from './latex.js';
import type { Snippet } from '../search/snippet.js';
import type { SubscriptionKind } from '../store/store.js';
import type { ListView } from './list-view.js';
import { counted } from '../core/plural.js';
import { urls } from '../core/urls.js';

export const derivedBadge = (p: Paper): SafeHtml | '' =>
  p.titleDerived ? html` <span class="badge" title="No source gave a title; this one was made from the abstract">title derived from the abstract</span>` : '';

/** Links to where the paper lives: arXiv abstract and PDF, DOI, the source's URL (http(s) only). */
export function sourceLinks(p: Paper): SafeHtml {
  const links: SafeHtml[] = [];
  const arxiv = p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : undefined;
  if (p.arxivId) {
    links.push(html`<a href="${arxiv}" rel="noopener">arXiv</a>`, html`<a href="https://arxiv.org/pdf/${p.arxivId}" rel="noopener">PDF</a>`);
  }
  const doi = p.doi ? safeHttpUrl(`https://doi.org/${p.doi}`) : undefined;
  if (doi) links.push(html`<a href="${doi}" rel="noopener">DOI</a>`);
  const url = safeHttpUrl(p.url);
  if (url && url !== arxiv && url !== doi && !url.startsWith(`https://arxiv.org/abs/${p.arxivId ?? '\u0000'}`)) {
    let host = 'link';
    try {
      host = new URL(url).hostname.replace(/^www\./, '');
    } catch {
      // safeHttpUrl parsed it already
    }
    links.push(html`<a href="${url}" rel="nofollow noopener">${host}</a>`);
  }
  return links.length ? html`<span class="links">${links}</span>` : html``;
}

/**
 * The upvote control: for a signed-in reader a form posting to /papers/:id/upvote with `up` 1
 * (upvote) or 0 (withdraw), which the client script turns into a fetch to
 * POST /api/papers/:id/upvote; for anyone else a link to sign in.
 */
export function upvoteControl(ctx: PageContext, p: Paper, count: number, upvoted = false): SafeHtml {
  const label = html`<span class="arrow" aria-hidden="true">▲</span> <span class="count">${count}</span>`;
  if (!ctx.user) {
    return html`<a class="upvote" href="${urls.login({ next: ctx.here })}" title="Sign in to upvote" aria-label="${counted(count, 'upvote')}; sign in to upvote">${label}</a>`;
  }
  // The client script keeps the hidden noun in step with the count.
  return html`<form class="upvote${upvoted ? ' upvoted' : ''}" method="post" action="${urls.upvoteForm(p.id)}" data-upvote="${urls.upvoteApi(p.id)}">
<input type="hidden" name="csrf" value="${ctx.csrf}"><input type="hidden" name="next" value="${ctx.here}"><input type="hidden" name="up" value="${upvoted ? '0' : '1'}">
<button type="submit" aria-pressed="${upvoted ? 'true' : 'false'}" title="${upvoted ? 'Withdraw your upvote' : 'Upvote'}">${label}<span class="visually-hidden count-noun"> ${count === 1 ? 'upvote' : 'upvotes'}</span></button></form>`;
}

/**
 * A subscribe button: for a signed-in reader a small form posting to /subscriptions (kind, value,
 * the CSRF token, and `next` to come back here); once subscribed, a link to manage subscriptions;
 * for anyone else a link to sign in. Used on search results, paper authors and topic pages.
 */
export function subscribeButton(ctx: PageContext, kind: SubscriptionKind, value: string, o: { label: string; subscribed?: boolean }): SafeHtml {
  if (o.subscribed) return html`<a class="subscribe subscribed" href="${urls.subscriptions}" title="Manage your subscriptions">✓ ${o.label.replace(/^(Subscribe to|Follow)/, (w) => (w === 'Follow' ? 'Following' : 'Subscribed to'))}</a>`;
  if (!ctx.user) return html`<a class="subscribe" href="${urls.login({ next: ctx.here })}" title="Sign in to subscribe">${o.label}</a>`;
  return html`<form class="subscribe" method="post" action="${urls.subscriptions}">
<input type="hidden" name="csrf" value="${ctx.csrf}"><input type="hidden" name="next" value="${ctx.here}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="value" value="${value}">
<button type="submit">${o.label}</button></form>`;
}

export function categoryLinks(p: Paper, max = 4): SafeHtml {
  return html`${p.categories.slice(0, max).map((c) => html`<a class="cat" href="${urls.search({ category: c })}">${c}</a>`)}`;
}

/** A plain-text abstract excerpt; CSS clamps it to two lines. */
function abstractExcerpt(p: Paper): string {
  const text = toPlainText(clipText(p.abstract, 2000));
  return text.length > 400 ? `${text.slice(0, 400).replace(/\s+\S*$/, '')} …` : text;
}

/** Snippet text with its highlight spans wrapped in <mark>; everything else escaped. */
export function highlighted(snippet: Snippet): SafeHtml {
  let out = '';
  let at = 0;
  for (const [start, end] of [...snippet.highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || end > snippet.text.length) continue;
    out += `${escapeHtml(snippet.text.slice(at, start))}<mark>${escapeHtml(snippet.text.slice(start, end))}</mark>`;
    at = end;
  }
  return raw(out + escapeHtml(snippet.text.slice(at)));
}

export interface ListedCard {
  upvotes: number;
  upvoted?: boolean;
  snippet?: Snippet;
}

/** A paper as a card: the upvote beside the title, one line of authors, date, categories and links, two lines of abstract. */
export function paperCard(ctx: PageContext, p: Paper, o: ListedCard): SafeHtml {
  const authors = authorLine(p);
  return html`<article class="card" data-card>
<div class="card-vote">${upvoteControl(ctx, p, o.upvotes, o.upvoted)}</div>
<div class="card-body">
<h2 class="card-title"><a href="${urls.paper(p.id)}" data-open>${renderRich(p.title)}</a>${derivedBadge(p)}</h2>
<p class="meta">${authors ? html`<span class="authors">${authors}</span>` : ''}${p.date ? html`<time datetime="${p.date}">${p.date}</time>` : ''}${categoryLinks(p)}${sourceLinks(p)}</p>
<p class="abstract">${o.snippet ? highlighted(o.snippet) : abstractExcerpt(p)}</p>
</div>
</article>`;
}

/** A paper as one row of the compact list: upvote, title, then authors, date and categories in small type. */
function paperRow(ctx: PageContext, p: Paper, o: ListedCard): SafeHtml {
  const authors = authorLine(p);
  return html`<li class="row" data-card>${upvoteControl(ctx, p, o.upvotes, o.upvoted)}<span class="row-text"><a class="row-title" href="${urls.paper(p.id)}" data-open>${renderRich(p.title)}</a>${derivedBadge(p)}
<span class="meta">${authors ? html`<span class="authors">${authors}</span>` : ''}${p.date ? html`<time datetime="${p.date}">${p.date}</time>` : ''}${categoryLinks(p, 3)}</span></span></li>`;
}

/** Papers as cards or as the compact list (list-view.ts). */
export function paperList(ctx: PageContext, view: ListView, items: readonly { paper: Paper; card: ListedCard }[]): SafeHtml {
  return view === 'list'
    ? html`<ol class="rows">${items.map((it) => paperRow(ctx, it.paper, it.card))}</ol>`
    : html`<div class="cards">${items.map((it) => paperCard(ctx, it.paper, it.card))}</div>`;
}

/** One link of a choice (sort, view, filter): the current one marked `aria-current` and `current`. */
export function choiceLink(href: string, label: SafeHtml | string, current: boolean): SafeHtml {
  return current ? html`<a href="${href}" aria-current="true" class="current">${label}</a>` : html`<a href="${href}">${label}</a>`;
}

/** A short page body for messages (not found, errors). */
export function messageBody(title: string, message: SafeHtml | string): SafeHtml {
  return html`<section class="message"><h1>${title}</h1><p>${message}</p></section>`;
}
