/**
 * Search: `/search?q=&mode=&from=&to=&author=&category=&sort=&page=` (`sort=date`: newest first). The filters sit in the page but
 * belong to the header's search form (the `form` attribute), so the one box submits them. With
 * `partial=1` only the results fragment is returned: the client script fetches it as the reader
 * types and swaps it in.
 */
import { Hono, type Context } from 'hono';
import { lenientQuery } from '../../validate.js';
import { z } from 'zod';
import { SearchFilters, paperFilters, searchInput, searchOptions, wholeDay } from './schema.js';
import { isPaperboyError } from '../../../core/errors.js';
import type { AppEnv } from '../../app-env.js';
import { DATE_SORT_POOL, HYBRID_DEPTH, search, type SearchMode, type SearchResult, type Semantic } from '../../../search/search.js';
import { votesFor } from '../../paper-json.js';
import type { SubscriptionRecord } from '../../../store/store.js';
import { choiceLink, paperList, subscribeButton } from '../../../web/components.js';
import { listView, viewSwitch, type ListView } from '../../../web/list-view.js';
import { counted } from '../../../core/plural.js';
import { html, type SafeHtml } from '../../../core/html.js';
import { layout, type PageContext } from '../../../web/layout.js';
import { pageContext } from '../../page-context.js';
import { urls } from '../../../core/urls.js';

export const RESULTS_PER_PAGE = 20;

const SearchPageQuery = SearchFilters.extend({ page: z.coerce.number().int().min(1).max(1000).default(1) });

interface SearchParams {
  q: string;
  mode?: SearchMode;
  from: string;
  to: string;
  author: string;
  category: string;
  sort?: 'date';
  page: number;
  /** The fields as the API parses them (schema.ts), and what was dropped from them. */
  input: SearchFilters;
  warnings: string[];
}

/** The API's parse of the same fields; a field it would refuse is dropped here, with a warning. */
function params(c: Context<AppEnv>): SearchParams {
  const { data: input, refused } = lenientQuery(c, SearchPageQuery, searchInput(c, SearchPageQuery));
  const warnings = refused.map(({ field, value, message }) =>
    field === 'from' || field === 'to'
      ? `"${value}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD); the ${field === 'from' ? 'From' : 'To'} filter was ignored`
      : `"${value.slice(0, 100)}" is not a valid ${field} (${message}); it was ignored`,
  );
  return {
    q: input.q.trim(),
    ...(input.mode ? { mode: input.mode } : {}),
    from: input.from ? wholeDay(input.from, 'from') : '',
    to: input.to ? wholeDay(input.to, 'to') : '',
    author: input.author?.[0] ?? '',
    category: input.category?.[0] ?? '',
    ...(input.sort === 'date' ? { sort: 'date' as const } : {}),
    page: input.page,
    input,
    warnings,
  };
}

export function searchPages(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/search', searchPage);
}

async function searchPage(c: Context<AppEnv>): Promise<Response> {
  const library = c.get('library');
  const ctx = pageContext(c);
  const p = params(c);
  const semantic = await library.semantic();
  const fragment = await results(c, ctx, p, semantic, listView(c));
  if (c.req.query('partial') === '1') return c.html(fragment.value);
  const body = html`<section class="search-page">
<h1 class="visually-hidden">Search</h1>
${filtersForm(p, semantic !== undefined)}
<div id="results" aria-live="polite">${fragment}</div>
</section>`;
  return c.html(layout(ctx, { title: p.q ? `Search: ${p.q}` : 'Search', nav: 'search', q: p.q, body }));
}

