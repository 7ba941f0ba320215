/**
 * The topic pages: `/topics` lists every topic with a small trend chart; `/topics/:id` is one
 * topic, its bigger chart, representative paper and papers newest first (paginated by ?page=).
 */
import { Hono, type Context } from 'hono';
import { mapPage } from './map-page.js';
import { trendingPage } from './trending-page.js';
import type { AppEnv } from '../../app-env.js';
import type { PaperboyError } from '../../../core/errors.js';
import type { Paper } from '../../../core/paper.js';
import type { TopicModel, WeekRange } from '../../../topics/topic-model.js';
import { representativePapers, topicOverview, topicPapers, type TopicOverview } from '../../../topics/topic-report.js';
import { messageBody, paperCard, subscribeButton } from '../../../web/components.js';
import { html, type SafeHtml } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { setRetryAfter } from '../../on-error.js';
import { votesFor } from '../../paper-json.js';
import { trendChart } from '../../../web/trend-chart.js';
import { swatch } from '../../../web/topic-map.js';
import { counted } from '../../../core/plural.js';
import { query, urls } from '../../../core/urls.js';

const TOPIC_PAGE_SIZE = 30;


/** "+0.42" / "−0.10": the growth score, signed. */
const growthText = (g: number): string => `${g >= 0 ? '+' : '−'}${Math.abs(g).toFixed(2)}`;

/** A topic page asked for while the library's first topic model is being built (in a worker thread): 503, come back shortly. */
export function topicPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/topics', topicsPage);
  app.get('/topics/:id', topicPage);
  app.get('/map', mapPage);
  app.get('/trending', trendingPage);
  return app;
}

/** Until the library's first topic model is built, the pages that need it answer this 503 page. */
export function topicsBuildingPage(c: Context<AppEnv>, err: PaperboyError): Response {
  const ctx = pageContext(c);
  const body = messageBody(
    'Topics are being built',
    html`This library's topics are being worked out (a few minutes for a large library); everything else works meanwhile. <a href="${ctx.here}">Try again</a> in a few seconds.`,
  );
  setRetryAfter(c, err);
  // The map and the subscriptions page (topic subscriptions) wait for the model too.
  const nav = c.req.path.startsWith('/map') ? 'map' : c.req.path.startsWith('/subscriptions') ? 'subscriptions' : 'topics';
  return c.html(layout(ctx, { title: 'Topics are being built', nav, body }), 503);
}

export const noTopicsBody = (): SafeHtml =>
  messageBody('No topics yet', html`Topics appear once the library has papers: add some with <code>npx paperboy ingest FILE</code>.`);

/** Why the charts stop before the library's newest days, when they do. */
export function partialWeekNote(range: WeekRange): SafeHtml | '' {
  const p = range.partial;
  return p
    ? html`<p class="hint">Weekly counts cover whole weeks only: the library's newest days (${p.from === p.to ? p.from : `${p.from} to ${p.to}`}) are part of a week and wait for the rest of it.</p>`
    : '';
}

/** One topic as a list entry: label, counts, growth and its small chart. */
export function topicEntry(t: TopicOverview, representative: Paper | undefined): SafeHtml {
  const upvotes = t.series.upvotes.reduce((a, b) => a + b, 0);
  return html`<li class="topic">
<div class="topic-head">${swatch(t.index)} <a class="topic-label" href="${urls.topic(t.id)}">${t.label}</a></div>
<p class="meta">${counted(t.papers, 'paper')}${upvotes ? ` · ${counted(upvotes, 'upvote')}` : ''} · growth <span title="log2 of papers a week in the last 4 whole weeks over the 8 before (smoothed)">${growthText(t.growth)}</span></p>
${trendChart(t.series, { title: `Papers and upvotes per week: ${t.label}` })}
${representative ? html`<p class="representative">e.g. <a href="${urls.paper(representative.id)}">${representative.title}</a></p>` : ''}
</li>`;
}

function clusteredOn(model: TopicModel): string {
  return model.space.kind === 'embedding' ? 'their embeddings' : 'their words (TF-IDF)';
}

/** Why a library that did not split into topics shows none: the measure, in words. */
export function noSplitNote(model: TopicModel): SafeHtml {
  const s = model.separation;
  const figures = s ? html` (best split: ${s.k} groups, separation ${s.score.toFixed(3)} against ${s.chance.toFixed(3)} for the same papers with their words shuffled)` : '';
  return html`<p class="hint no-split">These ${counted(model.size, 'paper')} do not split into topics better than chance${figures}, so no topics are shown: a few dozen papers on one subject are one topic. Topics appear as the library grows. The <a href="${urls.map}">map</a> still places every paper by its own similarities.</p>`;
}

