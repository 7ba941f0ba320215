import { describe, expect, it } from 'vitest';
import { americanSpelling } from './spelling.js';

describe('British spellings folded to American', () => {
  it('folds the -our, -ise/-isation, -yse, doubled-l and -tre families', () => {
    const pairs: [string, string][] = [
      ['colour', 'color'], ['behaviours', 'behaviors'], ['favourite', 'favorite'], ['recognise', 'recognize'], ['organisation', 'organization'],
      ['characterised', 'characterized'], ['categorising', 'categorizing'], ['visualisation', 'visualization'], ['analyse', 'analyze'],
      ['modelling', 'modeling'], ['labelled', 'labeled'], ['centre', 'center'], ['fibres', 'fibers'], ['grey', 'gray'], ['manoeuvres', 'maneuvers'],
    ];
    for (const [british, american] of pairs) expect(americanSpelling(british), british).toBe(american);
  });

  it('leaves words that only look alike', () => {
    for (const word of ['four', 'hour', 'tour', 'advise', 'exercise', 'precise', 'noise', 'raise', 'rise', 'surprised', 'comprises', 'unsupervised', 'supervised', 'revised', 'promising', 'otherwise', 'pairwise', 'premise', 'analysis', 'analyses', 'denoising', 'denoised', 'distilling', 'distilled', 'arise', 'this', 'basis', 'will', 'all', 'genre', 'color', 'recognize'])
      expect(americanSpelling(word), word).toBe(word);
  });
});
