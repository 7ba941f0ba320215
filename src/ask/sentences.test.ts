import { describe, expect, it } from 'vitest';
import { normaliseWhitespace, paperSentences, splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('splits at sentence ends and normalises whitespace', () => {
    expect(splitSentences('We study MoE.  Routing   matters!\nDoes it scale? Yes.')).toEqual(['We study MoE.', 'Routing matters!', 'Does it scale?', 'Yes.']);
  });

  it('keeps abbreviations, initials and decimals inside the sentence', () => {
    const text =
      'Smith et al. Showed gains, e.g. on GLUE, i.e. the usual suite. Results (see Fig. 2) improve vs. the baseline by approx. 1.5 points (p < 0.05). ' +
      'J. R. Smith wrote it in the U.S. Army lab. The end.';
    expect(splitSentences(text)).toEqual([
      'Smith et al. Showed gains, e.g. on GLUE, i.e. the usual suite.',
      'Results (see Fig. 2) improve vs. the baseline by approx. 1.5 points (p < 0.05).',
      'J. R. Smith wrote it in the U.S. Army lab.',
      'The end.',
    ]);
  });

  it('does not split inside balanced brackets, and survives unbalanced ones', () => {
    expect(splitSentences('A holds [as shown before. See B]. Then C.')).toEqual(['A holds [as shown before. See B].', 'Then C.']);
    expect(splitSentences('Items a) and b) differ. They matter.')).toEqual(['Items a) and b) differ.', 'They matter.']);
  });

  it('keeps closing quotes and brackets with their sentence and needs a sentence start after', () => {
    expect(splitSentences('He said "it works." Then (finally.) Next one. lower case continues.')).toEqual([
      'He said "it works."',
      'Then (finally.)',
      'Next one. lower case continues.',
    ]);
  });

  it('splits before numbered starts and LaTeX leftovers stay in their sentence', () => {
    expect(splitSentences('We bound the error by $O(n^{1.5})$. 2 cases remain. The {\\em end}.')).toEqual([
      'We bound the error by $O(n^{1.5})$.',
      '2 cases remain.',
      'The {\\em end}.',
    ]);
  });

  it('is stable: the same abstract always splits the same way', () => {
    const paper = { abstract: 'First <i>one</i>. Second &amp; last.' };
    expect(paperSentences(paper)).toEqual(['First one.', 'Second & last.']);
    expect(paperSentences(paper)).toEqual(paperSentences({ ...paper }));
  });

  it('returns nothing for empty text', () => {
    expect(splitSentences('   ')).toEqual([]);
    expect(normaliseWhitespace(' a \n b ')).toBe('a b');
  });
});