/** `/topics` */
async function topicsPage(c: Context<AppEnv>): Promise<Response> {
  const ctx = pageContext(c);
  const model = await c.get('library').topics();
  if (!model) return c.html(layout(ctx, { title: 'Topics', nav: 'topics', body: noTopicsBody() }));
  if (!model.clustered) {
    const body = html`<section class="topics" aria-labelledby="topics-title"><h1 id="topics-title">Topics</h1>${noSplitNote(model)}</section>`;
    return c.html(layout(ctx, { title: 'Topics', nav: 'topics', body }));
  }
  const range = model.weekRange();
  const overview = topicOverview(model, undefined, range);
  const reps = await representativePapers(c.get('library').store, overview);
  const body = html`<section class="topics" aria-labelledby="topics-title">
<h1 id="topics-title">Topics</h1>
<p class="hint">${counted(overview.length, 'topic')} over ${counted(model.size, 'paper')}, clustered on ${clusteredOn(model)}; labelled by their most distinctive words. See them on the <a href="${urls.map}">map</a> or what is <a href="${urls.trending}">trending</a>.</p>
${partialWeekNote(range)}
<ol class="topic-list">${overview.map((t) => topicEntry(t, reps.get(t.representative)))}</ol>
</section>`;
  return c.html(layout(ctx, { title: 'Topics', nav: 'topics', body }));
}

/** `/topics/:id` */
async function topicPage(c: Context<AppEnv>): Promise<Response> {
  const ctx = pageContext(c);
  const library = c.get('library');
  const model = await library.topics();
  const id = c.req.param('id') ?? '';
  const index = model?.indexOf(id);
  if (!model || index === undefined) {
    const body = messageBody('No such topic', html`There is no topic <code>${id}</code> (topic ids change when the topics are rebuilt). See <a href="${urls.topics}">all topics</a>.`);
    return c.html(layout(ctx, { title: 'Not found', nav: 'topics', body }), 404);
  }
  const range = model.weekRange();
  const t = topicOverview(model, [index], range)[0]!;
  // An id from before a rebuild: the topic that succeeded it, at its own address.
  if (id !== t.id) return c.redirect(urls.topic(t.id), 301);
  const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const page = topicPapers(model, index, (pageNo - 1) * TOPIC_PAGE_SIZE, TOPIC_PAGE_SIZE);
  const store = library.store;
  const items = await store.getPapersByDocIds([t.representative, ...page.docIds]);
  const [votes, subs] = await Promise.all([votesFor(store, items, ctx.user?.id), ctx.user ? store.listSubscriptions(ctx.user.id) : []]);
  const subscribed = subs.some((s) => s.kind === 'topic' && model.topic(s.value)?.id === t.id);
  const card = (r: (typeof items)[number]) => paperCard(ctx, r.paper, { upvotes: votes.get(r.docId)!.upvotes, upvoted: votes.get(r.docId)!.upvoted ?? false });
  const byDoc = new Map(items.map((r) => [r.docId, r]));
  const rep = byDoc.get(t.representative);
  const listed = page.docIds.flatMap((docId) => byDoc.get(docId) ?? []);
  const pages = Math.max(1, Math.ceil(page.total / TOPIC_PAGE_SIZE));
  const path = urls.topic(t.id);
  const body = html`<section class="topic-page" aria-labelledby="topic-title">
<p class="crumbs"><a href="${urls.topics}">Topics</a></p>
<div class="topic-head"><h1 id="topic-title">${swatch(t.index)} ${t.label}</h1>
${subscribeButton(ctx, 'topic', t.id, { label: 'Subscribe to this topic', subscribed })}</div>
<p class="meta">${counted(t.papers, 'paper')} · growth ${growthText(t.growth)} · topic <code>${t.id}</code></p>
${partialWeekNote(range)}
${trendChart(t.series, { title: `Papers and upvotes per week: ${t.label}`, width: 720, height: 200, detailed: true })}
${rep ? html`<h2>Representative paper</h2><p class="hint">The paper nearest the topic's centre.</p><div class="cards">${card(rep)}</div>` : ''}
<h2>Papers, newest first</h2>
${listed.length ? html`<div class="cards">${listed.map(card)}</div>` : html`<p class="empty">No papers on this page.</p>`}
${pagerNav(path, pageNo, pages)}
</section>`;
  return c.html(layout(ctx, { title: t.label, nav: 'topics', body, canonical: path }));
}

function pagerNav(path: string, page: number, pages: number): SafeHtml {
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Pages">
${page > 1 ? html`<a rel="prev" href="${path}${query({ page: page - 1 === 1 ? undefined : page - 1 })}">← Newer</a>` : html`<span></span>`}
<span>Page ${page} of ${pages}</span>
${page < pages ? html`<a rel="next" href="${path}${query({ page: page + 1 })}">Older →</a>` : html`<span></span>`}
</nav>`;
}
