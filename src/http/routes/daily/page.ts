/**
 * The daily list: papers by listing day (also a week or a month), top or newest first, with
 * previous/next navigation to the nearest days that have papers and cursor pagination. One
 * listByDate call and one or two adjacentDays calls per page; nothing per card.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { ListedPaper } from '../../../store/store.js';
import { lenientQuery } from '../../validate.js';
import { DayListQuery, listPeriod } from './schema.js';
import { choiceLink, messageBody, paperList } from '../../../web/components.js';
import { listView, viewSwitch } from '../../../web/list-view.js';
import { counted } from '../../../core/plural.js';
import { html, type SafeHtml } from '../../../core/html.js';
import { layout } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { FIRST_DAY, LAST_DAY, dayPeriod, formatShortDay, monthPeriod, parseDay, periodOf, weekPeriod, type Period, type PeriodKind } from '../../../web/periods.js';
import { query, urls } from '../../../core/urls.js';

export const PAGE_SIZE = 30;
export type Sort = 'upvotes' | 'newest';

export function dailyPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', homePage);
  app.get('/day/:date', (c) => periodRoute(c, 'day'));
  app.get('/week/:date', (c) => periodRoute(c, 'week'));
  app.get('/month/:date', (c) => periodRoute(c, 'month'));
  return app;
}

/** `/` : the latest day with papers, or the welcome when the library is empty. */
async function homePage(c: Context<AppEnv>): Promise<Response> {
  const store = c.get('library').store;
  const latest = (await store.adjacentDays('9999-12-31')).previous;
  if (latest) return periodPage(c, dayPeriod(latest), true);
  const ctx = pageContext(c);
  if ((await store.currentSeq()) === 0) return c.html(layout(ctx, { title: 'Welcome', nav: 'today', body: welcomeBody() }));
  return c.html(
    layout(ctx, {
      title: 'Daily',
      nav: 'today',
      body: messageBody(
        'No dated papers',
        html`The library holds papers, but none of them has a date, so there is no daily list. <a href="${urls.search()}">Search</a> them or see the <a href="${urls.library}">library</a>.`,
      ),
    }),
  );
}

export function welcomeBody(): SafeHtml {
  return html`<section class="welcome">
<h1>Welcome to paperboy</h1>
<p>This library is empty. Add listings you have (arXiv abstract dumps and API responses, arXiv metadata JSON lines, Hugging Face Daily Papers pages, BibTeX, CSV/JSON exports, plain abstract lists) from the command line:</p>
<pre><code>npx paperboy ingest FILE…
npx paperboy embed</code></pre>
<p><code>ingest</code> detects each file's format (<code>.gz</code> is read transparently, <code>-</code> reads standard input) and merges duplicates; <code>embed</code> is optional and adds search by meaning and better related papers. Then reload this page.</p>
<p>See the <a href="${urls.library}">library page</a> for more ways to add papers.</p>
</section>`;
}

/** `/day/:date`, `/week/:date`, `/month/:month`. */
async function periodRoute(c: Context<AppEnv>, kind: PeriodKind): Promise<Response> {
  const arg = c.req.param('date') ?? '';
  const period = kind === 'month' ? monthPeriod(arg) : periodOf(kind, arg);
  if (!period) {
    const expected = kind === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
    const range = `between ${FIRST_DAY} and ${LAST_DAY}`;
    const message = parseDay(arg) ? `The ${kind} of ${arg} does not fit ${range}.` : `Expected /${kind}/${expected}, a real date ${range}.`;
    return c.html(layout(pageContext(c), { title: 'Not a date', body: messageBody('Not a date', message) }), 404);
  }
  return periodPage(c, period, false);
}

/** How many category chips the daily list offers (the period's most common categories). */
const CATEGORY_CHIPS = 10;