function filtersForm(p: SearchParams, semantic: boolean): SafeHtml {
  const f = 'site-search';
  return html`<details class="filters"${p.from || p.to || p.author || p.category || p.mode ? ' open' : ''}>
<summary>Filters${semantic ? ' and search mode' : ''}</summary>
<div class="filter-grid">
  <label>From <input type="date" name="from" form="${f}" value="${p.from}"></label>
  <label>To <input type="date" name="to" form="${f}" value="${p.to}"></label>
  <label>Author <input type="text" name="author" form="${f}" value="${p.author}" placeholder="e.g. Jane Doe"></label>
  <label>Category <input type="text" name="category" form="${f}" value="${p.category}" placeholder="e.g. cs.CL or cs"></label>
  ${
    semantic
      ? html`<label>Mode <select name="mode" form="${f}">
    ${(['hybrid', 'lexical', 'semantic'] as const).map(
      (m) => html`<option value="${m}"${(p.mode ?? 'hybrid') === m ? ' selected' : ''}>${m === 'hybrid' ? 'hybrid (words + meaning)' : m === 'lexical' ? 'lexical (words)' : 'semantic (meaning)'}</option>`,
    )}
  </select></label>`
      : ''
  }
  ${p.sort ? html`<input type="hidden" name="sort" value="${p.sort}" form="${f}">` : ''}
  <button type="submit" form="${f}">Apply</button>
</div>
</details>`;
}

async function results(c: Context<AppEnv>, ctx: PageContext, p: SearchParams, semantic: Semantic | undefined, view: ListView): Promise<SafeHtml> {
  const library = c.get('library');
  const warnings = [...p.warnings];
  const filters = paperFilters(p.input);
  const hasFilters = Object.keys(filters).length > 0;
  if (!p.q && !hasFilters) return html`${warningList(warnings)}${tips()}`;
  if (p.mode && p.mode !== 'lexical' && !semantic) warnings.push(`${p.mode} search needs embeddings (run npx paperboy embed); searched by words instead`);
  const mode = semantic ? p.mode : 'lexical';
  let result: SearchResult;
  try {
    const page = { limit: RESULTS_PER_PAGE + 1, offset: (p.page - 1) * RESULTS_PER_PAGE };
    result = await search(library.store, await library.lexical(), p.q, searchOptions({ ...p.input, mode }, page, semantic));
  } catch (error) {
    if (!isPaperboyError(error)) throw error;
    return html`${warningList([...warnings, error.message])}${tips()}`;
  }
  warnings.push(...result.warnings);
  if (result.empty) return html`${warningList(warnings)}${tips()}`;
  const actions = searchActions(ctx, p, ctx.user ? await library.store.listSubscriptions(ctx.user.id) : []);
  const hits = result.hits.slice(0, RESULTS_PER_PAGE);
  if (hits.length === 0) return html`${warningList(warnings)}${actions}${p.page > 1 ? html`<p class="empty">No more results.</p>` : noResults(p, hasFilters)}`;
  const more = result.hits.length > RESULTS_PER_PAGE;
  const link = (page: number, sort = p.sort) =>
    `${urls.search({ q: p.q, mode: p.mode, from: p.from, to: p.to, author: p.author, category: p.category, sort, page: page > 1 ? page : undefined })}`;
  const first = (p.page - 1) * RESULTS_PER_PAGE + 1;
  const votes = await votesFor(library.store, hits, ctx.user?.id);
  return html`${warningList(warnings)}
<div class="toolbar">
<p class="result-count">${resultCount(first, hits.length, result)}</p>
<span class="sort" role="group" aria-label="Sort">Sort:
  ${choiceLink(link(1, undefined), 'Relevance', !p.sort)}
  ${choiceLink(link(1, 'date'), 'Newest', p.sort === 'date')}
</span>
${viewSwitch(ctx.here.replace(/([?&])partial=1(&|$)/, '$1').replace(/[?&]$/, ''), view)}
</div>
${p.sort ? html`<p class="hint">Newest first among ${result.mode === 'semantic' ? `the ${HYBRID_DEPTH} nearest by meaning` : `the best ${DATE_SORT_POOL.toLocaleString('en-US')} matches by words`}.</p>` : ''}
${actions}
${paperList(
  ctx,
  view,
  hits.map((h) => ({ paper: h.paper, card: { ...votes.get(h.docId)!, snippet: h.snippet } })),
)}
${
  p.page > 1 || more
    ? html`<nav class="pager" aria-label="Pages">${p.page > 1 ? html`<a rel="prev" href="${link(p.page - 1)}">← Previous</a>` : html`<span></span>`}${more ? html`<a rel="next" href="${link(p.page + 1)}">Next →</a>` : ''}</nav>`
    : ''
}`;
}

