import { describe, expect, it } from 'vitest';
import { jsonParser as parser } from './json.js';
import { context, fixture, parseAll } from './test-support/fixture-files.js';

describe('json parser', () => {
  it('reads the array under "papers", each record with the line its object starts on', () => {
    const { records, skipped } = parseAll(parser, fixture('papers.json'));
    expect(records).toEqual([
      {
        line: 5,
        title: 'Quiet Gradients',
        abstract: 'Gradients that whisper still point downhill.',
        authors: ['Ana Lima', 'Jun-seo Park', 'Sven Ødegaard'],
        date: '2023-03-30',
        categories: ['cs.LG', 'cs.AI'],
        arxivId: '2303.17001',
      },
      {
        line: 13,
        title: 'Loud Gradients',
        abstract: 'Gradients that shout overshoot.',
        authors: ['Ana Lima'],
        date: '2023-04-02',
        categories: ['Optimization', 'Noise'],
        doi: '10.5555/loud.2023',
      },
    ]);
    // Keywords are not categories, so this object holds nothing a record could use.
    expect(skipped).toEqual([{ line: 23, reason: 'no title or abstract' }]);
  });

  it('reads a top-level array, skipping elements that are not objects', () => {
    const text = '[\n  {"title": "One, \\"quoted\\" [x]"},\n  "stray",\n\n  {"abstract": "Two"}\n]';
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 3));
    expect(records).toEqual([
      { line: 4, title: 'One, "quoted" [x]' },
      { line: 7, abstract: 'Two' },
    ]);
    expect(skipped).toEqual([{ line: 5, reason: 'not a JSON object' }]);
  });

  it('finds the list under another key, or takes a lone paper object', () => {
    const nested = '{"meta": {"items": 1}, "Results": [{"title": "Found"}]}';
    expect(parseAll(parser, nested).records).toEqual([{ line: 1, title: 'Found' }]);
    expect(parseAll(parser, '\n\n{"title": "Alone"}').records).toEqual([{ line: 3, title: 'Alone' }]);
  });

  it('refuses invalid JSON without any object and documents without papers, naming the file', () => {
    const run = (text: string) => [...parser.parse(text, { file: 'x.json', today: '2025-11-20', firstLine: 1 })];
    expect(() => run('[1, 2,')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/^x\.json: not valid JSON/) }));
    expect(() => run('{"count": 3}')).toThrow(/x\.json: no list of papers found/);
  });

  it('reads the objects of invalid JSON one by one: a broken one is skipped at its line, the rest kept', () => {
    const lines = fixture('papers.json').split('\n');
    lines[5] = '      "title": "Quiet Gradients,'; // the string never closes
    const { records, skipped } = parseAll(parser, lines.join('\n'));
    expect(records.map((r) => [r.line, r.title])).toEqual([[13, 'Loud Gradients']]);
    expect(skipped.map((s) => s.line)).toEqual([5, 23]);
    expect(skipped[0]?.reason).toMatch(/^invalid JSON/);
    // An object that lost its closing brace does not swallow the next one (same indentation).
    const open = fixture('papers.json').replace('"categories": "cs.LG cs.AI"\n    }', '"categories": "cs.LG cs.AI"\n');
    expect(parseAll(parser, open).records.map((r) => r.title)).toEqual(['Loud Gradients']);
    // A cut-off one-line document keeps the objects before the cut.
    const cut = parseAll(parser, '[{"title": "One", "abstract": "A."}, {"title": "Two", "abstract": "B."}, {"title": "Thr');
    expect(cut.records.map((r) => r.title)).toEqual(['One', 'Two']);
    expect(cut.skipped).toEqual([{ line: 1, reason: 'invalid JSON: this object never closes' }]);
  });

  it('detects JSON documents, also from a cut-off sample, but not JSON lines', () => {
    expect(parser.detect(fixture('papers.json'), 'papers.json')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(fixture('papers.json').slice(0, 200), 'export')).toBe(0.8);
    expect(parser.detect(fixture('papers.jsonl'), 'papers.jsonl')).toBe(0);
    expect(parser.detect('title,abstract\n', 'a.csv')).toBe(0);
  });
});
