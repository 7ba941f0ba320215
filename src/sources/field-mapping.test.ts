import { describe, expect, it } from 'vitest';
import { hasPaperFields, mapFields, oneLine, splitAuthors } from './field-mapping.js';

describe('splitAuthors', () => {
  it.each([
    ['Ana Lima, Jun Park, Sven Berg', ['Ana Lima', 'Jun Park', 'Sven Berg']],
    ['Ana Lima, Jun Park and Sven Berg', ['Ana Lima', 'Jun Park', 'Sven Berg']],
    ['Ana Lima, Jun Park, and Sven Berg', ['Ana Lima', 'Jun Park', 'Sven Berg']],
    ['Lima, A. and Park, J.', ['A. Lima', 'J. Park']],
    ['Lima, Ana; Park, Jun; Sven Berg', ['Ana Lima', 'Jun Park', 'Sven Berg']],
    ['Ana Lima', ['Ana Lima']],
    ['Alexander Andersen', ['Alexander Andersen']],
    ['  ', []],
  ])('%j', (input, expected) => {
    expect(splitAuthors(input)).toEqual(expected);
  });
});

describe('mapFields', () => {
  it('takes the first alias present per field, ignoring case, spaces and hyphens in names', () => {
    expect(
      mapFields({
        'Paper Title': 'T',
        Summary: 'S',
        Abstract: 'A',
        'Pub-Date': 'not a date',
        YEAR: 2019,
        'Journal-Ref': 'J. Imag. 1',
        Votes: '12',
        Category: 'cs.CL cs.AI cs.CL',
        Keywords: 'ignored',
        Link: 'https://arxiv.org/pdf/2101.00001v4',
      }),
    ).toEqual({
      title: 'T',
      abstract: 'A',
      date: '2019-01-01',
      venue: 'J. Imag. 1',
      upvotes: 12,
      categories: ['cs.CL', 'cs.AI'],
      arxivId: '2101.00001',
      arxivVersion: 4,
      url: 'https://arxiv.org/pdf/2101.00001v4',
    });
  });

  it('explains rows it cannot use and ignores blank or odd values', () => {
    expect(mapFields({ authors: 'A' })).toBe('no title or abstract');
    expect(mapFields({ title: '  ', abstract: null })).toBe('no title or abstract');
    expect(mapFields({ title: 'T', authors: [], upvotes: -3, doi: 'none', arxiv: 'n/a', tags: '' })).toEqual({ title: 'T' });
  });
});

describe('helpers', () => {
  it('collapses hard-wrapped titles to one line', () => {
    expect(oneLine('  A title\n  that wraps\tonce ')).toBe('A title that wraps once');
    expect(oneLine(7)).toBe('7');
    expect(oneLine({})).toBeUndefined();
  });

  it('knows paper columns', () => {
    expect(hasPaperFields(['ID', 'Description'])).toBe(true);
    expect(hasPaperFields(['id', 'keywords', 'authors'])).toBe(false);
  });
});
