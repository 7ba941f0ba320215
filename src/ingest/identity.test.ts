import { describe, expect, it } from 'vitest';
import { bands, canonicalIds, foldText, identityKeys, signature, similarity, titleKey } from './identity.js';

const base =
  'We study how retrieval augmented language models decide when to retrieve. Our method estimates the ' +
  'uncertainty of the next sentence and retrieves only when the model is unsure, which reduces retrieval calls ' +
  'by half while improving factual accuracy on long-form question answering benchmarks across four datasets.';

describe('identity keys', () => {
  it('folds titles to letters and digits, accents removed', () => {
    expect(foldText('Gödel, Escher: Bach!')).toBe('godel escher bach');
    expect(titleKey('Dense  Passage Retrieval for QA')).toBe('title:dense passage retrieval for qa');
  });

  it('gives no title key to short generic titles', () => {
    expect(titleKey('Introduction')).toBeUndefined();
    expect(titleKey('On Retrieval')).toBeUndefined();
  });

  it('orders keys strongest first', () => {
    expect(identityKeys({ arxivId: '2401.00001', doi: '10.1/x', title: 'A Long Enough Title Here' }, 'A Long Enough Title Here')).toEqual([
      'arxiv:2401.00001',
      'doi:10.1/x',
      'title:a long enough title here',
    ]);
  });

  it("reads arXiv's own DOIs as arXiv ids", () => {
    expect(canonicalIds({ doi: '10.48550/arxiv.2401.00001' })).toEqual({ arxivId: '2401.00001' });
    expect(canonicalIds({ doi: '10.1145/1.2' })).toEqual({ doi: '10.1145/1.2' });
  });
});

describe('MinHash', () => {
  it('gives identical signatures for identical text and none for short text', () => {
    const a = signature(base)!;
    expect(similarity(a, signature(base)!)).toBe(1);
    expect(signature('too short to compare')).toBeUndefined();
  });

  it('scores a lightly edited version above the near-duplicate threshold', () => {
    const edited = base.replace('by half', 'by about half').replace('four datasets', 'five datasets');
    expect(similarity(signature(base)!, signature(edited)!)).toBeGreaterThanOrEqual(0.7);
  });

  it('scores a different abstract on the same topic far below it', () => {
    const other =
      'We study how retrieval augmented language models can cite their sources. We train a verifier that checks ' +
      'each citation against the retrieved passage and removes unsupported claims, improving citation precision ' +
      'on three long-form question answering benchmarks without hurting fluency or answer correctness.';
    expect(similarity(signature(base)!, signature(other)!)).toBeLessThan(0.3);
  });

  it('puts identical signatures in identical bands, and bands of different papers apart', () => {
    const a = bands(signature(base)!);
    expect(a).toHaveLength(16);
    expect(new Set(a).size).toBe(16);
    expect(bands(signature(base)!)).toEqual(a);
  });
});
