/**
 * The paper page, `/paper/:id` (also `/paper/:id.bib` for BibTeX). Any id the store knows (an
 * arXiv id with or without version, a DOI) redirects to the canonical `/paper/<paper id>`. Its
 * upvote form, POST /papers/:id/upvote with `up` 1 or 0 (every paper card carries it), redirects
 * back to `next`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { formDoc, type RouteDoc } from '../../openapi.js';
import { safeNext } from '../../safe-next.js';
import type { Services } from '../../services.js';
import { validForm, validParams } from '../../validate.js';
import { ID, PaperId } from './api.js';
import { vote } from './upvotes-api.js';
import { paperSentences } from '../../../ask/sentences.js';
import type { Paper } from '../../../core/paper.js';
import type { AppEnv } from '../../app-env.js';
import { linkBase } from '../../services.js';
import { seesServer } from '../../paper-json.js';
import { relatedMethodLabel, relatedPapers, type RelatedMethod } from '../../../search/related.js';
import { authorLine, publicSources } from '../../../core/paper-format.js';
import { FIELD_LIMITS } from '../../../sources/record-limits.js';
import { clipText } from '../../../text/clip.js';
import { toPlainText } from '../../../text/normalise.js';
import { sourceSentences } from '../../../web/abstract-sentences.js';
import { paperBibtex } from '../../../web/bibtex-export.js';
import type { SubscriptionRecord } from '../../../store/store.js';
import { categoryLinks, derivedBadge, messageBody, sourceLinks, subscribeButton, upvoteControl } from '../../../web/components.js';
import { html, type SafeHtml } from '../../../core/html.js';
import { layout, type PageContext } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { mathBudget, renderRich, type MathBudget } from '../../../web/latex.js';
import { askBox } from '../ask/page.js';
import { urls } from '../../../core/urls.js';

const RELATED = 10;

/** The id from the path after `/paper/` (ids may hold `/`), and whether `.bib` was asked for. */
function idFromPath(c: Context<AppEnv>): { id: string; bib: boolean } | undefined {
  const rest = new URL(c.req.url).pathname.slice('/paper/'.length);
  let id: string;
  try {
    id = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  const bib = id.endsWith('.bib');
  if (bib) id = id.slice(0, -4);
  id = id.trim();
  return id && id.length <= 300 ? { id, bib } : undefined;
}

/** The BibTeX file's name, the same whether downloaded from the link or opened at /paper/:id.bib. */
const bibFilename = (id: string): string => `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.bib`;

const UpvoteForm = z.object({ up: z.enum(['0', '1']).default('1'), next: z.string().max(2000).optional() });

export function paperPages(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/paper/*', paperRoute);
  app.post(`/papers/${ID}/upvote`, async (c) => {
    const { id } = validParams(c, PaperId);
    const form = await validForm(c, UpvoteForm);
    const next = safeNext(form.next);
    const user = c.get('user');
    if (!user) return c.redirect(urls.login({ next }), 303);
    await vote(services, user, id, form.up === '1');
    return c.redirect(next, 303);
  });
  return app;
}

async function paperRoute(c: Context<AppEnv>): Promise<Response> {
  const library = c.get('library');
  const store = library.store;
  const ctx = pageContext(c);
  const asked = idFromPath(c);
  const stored = asked ? await store.getPaper(asked.id) : undefined;
  if (!asked || !stored) {
    const body = messageBody('No such paper', html`No paper with id <code>${asked?.id ?? ''}</code> is in this library. Try <a href="${urls.search()}">searching</a> for it.`);
    return c.html(layout(ctx, { title: 'Not found', body }), 404);
  }
  const paper = shownPaper(stored);
  if (paper.id !== asked.id) {
    const search = new URL(c.req.url).search;
    return c.redirect(`${asked.bib ? urls.paperBibtex(paper.id) : urls.paper(paper.id)}${search}`, 301);
  }
  if (asked.bib) {
    return c.body(paperBibtex(paper), 200, {
      'content-type': 'text/x-bibtex; charset=utf-8',
      'content-disposition': `inline; filename="${bibFilename(paper.id)}"`,
    });
  }
  const [lexical, semantic, docId] = await Promise.all([library.lexical(), library.semantic(), store.docIdOf(paper.id)]);
  const user = ctx.user;
  const [related, mine, upvotedByMe, subscriptions] = await Promise.all([
    relatedPapers(store, lexical, semantic, paper.id, RELATED),
    docId === undefined ? new Map<number, number>() : store.userUpvotes([docId]),
    user && docId !== undefined ? store.upvotedBy(user.id, [docId]) : new Set<number>(),
    user ? store.listSubscriptions(user.id) : [],
  ]);
  const upvotes = (paper.upvotes ?? 0) + (docId === undefined ? 0 : (mine.get(docId) ?? 0));
  const stableUrl = `${linkBase(c, library.config)}${urls.paper(paper.id)}`;
  const math = mathBudget();
  const body = html`<article class="paper">
<header>
  <h1 class="paper-title">${renderRich(paper.title, math)}${derivedBadge(paper)}</h1>
  ${authorsBlock(paper, stored.authors.length)}
  ${followAuthors(ctx, paper, subscriptions)}
  <p class="meta">${paper.date ? html`<time datetime="${paper.date}">${paper.date}</time>` : ''}${categoryLinks(paper, 20)}${paper.venue ? html`<span class="venue">${toPlainText(paper.venue)}</span>` : ''}</p>
  <div class="actions">${upvoteControl(ctx, paper, upvotes, docId !== undefined && upvotedByMe.has(docId))}${sourceLinks(paper)}<a class="button" href="${urls.paperBibtex(paper.id)}" download="${bibFilename(paper.id)}">BibTeX</a></div>
</header>
<section class="abstract-full" aria-label="Abstract">
  <h2 class="visually-hidden">Abstract</h2>
  <div class="tex">${abstractSentences(paper, math)}</div>
  ${paper.comment ? html`<p class="comment">Comment: ${renderRich(paper.comment, math)}</p>` : ''}
</section>
${askBox({ paper: paper.id, label: 'Ask about this paper' })}
<dl class="ids">
  <dt>Stable URL</dt><dd><a href="${stableUrl}">${stableUrl}</a></dd>
  <dt>Paper id</dt><dd><code>${paper.id}</code></dd>
  ${paper.arxivId ? html`<dt>arXiv</dt><dd><code>${paper.arxivId}</code></dd>` : ''}
  ${paper.doi ? html`<dt>DOI</dt><dd><code>${paper.doi}</code></dd>` : ''}
  ${paper.url ? html`<dt>URL</dt><dd>${sourceUrl(paper.url)}</dd>` : ''}
</dl>
${sourcesTable(paper, seesServer(c))}
${relatedList(related.related.map((r) => r.paper), related.method)}
</article>`;
  return c.html(
    layout(ctx, {
      title: toPlainText(paper.title),
      body,
      description: toPlainText(paper.abstract).slice(0, 200),
      canonical: stableUrl,
    }),
  );
}

/**
 * The abstract a sentence at a time, each anchored `s-N` as ask counts sentences: citations link
 * to them. The source's own text keeps its math; when it cannot be cut alike, the plain sentences
 * are shown, so an anchor always holds what is cited.
 */
function abstractSentences(p: Paper, math: MathBudget): SafeHtml {
  return html`${(sourceSentences(p.abstract) ?? paperSentences(p)).map((s, i) => html`${i ? ' ' : ''}<span class="sentence" id="s-${i}">${renderRich(s, math)}</span>`)}`;
}

/** The most authors the page lists (3,303 is the largest real list measured; see record-limits.ts). */
const SHOWN_AUTHORS = 5_000;

/**
 * What the page shows of a paper: long fields clipped to the ingest limits (sources/record-limits.ts),
 * so that a paper stored before ingest had field limits costs a page no more than any other.
 */
function shownPaper(p: Paper): Paper {
  return {
    ...p,
    title: clipText(p.title, FIELD_LIMITS.title),
    abstract: clipText(p.abstract, FIELD_LIMITS.abstract),
    authors: p.authors.slice(0, SHOWN_AUTHORS),
    ...(p.comment !== undefined ? { comment: clipText(p.comment, FIELD_LIMITS.comment) } : {}),
    ...(p.venue !== undefined ? { venue: clipText(p.venue, FIELD_LIMITS.venue) } : {}),
  };
}

function authorsBlock(p: Paper, total: number): SafeHtml {
  if (p.authors.length) {
    const more = total - p.authors.length;
    return html`<p class="authors-full">${p.authors.map((a, i) => html`${i ? ', ' : ''}<a href="${urls.search({ author: a })}">${a}</a>`)}${more > 0 ? ` and ${more} more` : ''}</p>`;
  }
  const line = authorLine(p);
  return line ? html`<p class="authors-full">${line}</p>` : html``;
}

/** How many authors get a follow button (a 40-author paper should not become 40 buttons). */
const FOLLOW_AUTHORS = 6;

function followAuthors(ctx: PageContext, p: Paper, subs: SubscriptionRecord[]): SafeHtml | '' {
  if (!p.authors.length) return '';
  const followed = new Set(subs.filter((s) => s.kind === 'author').map((s) => s.value.toLowerCase()));
  return html`<div class="follow-authors">${p.authors
    .slice(0, FOLLOW_AUTHORS)
    .map((a) => subscribeButton(ctx, 'author', a, { label: `Follow ${a}`, subscribed: followed.has(a.toLowerCase()) }))}</div>`;
}

function sourceUrl(url: string): SafeHtml {
  // sourceLinks already decided whether this is a link; here the text is shown either way.
  return html`<code>${url}</code>`;
}

/** Where the paper was listed: the server's file paths for an admin, the sources' names for everyone else. */
function sourcesTable(p: Paper, admin: boolean): SafeHtml {
  return html`<section class="provenance">
<h2>Sources (${p.sources.length})</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Source</th><th scope="col">Format</th><th scope="col">Line</th><th scope="col">Listed</th><th scope="col">Ingested</th></tr></thead>
<tbody>${(admin ? p.sources : publicSources(p.sources)).map(
    (s) => html`<tr><td class="file">${s.file}</td><td>${s.format}</td><td>${s.line}</td><td>${s.date ?? ''}</td><td><time datetime="${s.ingestedAt}">${s.ingestedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time></td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}

function relatedList(papers: Paper[], method: RelatedMethod): SafeHtml {
  if (!papers.length) return html``;
  return html`<section class="related">
<h2>Related papers <span class="hint">(${relatedMethodLabel(method)})</span></h2>
<ol>${papers.map(
    (p) => html`<li data-card><a href="${urls.paper(p.id)}" data-open>${renderRich(p.title)}</a>${derivedBadge(p)}<span class="meta">${authorLine(p) ? html`<span>${authorLine(p)}</span>` : ''}${p.date ? html`<time datetime="${p.date}">${p.date}</time>` : ''}</span></li>`,
  )}</ol>
</section>`;
}

export const paperPageDocs: RouteDoc[] = [
  formDoc({
    path: '/papers/{id}/upvote',
    auth: 'user',
    summary: 'Upvote form (HTML): up=1 upvotes, up=0 withdraws; redirects to `next` (or to sign in)',
    path_params: PaperId,
    form: UpvoteForm,
    errors: [404],
  }),
];
