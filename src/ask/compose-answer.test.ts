import { describe, expect, it } from 'vitest';
import type { Statement } from './ask-types.js';
import { composeAnswer, numberCitations } from './compose-answer.js';

const st = (paperId: string, i: number, text: string, stance?: Statement['stance']): Statement => ({
  text, citations: [{ paperId, sentenceIndex: i, quote: text }], ...(stance ? { stance } : {}),
});
const papers = new Map([
  ['A', { title: 'Token Rerouting', date: '2024-01-10' }],
  ['B', { title: 'Load Balancing' }],
]);

describe('composeAnswer', () => {
  it('gives each paper one lead-in and numbers citations in order', () => {
    const text = composeAnswer([st('A', 0, 'Tokens drop.'), st('A', 2, 'We reroute them.'), st('B', 1, 'Losses balance load.')], papers);
    expect(text).toBe('“Token Rerouting” (2024) reports: Tokens drop. [1] We reroute them. [2]\n“Load Balancing” reports: Losses balance load. [3]');
  });

  it('puts a claim’s supporting and contradicting evidence under headings', () => {
    const text = composeAnswer([st('A', 0, 'It helps.', 'supports'), st('B', 0, 'It did not help.', 'contradicts')], papers);
    expect(text.split('\n')).toEqual(['Evidence for the claim:', '“Token Rerouting” (2024) reports: It helps. [1]', 'Evidence against the claim:', '“Load Balancing” reports: It did not help. [2]']);
  });

  it('keeps one number for a sentence cited twice', () => {
    expect(numberCitations([st('A', 0, 'x'), st('A', 0, 'x'), st('B', 0, 'y')]).map((c) => c.n)).toEqual([1, 2]);
  });
});
