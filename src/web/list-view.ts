/**
 * Cards or a compact list: the reader's choice for paper lists (daily, search, topics), remembered
 * in a cookie. `?view=list` or `?view=cards` chooses (a plain link, so it works without
 * JavaScript) and sets the cookie; without the parameter the cookie decides, else cards.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { choiceLink } from './components.js';
import { html, type SafeHtml } from '../core/html.js';

export type ListView = 'cards' | 'list';

const COOKIE = 'pb_view';
const YEAR_SECONDS = 365 * 24 * 3600;

const asView = (v: string | undefined): ListView | undefined => (v === 'cards' || v === 'list' ? v : undefined);

/** The view for this request; a `view` parameter is remembered for the next ones. */
export function listView(c: Context): ListView {
  const asked = asView(c.req.query('view'));
  if (asked) {
    setCookie(c, COOKIE, asked, { path: '/', maxAge: YEAR_SECONDS, sameSite: 'Lax', httpOnly: true });
    return asked;
  }
  return asView(getCookie(c, COOKIE)) ?? 'cards';
}

/** The Cards | List switch: links to this page (`here`, path and query) with `view` set. */
export function viewSwitch(here: string, view: ListView): SafeHtml {
  const url = new URL(here, 'http://x');
  const link = (v: ListView, label: string) => {
    url.searchParams.set('view', v);
    return choiceLink(url.pathname + url.search, label, v === view);
  };
  return html`<span class="view-switch" role="group" aria-label="View">View: ${link('cards', 'Cards')} ${link('list', 'List')}</span>`;
}
