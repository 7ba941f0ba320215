import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldIndices, mapCitations, runEvidenceEval } from './evidence-eval.js';

describe('goldIndices', () => {
  const gold = ['Tokens are dropped at capacity.', 'We reroute them.', 'Accuracy improves by 1.5 points.'];
  it('maps a sentence to the gold sentence it matches, or to every gold sentence it spans', () => {
    expect(goldIndices('We reroute them.', gold)).toEqual([1]);
    expect(goldIndices('We reroute them. Accuracy improves by 1.5 points.', gold)).toEqual([1, 2]);
    expect(goldIndices('Accuracy improves by about 1.5 points overall here.', gold)).toEqual([2]);
    expect(goldIndices('Nothing in common', gold)).toEqual([]);
  });

  it('maps citations through the papers a corpus document became', () => {
    const lib = { corpusIds: (id: string) => (id === 'p1' ? ['d1', 'd2'] : []) };
    const out = mapCitations([{ paperId: 'p1', sentenceIndex: 0, quote: 'We reroute them.' }], lib, new Map([['d1', gold]]));
    expect([...out.docs]).toEqual(['d1', 'd2']);
    expect([...out.sentences]).toEqual(['d1#1']);
  });
});

const scifact = '/work/shared/datasets/scifact';
describe.skipIf(!existsSync(`${scifact}/claims-train.jsonl`))('runEvidenceEval on SciFact (first claims)', () => {
  it('reports both systems with figures in range', async () => {
    const r = await runEvidenceEval({ corpus: `${scifact}/corpus.jsonl`, claims: `${scifact}/claims-train.jsonl` }, { today: '2026-11-22', limit: 40, thread: false });
    expect(r.claims).toBe(40);
    expect(r.extractive.claimsWithEvidence + r.extractive.claimsWithoutEvidence).toBe(40);
    expect(r.baseline.abstainNoEvidence).toBe(0);
    expect(r.extractive.abstract.recall).toBeGreaterThan(0.3);
    expect(r.baseline.sentence.precision).toBeGreaterThan(0);
  }, 300_000);
});
