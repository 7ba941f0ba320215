import { describe, expect, it } from 'vitest';
import { csvParser as parser } from './csv.js';
import { context, fixture, parseAll } from './test-support/fixture-files.js';

describe('csv parser', () => {
  it('reads RFC 4180 CSV with CRLF, quoted commas, doubled quotes and newlines in fields', () => {
    const { records, skipped } = parseAll(parser, fixture('papers.csv'));
    expect(records[0]).toEqual({
      line: 2,
      title: 'Commas, Quotes and "Other" Hazards',
      abstract: 'A study of CSV hazards, with commas.',
      authors: ['Ana Lima', 'Jun-seo Park'],
      date: '2024-01-15',
      categories: ['cs.DB'],
      doi: '10.5555/csv.1',
      upvotes: 5,
    });
    expect(records[1]).toEqual({
      line: 3,
      title: 'Multi-line Abstracts',
      abstract: 'First line of the abstract.\r\nSecond line, still the abstract.',
      authors: ['Ines Marchetti'],
      date: '2024-03-01',
      categories: ['cs.CL', 'cs.IR'],
      arxivId: '2403.01111',
      arxivVersion: 2,
    });
    // The row after the two-line field starts on line 5; a row without title or abstract is skipped.
    expect(skipped).toEqual([{ line: 5, reason: 'no title or abstract' }]);
    expect(records.slice(2)).toEqual([
      { line: 6, abstract: 'Only an abstract.', authors: ['Nobody'], date: '2022-01-01' },
      { line: 7, title: 'A Plain Title', abstract: 'Plain abstract.', authors: ['Kim Lee'], date: '2021-07-04', upvotes: 0 },
    ]);
  });

  it('reads TSV when the header is tab-separated, quotes inside fields kept', () => {
    const { records } = parseAll(parser, fixture('papers.tsv'));
    expect(records[0]).toEqual({
      line: 2,
      title: 'Tabs Are Fine',
      abstract: 'An abstract, with a comma, and "quotes" inside.',
      authors: ['Lin Wu', 'Omar Said'],
      date: '2020-01-01',
      arxivId: '2001.00042',
      url: 'https://arxiv.org/abs/2001.00042',
    });
    expect(records[1]).toMatchObject({ line: 3, title: 'Second Row' });
  });

  it('reports a row with an unclosed quote and reads on from the next line', () => {
    const text = 'title;abstract\nGood one;Fine.\n"Broken;Never closed.\nAfter;Still read.\n';
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 10));
    expect(skipped).toEqual([{ line: 12, reason: 'unclosed quote: the row runs to the end of the file' }]);
    expect(records).toEqual([
      { line: 11, title: 'Good one', abstract: 'Fine.' },
      { line: 13, title: 'After', abstract: 'Still read.' },
    ]);
  });

  it('does not let an unclosed quote swallow the valid rows up to the next quote', () => {
    const text = [
      'title,abstract',
      'First,"Never closed, so it would run on',
      'Second,A valid row the open quote ran over.',
      'Third,"A quoted abstract" that closed the first one',
      'Fourth,"Another quoted abstract"',
      'Fifth,"Quoted",extra',
      'Sixth,plain',
      '',
    ].join('\n');
    const { records, skipped } = parseAll(parser, text);
    expect(skipped).toEqual([
      { line: 2, reason: 'unclosed quote: text follows the quote that would close it lines later' },
      { line: 6, reason: '3 fields but the header has 2' },
    ]);
    // Text after a quote closing on its own line is kept, leniently.
    expect(records.map((r) => [r.line, r.title])).toEqual([[3, 'Second'], [4, 'Third'], [5, 'Fourth'], [7, 'Sixth']]);
    // A quote closing lines later on a row with too many fields is no field either.
    const wide = parseAll(parser, 'title,abstract\nA,"open\nB,fine\nC,x",y\n');
    expect(wide.skipped).toEqual([
      { line: 2, reason: 'unclosed quote: closing it lines later gives the row too many fields' },
      { line: 4, reason: '3 fields but the header has 2' },
    ]);
    expect(wide.records.map((r) => r.title)).toEqual(['B']);
    // A real multi-line quoted field stays one field.
    expect(parseAll(parser, 'title,abstract\nA,"line one\nline two"\n').records).toEqual([{ line: 2, title: 'A', abstract: 'line one\nline two' }]);
  });

  it('skips rows with more fields than the header, tolerates trailing empty ones and blank lines', () => {
    const text = '\uFEFFTitle,Abstract\nA, B,C\n\nOk,Fine,,\nShort\n';
    const { records, skipped } = parseAll(parser, text);
    expect(skipped).toEqual([{ line: 2, reason: '3 fields but the header has 2' }]);
    expect(records).toEqual([
      { line: 4, title: 'Ok', abstract: 'Fine' },
      { line: 5, title: 'Short' },
    ]);
  });

  it('yields nothing for a header without rows', () => {
    expect([...parser.parse('title,abstract\r\n', context())]).toEqual([]);
  });

  it('detects a header that names paper columns, not other comma-laden text', () => {
    expect(parser.detect(fixture('papers.csv'), 'papers.csv')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(fixture('papers.tsv'), 'papers.tsv')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect('name,age\nAna,3\n', 'people.csv')).toBe(0);
    expect(parser.detect('We study models, data, and losses. Results improve, mostly.\n', 'a.txt')).toBe(0);
    expect(parser.detect('{"title": "x", "abstract": "y"}\n', 'a.jsonl')).toBe(0);
  });
});
