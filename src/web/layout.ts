/**
 * The page shell every page shares: head (stylesheet, KaTeX CSS, the deferred client script;
 * no inline script anywhere), the header with the one search box and the account area, and the
 * footer. The search form has id `site-search`; the search page's filters join it through the
 * `form` attribute, so there is one form whether or not JavaScript runs.
 */
import { assetUrl } from './assets.js';
import { html, type SafeHtml } from '../core/html.js';
import { CLIENT_URLS, urls } from '../core/urls.js';

/** Built per request by http/page-context.ts: the view kit knows nothing of HTTP. */
export interface PageContext {
  user: { id: number; name: string } | undefined;
  csrf: string;
  /** The current path and query, for `next` after signing in or voting. */
  here: string;
}

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  /** The query to show in the search box. */
  q?: string;
  /** Which nav entry is current. */
  nav?: 'today' | 'search' | 'ask' | 'topics' | 'map' | 'trending' | 'library' | 'login' | 'subscriptions';
  /** A description for link previews. */
  description?: string;
  canonical?: string;
}

export function layout(ctx: PageContext, o: LayoutOptions): string {
  const current = (name: LayoutOptions['nav']) => (o.nav === name ? html` aria-current="page"` : '');
  // Signed in, the account is a menu (a <details>: no script needed), so the header keeps one row.
  const account = ctx.user
    ? html`<details class="account">
  <summary class="signed-in" title="Signed in as ${ctx.user.name}"><span class="visually-hidden">Signed in as </span><strong>${ctx.user.name}</strong></summary>
  <div class="account-menu">
    <a href="${urls.subscriptions}"${current('subscriptions')}>Subscriptions</a>
    <form class="inline" method="post" action="${urls.logout}">
      <input type="hidden" name="csrf" value="${ctx.csrf}">
      <button type="submit" class="link-button">Sign out</button>
    </form>
  </div>
</details>`
    : html`<a class="account" href="${urls.login({ next: ctx.here === urls.login() ? undefined : ctx.here })}"${current('login')}>Sign in</a>`;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<title>${o.title} · paperboy</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
${o.canonical ? html`<link rel="canonical" href="${o.canonical}">` : ''}
<link rel="stylesheet" href="${assetUrl('style.css')}">
<link rel="stylesheet" href="${assetUrl('katex/katex.min.css')}">
<script src="${assetUrl('app.js')}" defer></script>
</head>
<body data-urls="${JSON.stringify(CLIENT_URLS)}">
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="${urls.home}">paperboy</a>
  <form class="site-search" id="site-search" role="search" method="get" action="${urls.search()}">
    <label class="visually-hidden" for="q">Search papers</label>
    <input type="search" id="q" name="q" value="${o.q ?? ''}" placeholder="Search papers (press /)" autocomplete="off" spellcheck="false">
    <button type="submit">Search</button>
  </form>
  <nav class="site-nav" aria-label="Main">
    <a href="${urls.home}"${current('today')}>Daily</a>
    <a href="${urls.ask()}"${current('ask')}>Ask</a>
    <a href="${urls.topics}"${current('topics')}>Topics</a>
    <a href="${urls.map}"${current('map')}>Map</a>
    <a href="${urls.trending}"${current('trending')}>Trending</a>
    <a href="${urls.library}"${current('library')}>Library</a>
  </nav>
  ${account}
</header>
<main id="main" tabindex="-1">
${o.body}
</main>
<footer class="site">
  <p>paperboy · keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous paper, <kbd>Enter</kbd> open, <kbd>/</kbd> search</p>
</footer>
</body>
</html>`}`;
}
