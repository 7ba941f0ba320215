import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themeCorpus, themePaper } from '../../../topics/test-support/theme-corpus.js';
import { trendChart } from '../../../web/trend-chart.js';
import { topicMap } from '../../../web/topic-map.js';
import { unsafeMarkup, webFixture, type WebFixture } from '../../test-support/pages-app.js';

let f: WebFixture;
const EVIL_TITLE = 'Galaxies <img src=x onerror=alert(1)> & "stellar" nebula';

beforeAll(async () => {
  f = await webFixture();
  // 3 themes × 12 papers plus one astronomy paper with markup in its title: they split into 3 topics.
  const records = [...themeCorpus(12), { ...themePaper('astronomy', 40), title: EVIL_TITLE }];
  await f.ingest(f.write('themes.jsonl', records.map((r) => JSON.stringify(r)).join('\n')));
  await f.library.topics({ wait: true });
});
afterAll(async () => f.close());

const topicLinks = (page: string) => [...page.matchAll(/<a class="topic-label" href="(\/topics\/[^"]+)">/g)].map((m) => m[1]!);

describe('trendChart', () => {
  const series = { weeks: ['2024-01-01', '2024-01-08', '2024-01-15'], papers: [4, 0, 7], upvotes: [10, 3, 0] };

  it('draws papers and upvotes with numbered axes and an accessible, escaped title', () => {
    const svg = trendChart(series, { title: 'Topic <b>&</b> "x"', detailed: true }).value;
    expect(svg).toMatch(/^<svg class="trend-chart"[^>]* role="img" aria-labelledby="(c\w+)-t \1-d"/);
    expect(svg).toContain('<title id="');
    expect(svg).toContain('>Topic &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot;</title>');
    expect(svg).toContain('3 weeks from 2024-01-01 to 2024-01-15: 11 papers (at most 7 a week), 13 upvotes.');
    // Axis labels: the papers maximum and 0 on the left, the upvotes maximum on the right, first and last week.
    for (const label of ['>7</text>', '>0</text>', '>10</text>', '>2024-01-01</text>', '>2024-01-15</text>']) expect(svg).toContain(label);
    expect(svg).toContain('<polygon class="papers"');
    expect(svg).toContain('<polyline class="upvotes"');
    expect(svg).toContain('<title>week of 2024-01-08: 0 papers, 3 upvotes</title>');
  });

  it('draws no upvote axis or line when no week has an upvote (no stray "0" on the right)', () => {
    const svg = trendChart({ weeks: series.weeks, papers: series.papers, upvotes: [0, 0, 0] }, { title: 'arXiv only', detailed: true }).value;
    expect(svg).not.toContain('upvote-axis');
    expect(svg).not.toContain('<polyline class="upvotes"');
    expect(svg).toContain('3 weeks from 2024-01-01 to 2024-01-15: 11 papers (at most 7 a week).');
    expect(svg).toContain('<title>week of 2024-01-08: 0 papers</title>');
    expect(trendChart({ weeks: ['2024-01-01'], papers: [1], upvotes: [1] }, { title: 'one', detailed: true }).value).toContain('1 week from 2024-01-01 to 2024-01-01: 1 paper (at most 1 a week), 1 upvote.');
  });

  it('keeps the small chart light (no per-week targets) and survives an empty series', () => {
    expect(trendChart(series, { title: 't' }).value).not.toContain('week of');
    const empty = trendChart({ weeks: [], papers: [], upvotes: [] }, { title: 'empty' }).value;
    expect(empty).toContain('0 weeks');
    expect(empty).not.toContain('NaN');
  });
});

describe('topicMap', () => {
  it('links every dot to its paper with an escaped hover title', () => {
    const svg = topicMap([{ id: '2401.0001', title: 'A <script> & b', topic: 1, x: 0, y: 0 }, { id: 'hep-th/9901001', title: 'B', topic: 0, x: 1, y: 2 }], 'map').value;
    expect(svg).toContain('<a href="/paper/2401.0001"><circle');
    expect(svg).toContain('<a href="/paper/hep-th/9901001">');
    expect(svg).toContain('<title>A &lt;script&gt; &amp; b</title>');
    expect(svg).not.toContain('NaN');
  });
});

