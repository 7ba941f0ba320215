/**
 * The daily list: papers by listing day (also a week or a month), top or newest first, with
 * previous/next navigation to the nearest days that have papers and cursor pagination. One
 * listByDate call and one or two adjacentDays calls per page; nothing per card.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../http/app-env.js';
import type { ListedPaper } from '../../store/store.js';
import { messageBody, paperCard } from '../components.js';
import { html, query, type SafeHtml } from '../html.js';
import { layout, pageContext, type PageContext } from '../layout.js';
import { FIRST_DAY, LAST_DAY, dayPeriod, formatShortDay, monthPeriod, parseDay, periodOf, weekPeriod, type Period, type PeriodKind } from '../periods.js';

export const PAGE_SIZE = 30;
export type Sort = 'upvotes' | 'newest';

/** `/` : the latest day with papers, or the welcome when the library is empty. */
export async function homePage(c: Context<AppEnv>): Promise<Response> {
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
        html`The library holds papers, but none of them has a date, so there is no daily list. <a href="/search">Search</a> them or see the <a href="/library">library</a>.`,
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
<p>See the <a href="/library">library page</a> for more ways to add papers.</p>
</section>`;
}

/** `/day/:date`, `/week/:date`, `/month/:month`. */
export async function periodRoute(c: Context<AppEnv>, kind: PeriodKind): Promise<Response> {
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

async function periodPage(c: Context<AppEnv>, period: Period, isHome: boolean): Promise<Response> {
  const store = c.get('library').store;
  const ctx = pageContext(c);
  const sort: Sort = c.req.query('sort') === 'newest' ? 'newest' : 'upvotes';
  const cursor = c.req.query('cursor') || undefined;
  let list: { items: ListedPaper[]; nextCursor?: string };
  let before: { previous?: string; next?: string };
  let after: { previous?: string; next?: string } | undefined;
  try {
    [list, before, after] = await Promise.all([
      store.listByDate({ from: period.from, to: period.to, sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      store.adjacentDays(period.from),
      period.to === period.from ? undefined : store.adjacentDays(period.to),
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
  const body = html`<section class="daily" aria-labelledby="period-title">
<div class="period-head">
  <h1 id="period-title">${period.label}</h1>
  ${periodSwitch(period)}
</div>
${periodNav(previous, next, sort)}
<div class="toolbar">
  <span class="sort" role="group" aria-label="Sort">Sort:
    ${sortLink(base, 'upvotes', sort, 'Top')}
    ${sortLink(base, 'newest', sort, 'Newest')}
  </span>
  ${cursor ? html`<a href="${base}${query({ sort: sort === 'upvotes' ? undefined : sort })}">First page</a>` : ''}
</div>
${list.items.length ? cards(ctx, list.items, mine) : html`<p class="empty">No papers listed ${period.kind === 'day' ? 'on this day' : `in this ${period.kind}`}.</p>`}
${list.nextCursor ? html`<nav class="pager" aria-label="Pages"><a rel="next" href="${base}${query({ sort: sort === 'upvotes' ? undefined : sort, cursor: list.nextCursor })}">More papers →</a></nav>` : ''}
${periodNav(previous, next, sort)}
</section>`;
  return c.html(layout(ctx, { title: period.label, nav: 'today', body, canonical: period.path }));
}

function cards(ctx: PageContext, items: ListedPaper[], mine: Set<number> | undefined): SafeHtml {
  return html`<div class="cards">${items.map((it) => paperCard(ctx, it.paper, { upvotes: it.upvotes, upvoted: mine?.has(it.docId) ?? false }))}</div>`;
}

function sortLink(base: string, value: Sort, current: Sort, label: string): SafeHtml {
  const href = `${base}${query({ sort: value === 'upvotes' ? undefined : value })}`;
  return value === current ? html`<a href="${href}" aria-current="true" class="current">${label}</a>` : html`<a href="${href}">${label}</a>`;
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

function periodNav(previous: Period | undefined, next: Period | undefined, sort: Sort): SafeHtml {
  const q = query({ sort: sort === 'upvotes' ? undefined : sort });
  const short = (p: Period) => (p.kind === 'day' ? formatShortDay(p.from) : p.kind === 'week' ? `week of ${formatShortDay(p.from)}` : p.label);
  return html`<nav class="period-nav" aria-label="Previous and next">
${previous ? html`<a rel="prev" href="${previous.path}${q}">← ${short(previous)}</a>` : html`<span></span>`}
${next ? html`<a rel="next" href="${next.path}${q}">${short(next)} →</a>` : html`<span></span>`}
</nav>`;
}
