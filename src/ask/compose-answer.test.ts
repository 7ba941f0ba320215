import { describe, expect, it } from 'vitest';
import type { Statement } from './ask-types.js';
import { arrangeStatements, attributed, checkedNote, composeAnswer, numberCitations, shortName, thirdPerson } from './compose-answer.js';

const st = (paperId: string, i: number, text: string, stance?: Statement['stance']): Statement => ({
  text, citations: [{ paperId, sentenceIndex: i, quote: text }], ...(stance ? { stance } : {}),
});
const papers = new Map([
  ['A', { title: 'Rectify-Router: Rerouting Dropped Tokens in MoE', date: '2024-01-10' }],
  ['B', { title: 'Load Balancing Losses for Sparse Expert Layers' }],
  ['C', { title: 'LagKV Tells Which Tokens Are Important', date: '2025-04-07' }],
]);

describe('shortName', () => {
  it('takes the name before a colon, a coined leading name, else the title quoted', () => {
    expect(shortName('Rectify-Router: Rerouting Dropped Tokens in MoE')).toBe('Rectify-Router');
    expect(shortName('LagKV Tells Which Tokens Are Important')).toBe('LagKV');
    expect(shortName('Capacity-Aware Token Rerouting')).toBe('“Capacity-Aware Token Rerouting”');
    expect(shortName('Why do LLMs attend to the first token?')).toBe('“Why do LLMs attend to the first token?”');
    // A longer phrase before the colon is quoted, not the whole title cut mid-word.
    expect(shortName('When Sinks Help or Hurt: Unified Framework for Attention Sink in Large Vision-Language Models')).toBe('“When Sinks Help or Hurt”');
    expect(shortName('Training Models on Dialects of Translationese Shows How Lexical Diversity and Source-Target Syntactic Similarity Shape Learning')).toBe('“Training Models on Dialects of Translationese Shows How…”');
  });
});

describe('attributed', () => {
  it('names the paper and resolves first-person references, leaving no dangling we, our or this', () => {
    const info = papers.get('A')!;
    expect(attributed('We propose rerouting dropped tokens to spare experts.', info)).toBe('Rectify-Router (2024) proposes rerouting dropped tokens to spare experts.');
    expect(attributed('In this paper, we also study padding.', info)).toBe('Rectify-Router (2024) also studies padding.');
    // Any -ly adverb stands aside for the verb; "rely" is the verb.
    expect(attributed('In this paper, we systematically study padding.', info)).toBe('Rectify-Router (2024) systematically studies padding.');
    expect(attributed('We rely on padding.', info)).toBe('Rectify-Router (2024) relies on padding.');
    expect(attributed('Our key idea is to reroute tokens, which we show helps.', info)).toBe('Rectify-Router (2024): its key idea is to reroute tokens, which the authors show helps.');
    expect(attributed('Tokens are dropped when experts overflow in this work.', info)).toBe('Rectify-Router (2024): Tokens are dropped when experts overflow in Rectify-Router.');
    for (const text of ['We find that our router helps.', 'This paper studies our method.']) expect(attributed(text, info)).not.toMatch(/\b(?:we|our|this paper)\b/i);
  });

  it('conjugates the verb after "we"', () => {
    expect(['propose', 'introduce', 'study', 'have', 'match', 'can', 'showed'].map(thirdPerson)).toEqual(['proposes', 'introduces', 'studies', 'has', 'matches', 'can', 'showed']);
  });
});

