import { describe, expect, it } from 'vitest';
import { jsonlParser as parser } from './jsonl.js';
import { context, fixture, parseAll } from './test-support/fixture-files.js';

describe('jsonl parser', () => {
  it('maps generic objects by common field names, case-insensitively', () => {
    const { records, skipped } = parseAll(parser, fixture('papers.jsonl'));
    expect(skipped).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        title: 'Reading Group Notes on Sparse Mixtures',
        abstract: 'Notes on why sparse mixtures of experts train faster.',
        authors: ['Dana Ruiz', 'Eli Stone'],
        date: '2024-05-02',
        categories: ['moe', 'reading-group'],
        arxivId: '2405.01234',
        arxivVersion: 2,
        url: 'https://arxiv.org/abs/2405.01234v2',
        upvotes: 17,
      },
      { line: 2, title: 'An Unpublished Draft', abstract: 'A draft about drafts.', authors: ['Kim Lee', 'Arun Moss'], date: '2023-01-01', doi: '10.5555/draft.7' },
      { line: 3, abstract: 'Only an abstract here, no title at all, which is allowed.' },
    ]);
  });

  it('skips invalid lines with their numbers and keeps the rest', () => {
    const text = '{"title": "A"}\n{"title": \n\n  \n{"name": "no paper"}\n{"title": "B"}';
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 41));
    expect(records).toEqual([
      { line: 41, title: 'A' },
      { line: 46, title: 'B' },
    ]);
    expect(skipped).toEqual([
      { line: 42, reason: expect.stringMatching(/^invalid JSON/) },
      { line: 45, reason: 'no title or abstract' },
    ]);
  });

  it('detects object-per-line files, below arxiv-jsonl for arXiv metadata', () => {
    expect(parser.detect(fixture('papers.jsonl'), 'papers.jsonl')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(fixture('papers.jsonl'), 'export.txt')).toBe(0.85);
    expect(parser.detect('{"a": 1}\n{"b": 2}\n', 'x.jsonl')).toBe(0.2);
    expect(parser.detect(fixture('papers.json'), 'papers.json')).toBe(0);
    expect(parser.detect('Abstract: We study things.\n', 'x')).toBe(0);
  });
});