async function periodPage(c: Context<AppEnv>, period: Period, isHome: boolean): Promise<Response> {
  const store = c.get('library').store;
  const ctx = pageContext(c);
  // The API's parse of the same fields (schema.ts); a field it would refuse is dropped here.
  const { data: q } = lenientQuery(c, DayListQuery);
  const asked: Sort = q.sort;
  const cursor = q.cursor;
  const category = q.category?.[0] ?? '';
  const view = listView(c);
  const range = { from: period.from, to: period.to, ...(q.category ? { categories: q.category } : {}) };
  let list: { by: Sort; items: ListedPaper[]; nextCursor?: string };
  let before: { previous?: string; next?: string };
  let after: { previous?: string; next?: string } | undefined;
  let facets: Awaited<ReturnType<typeof store.dateFacets>>;
  try {
    [list, before, after, facets] = await Promise.all([
      listPeriod(store, period, q, PAGE_SIZE),
      store.adjacentDays(period.from),
      period.to === period.from ? undefined : store.adjacentDays(period.to),
      store.dateFacets(range),
    ]);
  } catch (error) {
    if (!cursor) throw error;
    const body = messageBody('Bad page link', html`That page link is not valid (any more). <a href="${period.path}">Start from the first page</a>.`);
    return c.html(layout(ctx, { title: 'Bad page link', body }), 400);
  }
  const user = ctx.user;
  const mine = user && list.items.length ? await store.upvotedBy(user.id, list.items.map((it) => it.docId)) : undefined;
  const previous = before.previous ? periodOf(period.kind, before.previous) : undefined;
  const nextDay = (after ?? before).next;
  const next = nextDay ? periodOf(period.kind, nextDay) : undefined;
  const base = isHome ? '/' : period.path;
  const keep = { sort: asked === 'upvotes' ? undefined : asked, category: category || undefined };
  const where = period.kind === 'day' ? 'on this day' : `in this ${period.kind}`;
  const body = html`<section class="daily" aria-labelledby="period-title">
<div class="period-head">
  <div><h1 id="period-title">${period.label}</h1>
  <p class="period-count">${counted(facets.papers, 'paper')}${category ? html` in <strong>${category}</strong>` : ''} ${where}</p></div>
  ${periodSwitch(period)}
</div>
<div class="toolbar">
  <span class="sort" role="group" aria-label="Sort">Sort:
    ${sortLink(base, 'upvotes', asked, 'Top', category)}
    ${sortLink(base, 'newest', asked, 'Newest', category)}
  </span>
  ${viewSwitch(ctx.here, view)}
  ${cursor ? html`<a href="${base}${query(keep)}">First page</a>` : ''}
  ${periodNav(previous, next, keep)}
</div>
${categoryFilter(base, asked, category, facets.categories)}
${list.by !== asked ? html`<p class="hint top-fallback">No paper ${where} has an upvote yet, so they are listed newest first${period.kind === 'day' ? ' (in listing order)' : ''}.</p>` : ''}
${
  list.items.length
    ? paperList(
        ctx,
        view,
        list.items.map((it) => ({ paper: it.paper, card: { upvotes: it.upvotes, upvoted: mine?.has(it.docId) ?? false } })),
      )
    : html`<p class="empty">No papers listed ${where}${category ? html` in ${category}` : ''}.</p>`
}
${list.nextCursor ? html`<nav class="pager" aria-label="Pages"><a rel="next" href="${base}${query({ ...keep, cursor: list.nextCursor })}">More papers →</a></nav>` : ''}
${periodNav(previous, next, keep)}
</section>`;
  return c.html(layout(ctx, { title: period.label, nav: 'today', body, canonical: period.path }));
}

/**
 * arXiv's spelling of a category from its folded form (cs.cv → cs.CV, math.ag → math.AG; physics'
 * lower-case classes such as physics.med-ph stay): filters fold case, the chips show it.
 */
function categoryLabel(folded: string): string {
  return folded.replace(/^([a-z-]+)\.([a-z]{2})$/, (_, archive: string, cls: string) => `${archive}.${cls.toUpperCase()}`);
}

/** Chips for the period's most common categories (and the one filtered on); "All" clears the filter. */
function categoryFilter(base: string, sort: Sort, current: string, categories: { category: string; papers: number }[]): SafeHtml | '' {
  if (categories.length < 2 && !current) return '';
  const sortParam = sort === 'upvotes' ? undefined : sort;
  const folded = current.toLowerCase();
  const shown = categories.slice(0, CATEGORY_CHIPS);
  const chip = (label: string, value: string | undefined, n: number | undefined, on: boolean) =>
    choiceLink(`${base}${query({ sort: sortParam, category: value })}`, html`${label}${n === undefined ? '' : html` <span class="n">${n.toLocaleString('en-US')}</span>`}`, on);
  return html`<nav class="category-filter" aria-label="Category">${chip('All', undefined, undefined, !current)}${shown.map((c) =>
    chip(categoryLabel(c.category), categoryLabel(c.category), c.papers, c.category === folded),
  )}${current && !shown.some((c) => c.category === folded) ? chip(current, current, undefined, true) : ''}</nav>`;
}

function sortLink(base: string, value: Sort, current: Sort, label: string, category: string): SafeHtml {
  const href = `${base}${query({ sort: value === 'upvotes' ? undefined : value, category: category || undefined })}`;
  return choiceLink(href, label, value === current);
}

/** Day, week and month of the period's first day; one that does not fit the calendar is left out. */
function periodSwitch(p: Period): SafeHtml {
  const items: [PeriodKind, string, Period | undefined][] = [
    ['day', 'Day', dayPeriod(p.from)],
    ['week', 'Week', weekPeriod(p.from)],
    ['month', 'Month', monthPeriod(p.from)],
  ];
  return html`<nav class="period-switch" aria-label="Period">${items.map(([kind, label, to]) =>
    !to ? '' : kind === p.kind ? html`<a href="${to.path}" aria-current="page" class="current">${label}</a>` : html`<a href="${to.path}">${label}</a>`,
  )}</nav>`;
}

function periodNav(previous: Period | undefined, next: Period | undefined, keep: { sort?: string; category?: string }): SafeHtml {
  const q = query(keep);
  const short = (p: Period) => (p.kind === 'day' ? formatShortDay(p.from) : p.kind === 'week' ? `week of ${formatShortDay(p.from)}` : p.label);
  return html`<nav class="period-nav" aria-label="Previous and next">
${previous ? html`<a rel="prev" href="${previous.path}${q}">← ${short(previous)}</a>` : html`<span></span>`}
${next ? html`<a rel="next" href="${next.path}${q}">${short(next)} →</a>` : html`<span></span>`}
</nav>`;
}