describe('topic pages', () => {
  it('/topics lists every topic with its chart, counts and representative, and is in the nav', async () => {
    const { status, text } = await f.get('/topics');
    expect(status).toBe(200);
    expect(unsafeMarkup(text)).toEqual([]);
    expect(text).toContain('<a href="/topics" aria-current="page">Topics</a>');
    expect(text).toContain('3 topics over 37 papers, clustered on their words (TF-IDF)');
    expect(topicLinks(text)).toHaveLength(3);
    expect([...text.matchAll(/<svg class="trend-chart"/g)]).toHaveLength(3);
    expect(text).toMatch(/\d+ papers · \d+ upvotes · growth/);
    expect(text).toContain('e.g. <a href="/paper/');
  });

  it('/topics/:id shows the big chart, the representative, the subscribe button and papers newest first, paginated', async () => {
    const [first] = topicLinks((await f.get('/topics')).text);
    const { status, text } = await f.get(first!);
    expect(status).toBe(200);
    expect(unsafeMarkup(text)).toEqual([]);
    expect(text).toContain('Representative paper');
    // Signed out, the button asks to sign in and comes back here.
    expect(text).toContain(`<a class="subscribe" href="/login?next=${encodeURIComponent(first!)}" title="Sign in to subscribe">Subscribe to this topic</a>`);
    expect(text).toContain('week of ');
    const dates = [...text.matchAll(/<time datetime="([\d-]+)">/g)].map((m) => m[1]!).slice(1);
    expect(dates.length).toBeGreaterThan(1);
    expect([...dates].sort().reverse()).toEqual(dates);
    // Pages of 30: no topic here has 30 × 5 papers.
    expect((await f.get(`${first!}?page=6`)).text).toContain('No papers on this page.');
    expect((await f.get('/topics/no-such-topic')).status).toBe(404);
  });

  it('/map draws every paper as a linked dot coloured by topic, with a legend, escaping titles', async () => {
    const { status, text } = await f.get('/map');
    expect(status).toBe(200);
    expect(unsafeMarkup(text)).toEqual([]);
    expect(text).toContain('Showing all 37 papers.');
    expect([...text.matchAll(/<a href="\/paper\/[^"]+"><circle /g)]).toHaveLength(37);
    expect(text).toContain('<title>Galaxies &lt;img src=x onerror=alert(1)&gt; &amp; &quot;stellar&quot; nebula</title>');
    expect(text).not.toContain('<img src=x');
    expect([...text.matchAll(/<li><svg class="swatch"/g)]).toHaveLength(3);
  });

  it('two topics: the map spreads the papers in two dimensions, not on the line between two centroids', async () => {
    const two = await webFixture();
    try {
      const records = Array.from({ length: 20 }, (_, i) => [themePaper('astronomy', i), themePaper('law', i)]).flat();
      await two.ingest(two.write('two.jsonl', records.map((r) => JSON.stringify(r)).join('\n')));
      await two.library.topics({ wait: true });
      const map = (await two.get('/map')).text;
      expect(map).toContain('by the two directions along which the papers differ most');
      const ys = [...map.matchAll(/<a href="\/paper\/[^"]+"><circle cx="([\d.-]+)" cy="([\d.-]+)"/g)].map((m) => Number(m[2]));
      expect(ys).toHaveLength(40);
      expect(new Set(ys).size).toBeGreaterThan(10);
    } finally {
      await two.close();
    }
  });

  it('/trending lists growing topics and the most upvoted recent papers', async () => {
    // Evenly spread themes: nothing grows, and the page says so rather than list shrinking topics.
    expect((await f.get('/trending')).text).toContain('No topic grew in the last weeks.');
    // Astronomy papers in the last whole week (the newest day, a Monday, is a partial week).
    const dates = ['2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15'];
    await f.ingest(f.write('growth.jsonl', Array.from({ length: 8 }, (_, i) => JSON.stringify(themePaper('astronomy', 60 + i, dates[i % 5]))).join('\n')));
    await f.library.topics({ wait: true });
    const { status, text } = await f.get('/trending');
    expect(text).toContain("the library's newest days (2024-03-18) are part of a week");
    expect(status).toBe(200);
    expect(unsafeMarkup(text)).toEqual([]);
    expect(text).toContain('Topics growing fastest');
    expect(topicLinks(text).length).toBeGreaterThan(0);
    expect(text).toContain('Dated 2024-02-20 to 2024-03-18');
    expect(text).toContain('<article class="card"');
  });

  it('say so when the library has no topics', async () => {
    const empty = await webFixture();
    try {
      for (const path of ['/topics', '/map']) expect((await empty.get(path)).text).toContain('No topics yet');
      expect((await empty.get('/trending')).text).toContain('No dated papers yet.');
    } finally {
      await empty.close();
    }
  });
});
