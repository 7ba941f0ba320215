import { describe, expect, it } from 'vitest';
import { hfDailyPageParser as parser } from './hf-daily-page.js';
import { FIXTURES, SEEDS_MISSING, SEEDS_NOTE, context, fixture, parseAll, seed } from './test-support/fixture-files.js';

const sample = () => fixture(FIXTURES['hf-daily-page']);
const abstract = 'An abstract long enough to be told from a title. '.repeat(6).trim();

describe('hf-daily-page parser', () => {
  it('parses title, abstract, authors or organization, date and upvotes, skipping the chrome', () => {
    const { records, skipped } = parseAll(parser, sample(), context('2025-11-20'));
    expect(skipped).toEqual([]);
    expect(records.map(({ abstract: _a, ...rest }) => rest)).toEqual([
      { line: 13, title: 'Cheap Critics: Training Small Verifiers for Large Reasoners', authorCount: 6, date: '2024-02-12', upvotes: 5 },
      { line: 21, title: 'Tokenizer-Free Pretraining at the Byte Level Revisited', authorCount: 1, date: '2025-09-09' },
      {
        line: 29,
        title: 'OpenWeb-Edu: Filtering Web Text for Educational Value in Thirty Languages',
        organization: 'OpenLabs ResearchGroup',
        date: '2025-01-05',
        upvotes: 7,
      },
      // No authors, no `·`, no date: the next title follows the abstract directly.
      { line: 35, title: 'Scaling Laws for Data Mixtures' },
      // "Dec 2" would fall after the page date (Nov 3), so it is last year's.
      { line: 39, title: 'When Do Agents Need Memory? A Study of Long-Horizon Web Tasks', authorCount: 9, date: '2024-12-02', upvotes: 12 },
      // The last line has no trailing newline.
      { line: 47, title: 'Sparse Upcycling of Dense Checkpoints into Mixtures of Experts', authorCount: 3, date: '2023-10-30' },
    ]);
    expect(records[0]!.abstract).toMatch(/^Large reasoning models produce .* inference cost\.$/);
  });

  it('dates the page relative to today: early January still reads last November', () => {
    const { records } = parseAll(parser, sample(), context('2026-01-10'));
    expect(records.map((r) => r.date)).toEqual(['2024-02-12', '2025-09-09', '2025-01-05', undefined, '2024-12-02', '2023-10-30']);
  });

  it('uses today as the reference when the page chrome and date were not copied', () => {
    const text = `A Title\n${abstract}\n  • 2 authors\n·\nDec 24 1\nSecond Title\n${abstract}\n`;
    const { records, skipped } = parseAll(parser, text, context('2025-12-20'));
    expect(skipped).toEqual([]);
    expect(records.map((r) => [r.line, r.title, r.date, r.upvotes])).toEqual([
      [1, 'A Title', '2024-12-24', 1],
      [6, 'Second Title', undefined, undefined],
    ]);
  });

  it('reports broken entries once, with line and reason, and parses the rest', () => {
    const text = [
      'Daily Papers',
      'Nov 3',
      'Good Paper One',
      abstract,
      '  • 4 authors',
      '·',
      'Oct 1',
      'A title whose abstract was lost',
      '  • 5 authors',
      '·',
      'Oct 2 3',
      '·',
      'Good Paper Two',
      abstract,
      'Dangling title at the end',
    ].join('\n');
    const { records, skipped } = parseAll(parser, text, context('2025-11-20'));
    expect(records.map((r) => [r.line, r.title, r.authorCount, r.date])).toEqual([
      [3, 'Good Paper One', 4, '2025-10-01'],
      [13, 'Good Paper Two', undefined, undefined],
    ]);
    expect(skipped).toEqual([
      { line: 8, reason: 'title without an abstract' },
      { line: 12, reason: 'entry without a title or abstract' },
      { line: 15, reason: 'title without an abstract' },
    ]);
  });

  it('keeps an abstract whose title was not copied', () => {
    const { records } = parseAll(parser, `Daily Papers\nNov 3\n${abstract}\n  • 2 authors\n·\nOct 1`, context('2025-11-20'));
    expect(records).toEqual([{ line: 3, abstract, authorCount: 2, date: '2025-10-01' }]);
  });

  it('detects its own fixture and not the other formats', () => {
    expect(parser.detect(sample(), 'page.txt')).toBeGreaterThanOrEqual(0.9);
    const withoutChrome = sample().split('\n').slice(12).join('\n');
    expect(parser.detect(withoutChrome, 'page.txt')).toBeGreaterThanOrEqual(0.9);
    for (const [format, name] of Object.entries(FIXTURES)) {
      if (format !== 'hf-daily-page') expect(parser.detect(fixture(name), name), name).toBe(0);
    }
  });
});

describe.skipIf(SEEDS_MISSING)(`hf-daily-page on the seed listings ${SEEDS_NOTE}`, () => {
  const parseSeed = () => parseAll(parser, seed('001'), context('2025-12-20'));

  it('parses seed 001 into 32 papers with nothing skipped, each with a title and abstract', () => {
    const { records, skipped } = parseSeed();
    expect(skipped).toEqual([]);
    expect(records).toHaveLength(32);
    expect(records.every((r) => r.title && r.abstract && r.abstract.length > 250)).toBe(true);
    expect(parser.detect(seed('001'), '001.txt')).toBeGreaterThanOrEqual(0.9);
  });

  it('reads authors, organization, dates and upvotes', () => {
    const { records } = parseSeed();
    const byTitle = (prefix: string) => records.find((r) => r.title!.startsWith(prefix))!;
    expect(byTitle('Yi: Open Foundation Models by 01.AI')).toMatchObject({ authorCount: 31, date: '2024-03-07', upvotes: 3 });
    expect(byTitle('FineWeb2')).toMatchObject({ organization: 'HuggingFaceFW FineData', date: '2025-06-25', upvotes: 1 });
    expect(byTitle('FineWeb2').authorCount).toBeUndefined();
    expect(byTitle('Going Beyond Nouns')).toMatchObject({ authorCount: 11, date: '2023-03-30' });
    expect(byTitle('Going Beyond Nouns').upvotes).toBeUndefined();
    // "May 28" takes the page's year (page "Dec 11", today 2025-12-20).
    expect(byTitle('Scalable Parameter and Memory Efficient')).toMatchObject({ date: '2025-05-28' });
    const mmteb = byTitle('MMTEB');
    expect([mmteb.authorCount, mmteb.organization, mmteb.date]).toEqual([undefined, undefined, undefined]);
    expect(records.at(-1)).toMatchObject({ title: 'How to Train Long-Context Language Models (Effectively)', date: '2024-10-03', upvotes: 1 });
  });
});
