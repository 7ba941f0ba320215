import { describe, expect, it } from 'vitest';
import { MAX_QUERY_ITEMS, parseQuery, type ParsedQuery } from './query-parser.js';

type Expected = {
  should?: string[];
  must?: string[];
  mustNot?: string[];
  prefixes?: string[];
  phrases?: string[][];
  filters?: Partial<ParsedQuery['filters']>;
  warn?: RegExp;
  empty?: boolean;
};

const cases: [string, Expected][] = [
  // Words, phrases, signs, prefixes.
  ['graph neural networks', { should: ['graph', 'neural', 'networks'] }],
  ['"graph neural" networks', { must: ['graph', 'neural'], phrases: [['graph', 'neural']], should: ['networks'] }],
  ['\u201cgraph neural\u201d', { must: ['graph', 'neural'], phrases: [['graph', 'neural']] }], // smart quotes
  ['"single"', { must: ['single'], phrases: [] }],
  ['"" ""', { empty: true }],
  ['+bert -gpt llm', { must: ['bert'], mustNot: ['gpt'], should: ['llm'] }],
  ['(H2A)-histone (-x)', { should: ['H2A', '-histone'], mustNot: ['x'] }],
  ['retrieval -"dense passage"', { should: ['retrieval'], mustNot: ['dense passage'] }],
  ['transform* model', { prefixes: ['transform'], should: ['model'] }],
  ['transform** x', { prefixes: ['transform'], should: ['x'] }],
  ['+transform*', { prefixes: ['transform'], warn: /cannot be required/ }],
  ['-transform* x', { should: ['x'], warn: /excluding a prefix/ }],
  ['*', { empty: true, warn: /on its own/ }],
  ['graph *', { should: ['graph'], warn: /on its own/ }],
  ['graph +graph Graph', { must: ['graph'], should: [] }],
  // Boolean-looking syntax.
  ['graph AND networks', { should: ['graph', 'networks'], warn: /AND is not needed/ }],
  ['graph OR networks', { should: ['graph', 'networks'], warn: undefined }],
  ['graph NOT networks', { should: ['graph'], mustNot: ['networks'] }],
  ['graph NOT "neural network"', { should: ['graph'], mustNot: ['neural network'] }],
  ['graph NOT', { should: ['graph'], warn: /NOT at the end/ }],
  ['graph NEAR networks', { should: ['graph', 'networks'], warn: /NEAR is not supported/ }],
  ['graph NEAR/3 networks', { should: ['graph', 'networks'], warn: /NEAR\/3 is not supported/ }],
  ['(graph OR tree) AND NOT forest', { should: ['graph', 'tree'], mustNot: ['forest'] }],
  ['not and or near', { should: ['not', 'and', 'or', 'near'] }], // lower case: plain words
  ['&& || !', { empty: true }],
  // Colons, odd characters.
  ['Note: this works', { should: ['Note:', 'this', 'works'] }],
  ['foo:bar ratio:3', { should: ['foo:bar', 'ratio:3'] }],
  ['https://arxiv.org/abs/2503.11731', { should: ['https://arxiv.org/abs/2503.11731'] }],
  ['rocket 🚀 science', { should: ['rocket', 'science'] }],
  ['🚀🔥', { empty: true, warn: /no words/ }],
  ['Gödel naïve', { should: ['Gödel', 'naïve'] }],
  ['"unbalanced quote', { must: ['unbalanced', 'quote'], phrases: [['unbalanced', 'quote']], warn: /not closed/ }],
  ['a "b c" "d', { should: ['a'], must: ['b', 'c', 'd'], phrases: [['b', 'c']], warn: /not closed/ }],
  ['- + -- ++', { should: [], mustNot: [], empty: true }],
  ['the of', { should: ['the', 'of'], empty: false }], // stopwords: the index decides they rank nothing
  ['', { empty: true }],
  ['   \t\n ', { empty: true }],
  ['-graph', { mustNot: ['graph'], empty: true, warn: /only excludes/ }],
  // Filters.
  ['author:doe graphs', { should: ['graphs'], filters: { authors: ['doe'] } }],
  ['author:"Jane Doe" au:smith', { filters: { authors: ['Jane Doe', 'smith'] }, empty: false }],
  ['Author:"Jane', { filters: { authors: ['Jane'] }, warn: /not closed/ }],
  ['author:', { empty: true, warn: /needs a value/ }],
  ['author: doe', { should: ['doe'], warn: /needs a value/ }],
  ['cat:cs.cl category:hep-th cat:physics.optics cat:CS', { filters: { categories: ['cs.CL', 'hep-th', 'physics.optics', 'cs'] } }],
  ['cat:cs.* x', { should: ['x'], warn: /cat:cs\.CL or cat:hep-th/ }],
  ['year:2024', { filters: { from: '2024-01-01', to: '2024-12-31' } }],
  ['year:2020..2023', { filters: { from: '2020-01-01', to: '2023-12-31' } }],
  ['year:2020-2023', { filters: { from: '2020-01-01', to: '2023-12-31' } }],
  ['year:2023..2020', { filters: { from: '2020-01-01', to: '2023-12-31' } }],
  ['year:2020..', { filters: { from: '2020-01-01', to: undefined } }],
  ['year:..2019', { filters: { from: undefined, to: '2019-12-31' } }],
  ['year:abc x', { should: ['x'], filters: { from: undefined, to: undefined }, warn: /year:abc was ignored/ }],
  ['year:0999', { empty: true, warn: /ignored/ }],
  ['year:..', { empty: true, warn: /ignored/ }],
  ['after:2024-01-01 before:2025-06-30', { filters: { from: '2024-01-01', to: '2025-06-30' } }],
  ['after:2024-03 before:2024-02', { filters: { from: '2024-03-01', to: '2024-02-29' }, warn: /nothing can match/ }],
  ['before:2023', { filters: { to: '2023-12-31' } }],
  ['since:2024/2/1 until:2024', { filters: { from: '2024-02-01', to: '2024-12-31' } }],
  ['after:2024-13-45 x', { should: ['x'], filters: { from: undefined }, warn: /after:2024-13-45 was ignored/ }],
  ['after:2023-02-29', { empty: true, warn: /ignored/ }],
  ['year:2020..2023 year:2022 after:2022-06-01', { filters: { from: '2022-06-01', to: '2022-12-31' } }],
  ['id:2503.11731', { filters: { ids: ['2503.11731'] } }],
  ['id:arXiv:2503.11731v2 id:10.1145/ABC.123 id:hep-th/9901001', { filters: { ids: ['2503.11731', '10.1145/abc.123', 'hep-th/9901001'] } }],
  ['id:"not an id"', { empty: true, warn: /id:2503.11731 or/ }],
  ['-author:doe graph', { should: ['graph'], filters: { authors: [] }, warn: /excluding by author/ }],
  ['NOT cat:cs.CL graph', { should: ['graph'], filters: { categories: [] }, warn: /excluding by cat/ }],
];

