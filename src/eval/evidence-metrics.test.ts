import { describe, expect, it } from 'vitest';
import { evidenceMetrics, type EvidenceJudgement } from './evidence-metrics.js';

const j = (gold: string[], goldS: string[], cited: string[], citedS: string[], abstained = false): EvidenceJudgement => ({
  goldDocs: new Set(gold), goldSentences: new Set(goldS), citedDocs: new Set(cited), citedSentences: new Set(citedS), abstained,
});

describe('evidenceMetrics', () => {
  it('micro-averages abstract and sentence precision/recall over claims with evidence', () => {
    const m = evidenceMetrics([
      // Right paper, one of two rationale sentences, plus a wrong paper's sentence.
      j(['d1'], ['d1#0', 'd1#3'], ['d1', 'd9'], ['d1#3', 'd9#1']),
      // Abstained: nothing cited.
      j(['d2'], ['d2#1'], [], [], true),
      // No gold evidence, answered: does not enter P/R, counts against abstention.
      j([], [], ['d5'], ['d5#0']),
      // No gold evidence, abstained.
      j([], [], [], [], true),
    ]);
    // Abstract: hits 1, cited 2, gold 2 → P 1/2, R 1/2.
    expect(m.abstract).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    // Sentence: hits 1, cited 2, gold 3 → P 1/2, R 1/3, F1 = 2·(1/6)/(5/6) = 0.4.
    expect(m.sentence.precision).toBe(0.5);
    expect(m.sentence.recall).toBeCloseTo(1 / 3);
    expect(m.sentence.f1).toBeCloseTo(0.4);
    expect(m.abstainNoEvidence).toBe(0.5);
    expect(m.abstainWithEvidence).toBe(0.5);
    expect([m.claimsWithEvidence, m.claimsWithoutEvidence]).toEqual([2, 2]);
  });

  it('is zero, not NaN, with nothing cited or nothing judged', () => {
    const m = evidenceMetrics([j(['d1'], ['d1#0'], [], [], true)]);
    expect(m.abstract).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(evidenceMetrics([]).abstainNoEvidence).toBe(0);
  });
});
