import { describe, expect, it } from 'vitest';
import { abstractDumpParser as parser } from './abstract-dump.js';
import { FIXTURES, SEEDS_MISSING, SEEDS_NOTE, context, fixture, parseAll, seed } from './test-support/fixture-files.js';

describe('abstract-dump parser', () => {
  it('parses one abstract per Abstract: line, with or without a space, LaTeX kept', () => {
    const { records, skipped } = parseAll(parser, fixture(FIXTURES['abstract-dump']));
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 6]);
    expect(records[0]!.abstract).toMatch(/^Sparse attention lets transformers/);
    expect(records[0]!.abstract).toContain('$\\textbf{S}$parse $\\textbf{K}$ey');
    expect(records[0]!.abstract).toContain('\\href{https://example.org/ske}{this URL}.');
    expect(records[1]!.abstract).toMatch(/^Curriculum schedules/);
    expect(records[1]!.abstract).toContain('$G_{\\text{easy}}$');
    // The last line has no trailing newline and is still complete.
    expect(records[4]!.abstract).toMatch(/in-language pretraining data\.$/);
    expect(records.every((r) => r.title === undefined)).toBe(true);
  });

  it('joins hard-wrapped continuation lines to the abstract they follow', () => {
    const text = 'Abstract: First line of the abstract\n  wrapped here and\nending here.\r\nAbstract:Second.\n';
    const { records, skipped } = parseAll(parser, text);
    expect(skipped).toEqual([]);
    expect(records).toEqual([
      { abstract: 'First line of the abstract\nwrapped here and\nending here.', line: 1 },
      { abstract: 'Second.', line: 4 },
    ]);
  });

  it('reports stray and empty lines with line and reason, and parses the rest', () => {
    const text = [
      'Some header the exporter wrote',
      'Abstract: A good abstract.',
      '',
      'a note after a blank line',
      'Abstract:',
      'Abstract: Another good abstract.',
    ].join('\n');
    const { records, skipped } = parseAll(parser, text, context('2025-11-20', 10));
    expect(records.map((r) => [r.line, r.abstract])).toEqual([
      [11, 'A good abstract.'],
      [15, 'Another good abstract.'],
    ]);
    expect(skipped.map((s) => s.line)).toEqual([10, 13, 14]);
    expect(skipped[0]!.reason).toMatch(/does not start with "Abstract:"/);
    expect(skipped[2]!.reason).toMatch(/empty abstract/);
  });

  it('detects its own fixture and not the other formats', () => {
    expect(parser.detect(fixture(FIXTURES['abstract-dump']), 'dump.txt')).toBeGreaterThanOrEqual(0.9);
    for (const [format, name] of Object.entries(FIXTURES)) {
      if (format !== 'abstract-dump') expect(parser.detect(fixture(name), name), name).toBeLessThan(0.3);
    }
  });

  it('still recognises a hard-wrapped dump', () => {
    const wrapped = 'Abstract: one\ntwo\nthree\nAbstract: four\nfive\nsix\n';
    expect(parser.detect(wrapped, 'dump.txt')).toBeGreaterThanOrEqual(0.8);
  });
});

describe.skipIf(SEEDS_MISSING)(`abstract-dump on the seed listings ${SEEDS_NOTE}`, () => {
  it.each([
    ['000', 10],
    ['003', 10],
  ])('parses seed %s into %i papers with nothing skipped', (prefix, count) => {
    const text = seed(prefix);
    const { records, skipped } = parseAll(parser, text);
    expect(skipped).toEqual([]);
    expect(records).toHaveLength(count);
    expect(records.every((r) => r.abstract && !r.abstract.startsWith('Abstract:'))).toBe(true);
    expect(parser.detect(text, `${prefix}.txt`)).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the LaTeX of seed 003 as written', () => {
    const { records } = parseAll(parser, seed('003'));
    expect(records.some((r) => r.abstract!.includes('$G_{\\text{stack}}$'))).toBe(true);
  });
});
