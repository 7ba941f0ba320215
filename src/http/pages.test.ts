import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bibtexParser } from '../sources/bibtex.js';
import { CSRF, fixturePath, unsafeMarkup, webFixture, type WebFixture } from './test-support/pages-app.js';

let f: WebFixture;
const USER = { 'x-test-user': 'Ann <b>Reader</b>' };

/** 35 papers on one day (more than a page), distinct enough that none merge. */
function manyPapers(): string {
  const words = 'alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega orbit comet nebula quasar pulsar photon proton neutron lepton quark gluon boson fermion'.split(' ');
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = [];
  for (let i = 0; i < 35; i++) {
    const abstract = Array.from({ length: 40 }, () => words[Math.floor(rand() * words.length)]).join(' ');
    lines.push(JSON.stringify({ title: `Generated Study Number ${i} of ${words[i % words.length]} Things`, abstract: `Study ${i}: ${abstract}.`, date: '2024-04-01', upvotes: i % 7 }));
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  f = await webFixture();
  await f.ingest(fixturePath('web-papers.jsonl'), f.write('many.jsonl', manyPapers()));
});
afterAll(async () => {
  await f.close();
});

const cardsIn = (page: string) => [...page.matchAll(/<article class="card"/g)].length;
const paperLinks = (page: string) => [...page.matchAll(/<h2 class="card-title"><a href="([^"]+)"/g)].map((m) => m[1]!);
const attr = (s: string) => s.replace(/&amp;/g, '&');

describe('every page is safe markup', () => {
  const pages = [
    '/',
    '/day/2024-05-01',
    '/day/2024-05-02?sort=newest',
    '/week/2024-05-01',
    '/month/2024-05',
    '/search',
    '/search?q=routers',
    '/search?q=%3Cscript%3Ealert(1)%3C/script%3E',
    '/search?q=alert',
    '/search?q=zzzqqq',
    '/search?q=unicode&partial=1',
    '/paper/2405.01234',
    '/paper/10.5555/unicode.2024',
    '/library',
    '/login',
    '/login?next=javascript:alert(1)',
    '/paper/nope',
    '/day/2024-13-45',
  ];
  for (const path of pages) {
    it(path, async () => {
      for (const headers of [{}, USER]) {
        let res = await f.get(path, headers);
        if (res.status === 301) res = await f.get(res.headers.get('location')!, headers);
        expect(res.status).toBeLessThan(500);
        expect(unsafeMarkup(res.text)).toEqual([]);
        expect(res.text).not.toContain('<b>Reader</b>');
      }
    });
  }
});

