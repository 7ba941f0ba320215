import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperSentences } from '../../../ask/sentences.js';
import { unsafeMarkup, webFixture, type WebFixture } from '../../test-support/pages-app.js';

const ASK_PAPERS = fileURLToPath(new URL('../../fixtures/ask-papers.jsonl', import.meta.url));
const SOLAR_QUOTE = 'Solar sails use the radiation pressure of sunlight for propulsion.';

let f: WebFixture;
beforeAll(async () => {
  f = await webFixture([ASK_PAPERS]);
});
afterAll(async () => f.close());

const ask = (q: string, paper?: string) => f.get(`/ask?q=${encodeURIComponent(q)}${paper ? `&paper=${encodeURIComponent(paper)}` : ''}`);
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('/ask', () => {
  it('answers with numbered citation marks linking to the cited sentence, each showing its quote', async () => {
    const { status, text } = await ask('What do solar sails use for propulsion?');
    expect(status).toBe(200);
    expect(unsafeMarkup(text)).toEqual([]);
    expect(text).toContain('<h2 class="question">What do solar sails use for propulsion?</h2>');
    expect(text).toMatch(/<p class="why">[^<]+<\/p>/);
    const marks = [...text.matchAll(/<a class="cite" href="([^"]+)" title="([^"]*)" aria-describedby="(cite-tip-\d+)">\[(\d+)\]<\/a><span class="cite-tip" role="tooltip" id="([^"]+)">“([^<]*)”<\/span>/g)];
    expect(marks.length).toBeGreaterThan(0);
    const [, href, title, describedBy, n, tipId, tip] = marks[0]!;
    expect(href).toBe('/paper/2405.20001#s-0');
    expect(n).toBe('1');
    expect(unescape(title!)).toBe(SOLAR_QUOTE);
    expect(unescape(tip!)).toBe(SOLAR_QUOTE);
    expect(describedBy).toBe(tipId);
    // The sources, grouped by paper, repeat the quote under the paper's title.
    expect(text).toMatch(/<section class="sources"[\s\S]*<a class="source-title" href="\/paper\/2405.20001">Solar Sails Propelled by Sunlight<\/a>[\s\S]*<a href="\/paper\/2405.20001#s-0">\[1\]<\/a> <q>Solar sails use/);
  });

  it('each mark points at an anchor on the paper page holding exactly the quoted sentence', async () => {
    const { text } = await ask('What do solar sails use for propulsion?');
    const targets = [...new Set([...text.matchAll(/<a class="cite" href="\/paper\/([^"#]+)#s-(\d+)" title="([^"]*)"/g)].map((m) => `${m[1]}|${m[2]}|${m[3]}`))];
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      const [id, index, quote] = target.split('|') as [string, string, string];
      const paper = await f.get(`/paper/${id}`);
      const sentence = new RegExp(`<span class="sentence" id="s-${index}">([^<]*)</span>`).exec(paper.text);
      expect(sentence, target).not.toBeNull();
      expect(unescape(sentence![1]!)).toBe(unescape(quote));
    }
  });

  it('escapes everything from papers and from the question', async () => {
    const echoed = await ask('<script>alert(1)</script> What do tidal forces do to moons?');
    expect(unsafeMarkup(echoed.text)).toEqual([]);
    expect(echoed.text).toContain('<h2 class="question">&lt;script&gt;alert(1)&lt;/script&gt; What do tidal forces');
    const { text } = await ask('What do tidal forces do to moons?');
    expect(unsafeMarkup(text)).toEqual([]);
    // The cited paper's title holds a script tag, its abstract a <b>: never markup.
    expect(text).toMatch(/<a class="source-title" href="\/paper\/2405.20003">[^<]*Tidal Locking of Moons<\/a>/);
    expect(text).not.toContain("<script>alert('ask')");
    const paper = await f.get('/paper/2405.20003');
    expect(unsafeMarkup(paper.text)).toEqual([]);
    expect(paper.text).toMatch(/<span class="sentence" id="s-1">[^<]*tidal locking[^<]*<\/span>/);
  });

  it('abstains plainly and shows what the library does contain', async () => {
    const { status, text } = await ask('What is the boiling point of liquid nitrogen at high altitude?');
    expect(status).toBe(200);
    expect(text).toContain('No answer: the library does not say');
    // The note names the closest papers; those the library holds are links.
    expect(text).toMatch(/<p class="note">[^<]+Closest papers: [^<]+\(<a href="\/paper\/2405\.2000\d">2405\.2000\d<\/a>\)/);
    expect(text).toMatch(/<a href="\/search\?q=[^"]+">Search the library for/);
    expect(text).not.toContain('class="cite"');
  });

  it('without a question: the box and a hint; an unknown paper: 404', async () => {
    const empty = await f.get('/ask');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('<form class="ask-box" method="get" action="/ask" data-ask>');
    expect(empty.text).not.toContain('class="answer"');
    expect((await ask('what?', 'nope.0000')).status).toBe(404);
  });

  it('scoped to a paper: the heading names it and the box keeps the paper', async () => {
    const { text } = await ask('How is distance encoded?', '2405.20002');
    expect(text).toContain('Ask about <a href="/paper/2405.20002">The Waggle Dance of Honeybees Encodes Distance</a>');
    expect(text).toContain('<input type="hidden" name="paper" value="2405.20002">');
    for (const m of text.matchAll(/<a class="cite" href="\/paper\/([^"#]+)#/g)) expect(m[1]).toBe('2405.20002');
  });
});

describe('ask boxes', () => {
  it('the library page has one', async () => {
    const { text } = await f.get('/library');
    expect(text).toMatch(/<form class="ask-box" method="get" action="\/ask" data-ask>\s*<label for="ask-q">Ask the library a question<\/label>/);
    expect(text).not.toContain('name="paper"');
  });

  it('each paper page has "Ask about this paper", carrying the paper id, and anchors every abstract sentence', async () => {
    const { text } = await f.get('/paper/2405.20002');
    expect(text).toContain('<label for="ask-q">Ask about this paper</label>');
    expect(text).toContain('<input type="hidden" name="paper" value="2405.20002">');
    const paper = (await f.library.store.getPaper('2405.20002'))!;
    const sentences = paperSentences(paper);
    expect(sentences.length).toBe(3);
    sentences.forEach((s, i) => expect(text).toContain(`<span class="sentence" id="s-${i}">${s}</span>`));
  });

  it('an empty library says so instead of answering', async () => {
    const empty = await webFixture();
    try {
      const { text } = await empty.get('/ask?q=anything');
      expect(text).toContain('The library is empty');
      expect(text).not.toContain('class="answer"');
      expect((await empty.get('/library')).text).not.toContain('class="ask-box"');
    } finally {
      await empty.close();
    }
  });
});
