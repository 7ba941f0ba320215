import { createReadStream, existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { goldIndices, mapCitations, runEvidenceEval } from './evidence-eval.js';

// Every file read goes through createReadStream (eval/beir.ts): counting its calls counts reads.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, createReadStream: vi.fn(fs.createReadStream) };
});

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

describe('runEvidenceEval', () => {
  const fixture = (name: string) => new URL(`./fixtures/tiny-claims/${name}`, import.meta.url).pathname;

  it('reports the figures of the small fixture, reading the corpus once', async () => {
    const files = { corpus: fixture('corpus.jsonl'), claims: fixture('claims.jsonl') };
    vi.mocked(createReadStream).mockClear();
    const r = await runEvidenceEval(files, { today: '2026-11-22', thread: false, floors: [0] });
    expect(vi.mocked(createReadStream).mock.calls.filter(([file]) => file === files.corpus)).toHaveLength(1);
    const perfect = { precision: 1, recall: 1, f1: 1 };
    const claims = { claimsWithEvidence: 1, claimsWithoutEvidence: 1 };
    expect(r).toEqual({
      claims: 2,
      // Sentence recall 1 needs the gold sentences the corpus lists: the one read fed both the library and them.
      // Only the sentence that addresses the claim's focus is cited, and the claim without evidence
      // abstains even at floor 0: nothing addresses it.
      extractive: { retrieval: 'lexical', floor: 0.4, abstract: perfect, sentence: perfect, abstainNoEvidence: 1, abstainWithEvidence: 0, ...claims, stance: { accuracy: 1, judged: 1 }, meanRounds: 2, msPerClaim: expect.any(Number) },
      baseline: { retrieval: 'lexical', abstract: perfect, sentence: perfect, abstainNoEvidence: 0, abstainWithEvidence: 0, ...claims, stance: { accuracy: 0, judged: 0 } },
      sweep: [{ floor: 0, abstract: perfect, sentence: perfect, abstainNoEvidence: 1, abstainWithEvidence: 0, ...claims, stance: { accuracy: 1, judged: 1 } }],
      library: { docs: 3, papers: 3 },
    });
    expect(r.hybrid).toBeUndefined();
  });

  it('with mode hybrid, also embeds the library and asks again on hybrid retrieval, the lexical figures and the baseline unchanged', async () => {
    const files = { corpus: fixture('corpus.jsonl'), claims: fixture('claims.jsonl') };
    const lexicalOnly = await runEvidenceEval(files, { today: '2026-11-22', thread: false, floors: [0] });
    const r = await runEvidenceEval(files, { today: '2026-11-22', thread: false, floors: [0], mode: 'hybrid' });
    const { msPerClaim: _a, ...lexical } = lexicalOnly.extractive;
    expect(r.extractive).toEqual({ ...lexical, msPerClaim: expect.any(Number) });
    expect(r.baseline).toEqual(lexicalOnly.baseline);
    expect(r.sweep).toEqual(lexicalOnly.sweep);
    const h = r.hybrid!;
    expect(h.retrieval).toBe('hybrid');
    expect(h.claimsWithEvidence + h.claimsWithoutEvidence).toBe(2);
    expect(h.sweep.map((s) => s.floor)).toEqual([0]);
    // The library holds a vector per paper from the built-in model, and ask sent the model texts to embed.
    expect(h.embedding.model).toMatch(/^builtin\//);
    expect(h.embedding.vectors).toBe(r.library.papers);
    expect(h.embedding.textsPerClaim).toBeGreaterThan(0);
    // Hybrid still cites only what addresses the claim: on this fixture, the same one sentence.
    expect(h.sentence).toEqual(r.extractive.sentence);
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