/** "Results 1–20 of 1,234": the total is of the papers matching the words (and filters), when known. */
function resultCount(first: number, shown: number, result: SearchResult): SafeHtml {
  const range = `Results ${first.toLocaleString('en-US')}–${(first + shown - 1).toLocaleString('en-US')}`;
  const total = result.total;
  if (result.mode === 'lexical') return total === undefined ? html`${range}` : html`${range} of ${total.toLocaleString('en-US')}`;
  const words = total === undefined ? '' : ` · ${counted(total, 'paper')} with the words`;
  return html`${range} <span class="mode">(${result.mode === 'hybrid' ? 'by words and meaning' : 'by meaning'}${words})</span>`;
}

/**
 * The search as a subscription value: the query with the author and category fields in query
 * syntax (dates are left out: a subscription is about papers still to come).
 */
function subscriptionQuery(p: SearchParams): string {
  const author = p.author.replace(/"/g, '').trim();
  return [p.q, author ? `author:"${author}"` : '', p.category ? `cat:${p.category.replace(/\s+/g, '')}` : ''].filter(Boolean).join(' ');
}

/** "Subscribe to this search" and, with an author filter, "Follow author". */
function searchActions(ctx: PageContext, p: SearchParams, subs: SubscriptionRecord[]): SafeHtml {
  const value = subscriptionQuery(p);
  const has = (kind: SubscriptionRecord['kind'], v: string) => subs.some((s) => s.kind === kind && s.value.toLowerCase() === v.toLowerCase());
  const author = p.author.trim();
  return html`<div class="search-actions">${value ? subscribeButton(ctx, 'search', value, { label: 'Subscribe to this search', subscribed: has('search', value) }) : ''}${
    author ? subscribeButton(ctx, 'author', author, { label: `Follow author ${author}`, subscribed: has('author', author) }) : ''
  }</div>`;
}

function warningList(warnings: string[]): SafeHtml | '' {
  return warnings.length ? html`<ul class="warnings" role="status">${warnings.map((w) => html`<li>${w}</li>`)}</ul>` : '';
}

function noResults(p: SearchParams, hasFilters: boolean): SafeHtml {
  return html`<section class="no-results">
<h2>No papers match${p.q ? html` <q>${p.q}</q>` : ''}</h2>
<ul>
  <li>Use fewer or more general words: every <code>+word</code> and <code>"phrase"</code> must match.</li>
  ${hasFilters ? html`<li>Remove a filter (dates, author, category): <a href="${urls.search({ q: p.q, mode: p.mode })}">search without filters</a>.</li>` : ''}
  <li>Check the spelling, or end a word with <code>*</code> to match its beginning (<code>transform*</code>).</li>
  <li>Filters in the query narrow results too: <code>author:</code>, <code>cat:</code>, <code>year:</code>, <code>after:</code>, <code>before:</code>.</li>
</ul>
${syntax()}
</section>`;
}

function tips(): SafeHtml {
  return html`<section class="tips">
<h2>Search the library</h2>
<p>Type words to find papers by title and abstract; the best matches come first.</p>
${syntax()}
</section>`;
}

function syntax(): SafeHtml {
  return html`<table class="syntax">
<caption>Query syntax</caption>
<tbody>
<tr><td><code>mixture of experts</code></td><td>any of the words, best matches first</td></tr>
<tr><td><code>"dense retrieval"</code></td><td>the exact phrase</td></tr>
<tr><td><code>+routing</code></td><td>must contain the word</td></tr>
<tr><td><code>-survey</code></td><td>must not contain the word</td></tr>
<tr><td><code>transform*</code></td><td>words starting with…</td></tr>
<tr><td><code>author:"Jane Doe"</code></td><td>by an author</td></tr>
<tr><td><code>cat:cs.CL</code> or <code>cat:cs</code></td><td>in a category or archive</td></tr>
<tr><td><code>year:2024</code>, <code>year:2020..2023</code></td><td>published in a year or range</td></tr>
<tr><td><code>after:2024-01-01</code>, <code>before:2024-06-30</code></td><td>published after or before a date</td></tr>
</tbody>
</table>`;
}