describe('arrangeStatements', () => {
  it('leads with the first (most direct) statement, then groups by paper, dropping repeats', () => {
    const arranged = arrangeStatements(
      [st('C', 1, 'LagKV evicts tokens by comparing keys.'), st('A', 0, 'Dropped tokens are rerouted.'), st('C', 3, 'It needs no attention weights.'), st('A', 2, 'Dropped tokens are rerouted!')],
      papers,
    );
    expect(arranged.map((s) => `${s.citations[0]!.paperId}${s.citations[0]!.sentenceIndex}`)).toEqual(['C1', 'C3', 'A0']);
    expect(arranged[0]!.shown).toBe('LagKV (2025): LagKV evicts tokens by comparing keys.');
    // C3 runs on in LagKV's paragraph: named once, not "LagKV (2025): … LagKV (2025): …".
    expect(arranged[1]!.shown).toBe('It needs no attention weights.');
    expect(arranged[2]!.shown).toBe('Rectify-Router (2024): Dropped tokens are rerouted.');
    expect(composeAnswer(arranged)).toBe('LagKV (2025): LagKV evicts tokens by comparing keys. [1] It needs no attention weights. [2]\nRectify-Router (2024): Dropped tokens are rerouted. [3]');
  });

  it('says "it" for a paper named just before: "we" and "our" become "It" and "Its"', () => {
    const info = papers.get('A')!;
    expect(attributed('We propose rerouting.', info, true)).toBe('It proposes rerouting.');
    expect(attributed('Our router helps.', info, true)).toBe('Its router helps.');
    expect(attributed('Padding wastes compute.', info, true)).toBe('Padding wastes compute.');
  });

  it('keeps it short: a few statements, two from one paper', () => {
    const many = ['Routers overflow.', 'Padding wastes compute.', 'Rerouting recovers accuracy.', 'Latency stays flat.'].map((t, i) => st('A', i, t));
    expect(arrangeStatements(many, papers)).toHaveLength(2);
  });

  it('puts a claim’s supporting evidence before the contradicting', () => {
    const arranged = arrangeStatements([st('B', 0, 'It did not help.', 'contradicts'), st('A', 0, 'It helps.', 'supports')], papers);
    expect(arranged.map((s) => s.stance)).toEqual(['supports', 'contradicts']);
  });
});

describe('composeAnswer', () => {
  it('writes one paragraph per paper with the paper named once, numbering citations in order', () => {
    const text = composeAnswer(arrangeStatements([st('A', 0, 'Tokens drop.'), st('A', 2, 'We reroute them.'), st('B', 1, 'Losses balance load.')], papers));
    expect(text).toBe('Rectify-Router (2024): Tokens drop. [1] It reroutes them. [2]\n“Load Balancing Losses for Sparse Expert Layers”: Losses balance load. [3]');
  });

  it('puts a claim’s supporting and contradicting evidence under headings', () => {
    const text = composeAnswer(arrangeStatements([st('A', 0, 'It helps.', 'supports'), st('B', 0, 'It did not help.', 'contradicts')], papers));
    expect(text.split('\n')).toEqual(['Evidence for the claim:', 'Rectify-Router (2024): It helps. [1]', 'Evidence against the claim:', '“Load Balancing Losses for Sparse Expert Layers”: It did not help. [2]']);
  });

  it('keeps one number for a sentence cited twice', () => {
    expect(numberCitations([st('A', 0, 'x'), st('A', 0, 'x'), st('B', 0, 'y')]).map((c) => c.n)).toEqual([1, 2]);
  });
});

describe('checkedNote', () => {
  const plan = { kind: 'library' as const, query: 'q', why: 'w' };
  it('says each quote is in its paper and addresses the focus, and how sure paperboy is, against background questions', () => {
    expect(checkedNote({ abstained: false, focus: ['dropped', 'tokens'], confidence: 'medium', plan }, true)).toBe(
      'Each quote was checked: it is in its paper and it addresses “dropped tokens”; confidence medium (how far its best evidence clears what random questions of the same shape reach in this library).',
    );
    expect(checkedNote({ abstained: true, focus: ['boiling', 'point'], plan }, true)).toMatch(/^No sentence of the library addresses “boiling point” better than questions of the same shape/);
  });

  it('never claims a comparison with random questions that a small library did not make', () => {
    expect(checkedNote({ abstained: false, focus: ['pretraining', 'objectives'], confidence: 'high', plan }, false)).toBe(
      'Each quote was checked: it is in its paper and it addresses “pretraining objectives”; confidence high (how much of “pretraining objectives” its best evidence covers; the library is too small to compare with random questions).',
    );
    expect(checkedNote({ abstained: true, focus: ['boiling', 'point'], plan }, false)).toBe('No sentence of the library covers enough of “boiling point”, so there is no answer.');
    expect(checkedNote({ abstained: false, focus: ['findings'], confidence: 'high', plan: { ...plan, kind: 'paper' } }, false)).not.toContain('too small');
  });
});