describe('parseQuery', () => {
  it.each(cases)('%j', (input, expected) => {
    const parsed = parseQuery(input);
    const { should, must, mustNot, prefixes } = parsed.lexical;
    if (expected.should) expect(should).toEqual(expected.should);
    if (expected.must) expect(must).toEqual(expected.must);
    if (expected.mustNot) expect(mustNot).toEqual(expected.mustNot);
    if (expected.prefixes) expect(prefixes).toEqual(expected.prefixes);
    if (expected.phrases) expect(parsed.phrases).toEqual(expected.phrases);
    for (const [key, value] of Object.entries(expected.filters ?? {})) {
      expect(parsed.filters[key as keyof ParsedQuery['filters']], key).toEqual(value);
    }
    if (expected.empty !== undefined) expect(parsed.empty).toBe(expected.empty);
    if (expected.warn) expect(parsed.warnings.join('\n')).toMatch(expected.warn);
    if ('warn' in expected && expected.warn === undefined) expect(parsed.warnings).toEqual([]);
  });

  it('reads a sign before a digit as part of a number, not an operator', () => {
    const q = parseQuery('H3K4 at the +1 nucleosome and -2 position -noise');
    expect(q.lexical.should).toEqual(expect.arrayContaining(['+1', 'nucleosome', '-2', 'position']));
    expect(q.lexical.must).toEqual([]);
    expect(q.lexical.mustNot).toEqual(['noise']);
  });

  it('gives a blank query no warnings, just the empty flag', () => {
    expect(parseQuery('  ')).toEqual({
      lexical: { should: [], must: [], mustNot: [], prefixes: [] },
      phrases: [],
      filters: { authors: [], categories: [], ids: [] },
      warnings: [],
      empty: true,
    });
  });

  it('caps a 10 kB query at MAX_QUERY_ITEMS distinct words and says so', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const parsed = parseQuery(words.join(' ').slice(0, 10_000));
    expect(parsed.lexical.should).toEqual(words.slice(0, MAX_QUERY_ITEMS));
    expect(parsed.warnings).toEqual([`the query is too long: only its first ${MAX_QUERY_ITEMS} words and filters are used`]);
    // Repeats do not count against the cap.
    expect(parseQuery('same '.repeat(2000)).lexical.should).toEqual(['same']);
  });

  it('drops a phrase that does not fit under the cap as a whole', () => {
    const words = Array.from({ length: MAX_QUERY_ITEMS - 1 }, (_, i) => `w${i}`).join(' ');
    const parsed = parseQuery(`${words} "last phrase"`);
    expect(parsed.phrases).toEqual([]);
    expect(parsed.lexical.must).toEqual([]);
    expect(parsed.warnings.join()).toMatch(/too long/);
  });

  it('handles pathological single tokens quickly and without throwing', () => {
    expect(parseQuery(`${'*'.repeat(10_000)}x`).lexical.should).toEqual([`${'*'.repeat(10_000)}x`]);
    expect(parseQuery('"'.repeat(10_001)).empty).toBe(true);
    expect(parseQuery('a'.repeat(10_000)).lexical.should).toHaveLength(1);
    expect(parseQuery('('.repeat(5000) + ')'.repeat(5000)).empty).toBe(true);
  });

  it('never throws, whatever the string (fuzz, fixed seed)', () => {
    let seed = 20250101;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = [
      'a', 'graph', ' ', ' ', '"', '\u201c', '+', '-', '*', ':', '(', ')', 'AND', 'OR', 'NOT', 'NEAR/2', 'author:',
      'cat:', 'year:', 'after:', 'before:', 'id:', '2024', '..', '-13-', '\u0000', '\ud83d', '\ude80', '🚀', 'é', '\u0301',
      '\t', '\n', 'the', '2503.11731', '\\', '/', '\u2028', 'ß', '東京',
    ];
    for (let n = 0; n < 3000; n++) {
      let input = '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) input += pieces[Math.floor(random() * pieces.length)];
      const parsed = parseQuery(input);
      expect(parsed.empty, JSON.stringify(input)).toBe(
        parsed.lexical.should.length + parsed.lexical.must.length + parsed.lexical.prefixes.length === 0 &&
          parsed.filters.authors.length + parsed.filters.categories.length + parsed.filters.ids.length === 0 &&
          !parsed.filters.from &&
          !parsed.filters.to,
      );
      for (const phrase of parsed.phrases) for (const word of phrase) expect(parsed.lexical.must).toContain(word);
    }
  });

  it('treats a non-string at runtime as blank', () => {
    expect(parseQuery(undefined as unknown as string).empty).toBe(true);
  });
});
