import { describe, expect, it } from 'vitest';
import { abstractListParser as parser } from './abstract-list.js';
import { FIXTURES, SEEDS_MISSING, SEEDS_NOTE, context, fixture, parseAll, seed } from './test-support/fixture-files.js';

describe('abstract-list parser', () => {
  it('parses one abstract per line, markdown and hyphenation kept as written', () => {
    const { records, skipped } = parseAll(parser, fixture(FIXTURES['abstract-list']));
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.abstract).toMatch(/^Token-level dif- fusion models/);
    expect(records[1]!.abstract).toContain('**L**ayer**S**kip**Q**');
    expect(records[2]!.abstract).toContain('sycophancy.We measure');
    // The last line has no trailing newline and is still complete.
    expect(records[4]!.abstract).toMatch(/compari- sons cheaper and more reliable\.$/);
    expect(records.every((r) => r.title === undefined)).toBe(true);
  });

  it('skips lines too short to be abstracts, with line and reason, and keeps the rest', () => {
    const long = 'This sentence is a stand-in for an abstract and it has enough words to count as one. '.repeat(2);
    const text = `Results\n\n${long}\nSee also the appendix.\r\n${long}`;
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 7));
    expect(records.map((r) => r.line)).toEqual([9, 11]);
    expect(records[0]!.abstract).toBe(long.trim());
    expect(skipped).toEqual([
      { line: 7, reason: 'line too short for an abstract (1 of at least 15 words)' },
      { line: 10, reason: 'line too short for an abstract (4 of at least 15 words)' },
    ]);
  });

  it('detects its own fixture and not the other formats, and never claims certainty', () => {
    const own = parser.detect(fixture(FIXTURES['abstract-list']), 'list.txt');
    expect(own).toBeGreaterThanOrEqual(0.5);
    expect(own).toBeLessThanOrEqual(0.6);
    for (const [format, name] of Object.entries(FIXTURES)) {
      if (format !== 'abstract-list') expect(parser.detect(fixture(name), name), name).toBe(0);
    }
  });

  it('does not take JSON lines or CSV rows of prose for abstracts', () => {
    const abstract = fixture(FIXTURES['abstract-list']).split('\n')[0]!;
    const jsonl = `${JSON.stringify({ abstract })}\n`.repeat(3);
    const csv = `"2401.00001","A title","${abstract}"\n`.repeat(3);
    expect(parser.detect(jsonl, 'x.jsonl')).toBe(0);
    expect(parser.detect(csv, 'x.csv')).toBe(0);
  });

  it('is line-oriented', () => {
    expect(parser.lineOriented).toBe(true);
  });
});

describe.skipIf(SEEDS_MISSING)(`abstract-list on the seed listings ${SEEDS_NOTE}`, () => {
  it('parses seed 002 into 19 papers with nothing skipped', () => {
    const text = seed('002');
    const { records, skipped } = parseAll(parser, text);
    expect(skipped).toEqual([]);
    expect(records).toHaveLength(19);
    expect(records.some((r) => r.abstract!.includes('dif- fusion'))).toBe(true);
    expect(records.some((r) => r.abstract!.includes('**L**'))).toBe(true);
    expect(parser.detect(text, '002.txt')).toBeGreaterThanOrEqual(0.5);
  });
});
