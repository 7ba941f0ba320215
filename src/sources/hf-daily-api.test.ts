import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect.js';
import { hfDailyApiParser } from './hf-daily-api.js';
import { parseAll } from './test-support/fixture-files.js';

const syncFixture = (name: string) => readFileSync(new URL(`../sync/fixtures/${name}`, import.meta.url), 'utf8');

describe('hf-daily-api parser', () => {
  it('reads papers with upvotes, organization, authors and the arXiv id', () => {
    const { records, skipped } = parseAll(hfDailyApiParser, syncFixture('hf-daily-2026-11-20.json'));
    expect(skipped).toEqual([]);
    expect(records[0]).toMatchObject({
      arxivId: '2611.10021',
      title: 'Sparse Late Interaction for Multilingual Passage Retrieval',
      authors: ['Aiko Tanaka', 'Lena Müller', 'Rahul Iyer'],
      upvotes: 41,
      organization: 'Tanaka Lab, Imaginary University',
      date: '2026-11-20',
      url: 'https://huggingface.co/papers/2611.10021',
    });
    expect(records[0]!.abstract).toContain('$g(t) \\in \\{0,1\\}$');
    expect(records[1]).not.toHaveProperty('organization');
  });

  it('gives each element its line, skips entries without text, and refuses a non-array', () => {
    const text = '[\n{"paper": {"id": "2611.00001", "title": "A Title Long Enough Here", "upvotes": 3}},\n{"paper": {"id": "2611.00002", "upvotes": 1}}\n]';
    const { records, skipped } = parseAll(hfDailyApiParser, text);
    expect(records.map((r) => r.line)).toEqual([2]);
    expect(skipped).toEqual([{ line: 3, reason: 'entry without a title or summary' }]);
    expect(() => parseAll(hfDailyApiParser, '{"error": "Invalid date"}')).toThrow(/expected a JSON array/);
  });

  it('is detected over the generic JSON parser', () => {
    expect(detectFormat(syncFixture('hf-daily-2026-11-21.json'), 'page').parser.format).toBe('hf-daily-api');
  });
});
