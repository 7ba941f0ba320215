import { describe, expect, it } from 'vitest';
import { paperSentences } from '../ask/sentences.js';
import { sourceSentences } from './abstract-sentences.js';

describe('sourceSentences', () => {
  it('cuts the source text where ask cuts the plain text, math and markup kept', () => {
    const abstract =
      'Attention costs $\\mathcal{O}(n^2)$. We sort keys, e.g. by a hash. \\textbf{Sorting attention} matches dense attention: $$\\sum_j \\alpha_{ij} v_j.$$';
    expect(paperSentences({ abstract })).toHaveLength(3);
    expect(sourceSentences(abstract)).toEqual([
      'Attention costs $\\mathcal{O}(n^2)$.',
      'We sort keys, e.g. by a hash.',
      '\\textbf{Sorting attention} matches dense attention: $$\\sum_j \\alpha_{ij} v_j.$$',
    ]);
  });

  it('plain abstracts come back as their sentences', () => {
    const abstract = 'Honeybees dance. The run encodes distance! Does it?';
    expect(sourceSentences(abstract)).toEqual(paperSentences({ abstract }));
  });

  it('is undefined when the pieces cannot line up with the plain sentences', () => {
    // A sentence boundary hidden inside a math group: the source has no cut there.
    expect(sourceSentences('We study $x.\\text{ Then}$ more. Done here.')).toBeUndefined();
  });
});
