/**
 * Every path the web app links or redirects to, in one place: the pages, their forms, the feeds,
 * unsubscribing, and the API paths the pages' script calls. Pages, the API's redirects and
 * digests (emails and feeds, under a base URL) build links only through these; the routers
 * declare the same paths as patterns beside their handlers (http/routes/<feature>), and
 * http/route-sweep.test.ts follows every link and redirect a page carries.
 */

/** A path segment list made safe for a URL path, keeping `/` (old arXiv ids and DOIs hold one). */
export const pathPart = (s: string): string => s.split('/').map(encodeURIComponent).join('/');

/** Query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

type Params = Record<string, string | number | undefined>;

export const urls = {
  home: '/',
  day: (day: string): string => `/day/${day}`,
  /** The ISO week starting on `monday`. */
  week: (monday: string): string => `/week/${monday}`,
  /** `month` as YYYY-MM. */
  month: (month: string): string => `/month/${month}`,
  search: (params: Params = {}): string => `/search${query(params)}`,
  ask: (params: { q?: string; paper?: string } = {}): string => `/ask${query(params)}`,
  paper: (id: string): string => `/paper/${pathPart(id)}`,
  /** The anchor of one abstract sentence on the paper page (ask's citations open it). */
  paperSentence: (id: string, sentenceIndex: number): string => `${urls.paper(id)}#s-${sentenceIndex}`,
  paperBibtex: (id: string): string => `${urls.paper(id)}.bib`,
  topics: '/topics',
  topic: (id: string, params: Params = {}): string => `/topics/${encodeURIComponent(id)}${query(params)}`,
  map: '/map',
  trending: '/trending',
  library: '/library',
  login: (params: { next?: string; error?: string } = {}): string => `/login${query({ error: params.error, next: params.next })}`,
  logout: '/logout',
  subscriptions: '/subscriptions',
  subscriptionDelete: (id: number): string => `/subscriptions/${id}/delete`,
  accountEmail: '/account/email',
  /** The upvote form's target, and the API the client script posts to instead. */
  upvoteForm: (id: string): string => `/papers/${encodeURIComponent(id)}/upvote`,
  upvoteApi: (id: string): string => `/api/papers/${encodeURIComponent(id)}/upvote`,
  unsubscribe: (token?: string): string => `/unsubscribe${query({ token })}`,
  feed: (subscriptionId: number, format: 'atom' | 'json', token: string): string => `/feeds/${subscriptionId}.${format}${query({ token })}`,
  api: '/api',
  openApi: '/api/openapi.json',
  asset: (name: string, version?: string): string => `/assets/${name}${query({ v: version })}`,
} as const;

/** The paths the client script (web/assets/app.js) builds links to, given to it on `<body data-urls>`. */
export const CLIENT_URLS = { paper: urls.paper(''), search: urls.search(), ask: urls.ask(), askApi: '/api/ask', login: urls.login() };