describe('daily list', () => {
  it('/ shows the latest day with papers', async () => {
    const res = await f.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('Monday, 10 June 2024');
    expect(res.text).toContain('Dense Passage Retrieval for Scientific Claims');
    expect(res.text).toMatch(/rel="prev" href="\/day\/2024-05-06"/);
  });

  it('a day: sorted by upvotes, cards with authors, categories, links, badge and clamped abstract', async () => {
    const { text } = await f.get('/day/2024-05-01');
    expect(paperLinks(text)).toEqual(['/paper/2405.04321', '/paper/2405.01234', expect.stringMatching(/^\/paper\/pb-/)]);
    expect(text).toContain('Chidi Okafor, Dana Ruiz, Eli Stone and 3 more');
    expect(text).toContain('title derived from the abstract');
    expect(text).toContain('href="https://arxiv.org/abs/2405.04321"');
    expect(text).toContain('href="https://arxiv.org/pdf/2405.04321"');
    expect(text).toContain('<a class="cat" href="/search?category=cs.CL">cs.CL</a>');
    expect(text).toContain('<p class="abstract">');
    // Navigation to the nearest days with papers, and the sort toggle.
    expect(text).toMatch(/rel="prev" href="\/day\/2024-04-01"/);
    expect(text).toMatch(/rel="next" href="\/day\/2024-05-02"/);
    expect(text).toContain('href="/day/2024-05-01?sort=newest"');
    // The data's own markup never comes through.
    expect(text).toContain('Sparse Routers &lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain('javascript:');
  });

  it('upvote: a form with the CSRF token when signed in, a sign-in link otherwise', async () => {
    const signedIn = (await f.get('/day/2024-05-01', USER)).text;
    expect(signedIn).toContain('action="/papers/2405.04321/upvote" data-upvote="/api/papers/2405.04321/upvote"');
    expect(signedIn).toContain(`<input type="hidden" name="csrf" value="${CSRF}">`);
    // The account is a menu, so the header keeps one row: the name, then Subscriptions and Sign out.
    expect(signedIn).toContain('<span class="visually-hidden">Signed in as </span><strong>Ann &lt;b&gt;Reader&lt;/b&gt;</strong>');
    expect(signedIn).toContain('action="/logout"');
    const anonymous = (await f.get('/day/2024-05-01')).text;
    expect(anonymous).not.toContain('data-upvote');
    expect(anonymous).toContain('href="/login?next=%2Fday%2F2024-05-01"');
  });

  it('sort=newest orders a week by date', async () => {
    const { text } = await f.get('/week/2024-05-01?sort=newest');
    expect(cardsIn(text)).toBe(5);
    // The two papers of 2 May (Unicode 0 upvotes, Braces 1) come before those of 1 May.
    const at = (s: string) => text.indexOf(s);
    expect(at('Braces')).toBeLessThan(at('Zoë’s'));
    expect(at('Zoë’s')).toBeLessThan(at('Calibrating Reward Models'));
    expect(at('Calibrating Reward Models')).toBeLessThan(at('CartesianMoE'));
  });

  it('week and month: the right range and neighbours', async () => {
    const week = (await f.get('/week/2024-05-01')).text;
    expect(week).toContain('Week of 29 Apr 2024 – 5 May 2024');
    expect(cardsIn(week)).toBe(5);
    expect(week).not.toContain('Retrieval When Unsure');
    expect(week).toMatch(/rel="next" href="\/week\/2024-05-06"/);
    expect(week).toMatch(/rel="prev" href="\/week\/2024-04-01"/);
    const month = (await f.get('/month/2024-05')).text;
    expect(month).toContain('May 2024');
    expect(cardsIn(month)).toBe(6);
    expect(month).toMatch(/rel="next" href="\/month\/2024-06"/);
  });

  it('cursor pagination: a next link, then the rest, no repeats', async () => {
    const first = (await f.get('/day/2024-04-01')).text;
    expect(cardsIn(first)).toBe(30);
    const more = /<a rel="next" href="([^"]*cursor=[^"]+)">More papers/.exec(first);
    expect(more).not.toBeNull();
    const second = (await f.get(attr(more![1]!))).text;
    expect(cardsIn(second)).toBe(5);
    expect(second).not.toContain('More papers');
    expect(second).toContain('First page');
    const all = [...paperLinks(first), ...paperLinks(second)];
    expect(new Set(all).size).toBe(35);
    // Newest keeps its sort across pages.
    const newest = (await f.get('/day/2024-04-01?sort=newest')).text;
    expect(newest).toMatch(/href="\/day\/2024-04-01\?sort=newest&amp;cursor=/);
  });

  it('bad dates and cursors get clear pages', async () => {
    expect((await f.get('/day/2024-02-30')).status).toBe(404);
    expect((await f.get('/month/2024-13')).status).toBe(404);
    const bad = await f.get('/day/2024-04-01?cursor=garbage');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Start from the first page');
    const empty = await f.get('/day/2020-01-01');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('No papers listed on this day');
  });

  it('days at the ends of the calendar: the day itself, or a clear 404 for a week or month that does not fit', async () => {
    for (const path of ['/week/9999-12-31', '/week/1000-01-01', '/month/0999-12', '/day/10000-01-01']) {
      const res = await f.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).toMatch(/between 1000-01-01 and 9999-12-31/);
    }
    const last = await f.get('/day/9999-12-31');
    expect(last.status).toBe(200);
    // Its month fits; its week (into year 10000) does not, so there is no link to it.
    expect(last.text).toContain('href="/month/9999-12"');
    expect(last.text).not.toContain('href="/week/');
    const month = await f.get('/month/9999-12');
    expect(month.status).toBe(200);
    expect(month.text).toContain('December 9999');
    expect((await f.get('/week/9999-12-25')).status).toBe(200);
  });
});

describe('search', () => {
  it('no query: tips on the syntax', async () => {
    const { text } = await f.get('/search');
    expect(text).toContain('Query syntax');
    expect(text).toContain('id="results"');
  });

  it('results with highlighted terms and escaped text', async () => {
    const { text } = await f.get('/search?q=reward+length');
    expect(text).toContain('Calibrating Reward Models Against Length Bias');
    expect(text).toMatch(/<mark>[Rr]eward<\/mark>/);
    expect(text).toContain('value="reward length"');
  });

  it('the query is escaped wherever it is echoed', async () => {
    const { text } = await f.get('/search?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(text).not.toMatch(/<script>alert/);
    expect(text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('partial=1 returns just the results fragment', async () => {
    const res = await f.get('/search?q=retrieval&partial=1');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).not.toContain('<header');
    expect(res.text).toContain('Retrieval When Unsure');
  });

  it('no results: what to try', async () => {
    const { text } = await f.get('/search?q=zzzqqq&category=cs.CL');
    expect(text).toContain('No papers match');
    expect(text).toContain('fewer or more general words');
    expect(text).toContain('search without filters');
  });

  it('filters narrow; a bad date is a warning; no mode selector without embeddings', async () => {
    const all = (await f.get('/search?q=retrieval')).text;
    expect(all).toContain('Dense Passage Retrieval');
    const ir = (await f.get('/search?q=retrieval&from=2024-06-01')).text;
    expect(ir).toContain('Dense Passage Retrieval');
    expect(ir).not.toContain('Retrieval When Unsure');
    const bad = (await f.get('/search?q=retrieval&from=yesterday')).text;
    expect(bad).toContain('is not a date');
    expect(all).not.toContain('name="mode"');
    const semantic = (await f.get('/search?q=retrieval&mode=semantic')).text;
    expect(semantic).toContain('needs embeddings');
    expect(semantic).toContain('Dense Passage Retrieval');
  });

  it('query warnings are shown', async () => {
    const { text } = await f.get('/search?q=the+of');
    expect(text).toContain('class="warnings"');
  });
});

describe('honest lists: counts, category filter, compact view, plurals, Top without upvotes', () => {
  it('a day counts its papers and filters by category, the chips showing arXiv case', async () => {
    const { text } = await f.get('/day/2024-05-01');
    expect(text).toContain('<p class="period-count">3 papers on this day</p>');
    expect(text).toMatch(/<nav class="category-filter" aria-label="Category"><a href="\/day\/2024-05-01" aria-current="true" class="current">All<\/a>/);
    expect(text).toContain('<a href="/day/2024-05-01?category=cs.LG">cs.LG <span class="n">2</span></a>');
    const lg = (await f.get('/day/2024-05-01?category=cs.LG')).text;
    expect(lg).toContain('2 papers in <strong>cs.LG</strong> on this day');
    expect(paperLinks(lg)).toHaveLength(2);
    expect(paperLinks(lg)).not.toContain('/paper/2405.04321');
    // The sort keeps the filter.
    expect(lg).toContain('href="/day/2024-05-01?sort=newest&amp;category=cs.LG"');
    expect((await f.get('/week/2024-04-01')).text).toContain('35 papers in this week');
  });

  it('a compact list view, chosen by a plain link and remembered in a cookie', async () => {
    const cards = await f.get('/day/2024-04-01');
    expect(cardsIn(cards.text)).toBe(30);
    expect(cards.text).toContain('<a href="/day/2024-04-01?view=list">List</a>');
    const list = await f.get('/day/2024-04-01?view=list');
    expect(cardsIn(list.text)).toBe(0);
    expect([...list.text.matchAll(/<li class="row" data-card>/g)]).toHaveLength(30);
    const cookie = list.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pb_view=list;/);
    // Later pages (search too) keep the choice through the cookie.
    expect([...(await f.get('/search?q=study', { cookie: 'pb_view=list' })).text.matchAll(/<li class="row"/g)].length).toBeGreaterThan(0);
    expect(cardsIn((await f.get('/day/2024-04-01?view=cards', { cookie: 'pb_view=list' })).text)).toBe(30);
  });

  it('says "1 upvote", not "1 upvotes"', async () => {
    const { text } = await f.get('/day/2024-04-01?sort=newest');
    expect(text).toContain('aria-label="1 upvote; sign in to upvote"');
    expect(text).toContain('aria-label="2 upvotes; sign in to upvote"');
    expect(text).not.toMatch(/\b1 upvotes\b/);
    expect((await f.get('/day/2024-04-01', USER)).text).toContain('<span class="visually-hidden count-noun"> upvote</span>');
  });

  it('Top falls back to the newest, and says so, where no paper has an upvote', async () => {
    const bare = await webFixture();
    try {
      const listing = ['2024-02-05', '2024-02-07', '2024-02-06'].map((date, i) =>
        JSON.stringify({ arxiv_id: `2402.0000${i}`, title: `Unvoted Listing Number ${i}`, abstract: `An arXiv listing without upvotes, number ${i}.`, date }),
      );
      await bare.ingest(bare.write('arxiv.jsonl', listing.join('\n')));
      const { text } = await bare.get('/week/2024-02-05');
      expect(text).toContain('No paper in this week has an upvote yet, so they are listed newest first.');
      expect(paperLinks(text)).toEqual(['/paper/2402.00001', '/paper/2402.00002', '/paper/2402.00000']);
      expect((await bare.get('/trending')).text).toContain('has an upvote yet, so these are the newest.');
      // With an upvote somewhere, Top is by upvotes again.
      expect((await f.get('/day/2024-05-01')).text).not.toContain('top-fallback');
    } finally {
      await bare.close();
    }
  });

  it('search counts its results and sorts by date', async () => {
    const { text } = await f.get('/search?q=study');
    const total = Number(/Results 1–20 of ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ''));
    expect(total).toBeGreaterThanOrEqual(35);
    const byDate = (await f.get('/search?q=retrieval&sort=date')).text;
    expect(byDate).toContain('aria-current="true" class="current">Newest</a>');
    const dates = [...byDate.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]!);
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('shows sources by name, never the server path, unless the reader is an admin', async () => {
    const dir = fixturePath('web-papers.jsonl').replace(/\/web-papers\.jsonl$/, '');
    for (const headers of [{}, USER]) {
      for (const page of ['/paper/2405.01234', '/library']) {
        const { text } = await f.get(page, headers);
        expect(text).toContain('<td class="file">web-papers.jsonl</td>');
        expect(text).not.toContain(dir);
      }
    }
    const admin = { ...USER, 'x-test-admin': '1' };
    expect((await f.get('/paper/2405.01234', admin)).text).toContain(`<td class="file">${dir}/web-papers.jsonl</td>`);
    expect((await f.get('/library', admin)).text).toContain(`${dir}/web-papers.jsonl`);
  });
});

describe('paper page', () => {
  it('renders math with KaTeX, safe links only, and the paper details', async () => {
    const { status, text } = await f.get('/paper/2405.01234');
    expect(status).toBe(200);
    expect(text).toContain('class="katex"');
    expect(text).toContain('class="katex-display"');
    // Anchored a sentence at a time (for ask's citations) without losing the math.
    expect(text).toContain('<span class="sentence" id="s-0">Mixture-of-Experts models route each token to a few experts.</span> <span class="sentence" id="s-1">We propose <span class="katex">');
    expect(text).toContain('class="mord textbf">M</span>');
    expect(text).toContain('<a href="https://example.org/magnitude" rel="nofollow noopener noreferrer">the project page</a>');
    expect(text).toContain('see click and');
    expect(text).not.toMatch(/href="\s*javascript:/i);
    expect(text).toContain('<strong>NoDrop</strong>');
    expect(text).toContain('<strong>no</strong>');
    // The stable URL is absolute only from PAPERBOY_BASE_URL or the server's own address, never from Host.
    expect(text).toContain('<dt>Stable URL</dt><dd><a href="/paper/2405.01234">/paper/2405.01234</a></dd>');
    expect(text).toContain('href="/paper/2405.01234.bib"');
    expect(text).toContain('web-papers.jsonl');
    expect(text).toMatch(/<td>jsonl<\/td><td>1<\/td><td>2024-05-01<\/td>/);
    expect(text).toContain('Related papers');
  });

  it('aliases redirect to the canonical id', async () => {
    const res = await f.get('/paper/2405.01234v3');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/paper/2405.01234');
    const doi = await f.get('/paper/10.5555/unicode.2024');
    const target = doi.status === 301 ? doi.headers.get('location')! : '/paper/10.5555/unicode.2024';
    const page = (await f.get(target)).text;
    expect(page).toContain('Zoë’s naïve café 🚀 — 東京');
    expect(page).toContain('مرحبا');
  });

  it('unknown papers are 404', async () => {
    const res = await f.get('/paper/2501.99999');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No such paper');
  });

  it('BibTeX export: the content type, balanced braces, escaped fields, arXiv eprint', async () => {
    const res = await f.get('/paper/2405.01234.bib');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/x-bibtex');
    expect(res.text).toMatch(/^@misc\{lima2024\w+,\n/);
    expect(res.text).toContain('eprint        = {2405.01234}');
    expect(res.text).toContain('archivePrefix = {arXiv}');
    const search = (await f.get('/search?q=torture')).text;
    const id = /href="\/paper\/([^"]+)" data-open/.exec(search)![1]!;
    const bib = (await f.get(`/paper/${id}.bib`)).text;
    expect(bib.startsWith('@article{')).toBe(true);
    let depth = 0;
    for (const ch of bib) {
      depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const items = [...bibtexParser.parse(bib, { file: 'x.bib', today: '2024-07-01', firstLine: 1 })];
    expect(items).toHaveLength(1);
    expect(items[0]!.ok).toBe(true);
    if (items[0]!.ok) {
      expect(items[0]!.record.title).toContain('in a Title');
      expect(items[0]!.record.doi).toBe('10.1234/braces_{x}');
      expect(bib).toContain('{{Braces unbalanced and 100\\% \\& $x_1$ \\# \\textasciitilde{} \\textasciicircum{} in a Title}}');
      expect(bib).toContain('Smith \\textbraceleft{}Jr.\\textbraceright{}, John');
      expect(bib).toMatch(/^@article\{obrien2024braces,/);
    }
  });
});

describe('library, login, assets', () => {
  it('library page: counts, files, embeddings, how to add more', async () => {
    const { text } = await f.get('/library');
    expect(text).toMatch(/<dt>Papers<\/dt><dd>42<\/dd>/);
    expect(text).toMatch(/<dt>Derived titles<\/dt><dd>1<\/dd>/);
    expect(text).toContain('web-papers.jsonl');
    expect(text).toContain('npx paperboy ingest FILE…');
    expect(text).toContain('npx paperboy embed');
    expect(text).toContain('Embeddings: none');
    expect(text).toContain('/api/');
  });

  it('login: the form fields the POST handler expects; next stays on this site', async () => {
    const { text } = await f.get('/login?next=%2Fday%2F2024-05-01');
    expect(text).toContain('<form method="post" action="/login"');
    for (const name of ['name', 'password', 'csrf', 'next']) expect(text).toContain(`name="${name}"`);
    expect(text).toContain(`value="${CSRF}"`);
    expect(text).toContain('name="next" value="/day/2024-05-01"');
    for (const evil of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect((await f.get(`/login?next=${encodeURIComponent(evil)}`)).text).toContain('name="next" value="/"');
    }
  });

  it('serves the stylesheet, script and KaTeX assets with cache headers', async () => {
    const page = (await f.get('/')).text;
    const css = /href="(\/assets\/style\.css\?v=\w+)"/.exec(page)![1]!;
    const res = await f.app.request(css);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/css');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('prefers-color-scheme: dark');
    const plain = await f.app.request('/assets/app.js');
    expect(plain.headers.get('content-type')).toContain('javascript');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = plain.headers.get('etag')!;
    expect((await f.app.request('/assets/app.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const katexCss = await f.app.request('/assets/katex/katex.min.css');
    const fontName = /url\(fonts\/(KaTeX_[\w-]+\.woff2)\)/.exec(await katexCss.text())![1]!;
    const font = await f.app.request(`/assets/katex/fonts/${fontName}`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await f.app.request('/assets/katex/fonts/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

describe('an empty library', () => {
  it('welcomes with the exact commands to ingest', async () => {
    const empty = await webFixture();
    try {
      const res = await empty.get('/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Welcome to paperboy');
      expect(res.text).toContain('npx paperboy ingest FILE…');
      expect(res.text).toContain('npx paperboy embed');
      expect(unsafeMarkup(res.text)).toEqual([]);
      const search = await empty.get('/search?q=anything');
      expect(search.text).toContain('No papers match');
      expect((await empty.get('/library')).text).toContain('No files ingested yet');
    } finally {
      await empty.close();
    }
  });
});
