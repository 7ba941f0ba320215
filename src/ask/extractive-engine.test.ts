import { describe, expect, it } from 'vitest';
import type { AskPlan, EvidenceSentence } from './ask-types.js';
import { extractiveEngine } from './extractive-engine.js';

const sentence = (sentenceIndex: number, text: string): EvidenceSentence => ({ paperId: '2602.14744', docId: 1, sentenceIndex, text, title: 'Rethinking the Role of LLMs in Time Series Forecasting', score: 1 - sentenceIndex / 10 });
const claim = (query: string): AskPlan => ({ kind: 'claim', query, why: 'a statement' });

describe('extractive engine, claims', () => {
  it('keeps the sentences that speak to what the claim asserts, leaving out those that only share its topic', async () => {
    const evidence = [
      sentence(0, 'Large language models (LLMs) have been introduced to time series forecasting to incorporate contextual knowledge.'),
      sentence(1, 'However, existing studies question whether LLMs provide genuine benefits.'),
      sentence(4, 'Our results demonstrate that LLM4TS indeed improves forecasting performance.'),
    ];
    const drafted = await extractiveEngine().draft('', claim('Large language models bring no benefit to time series forecasting.'), evidence, {});
    // Sentence 0 asserts nothing about benefit (topic only), sentence 1 states no finding: only "indeed improves" is evidence, against.
    expect(drafted.map((s) => [s.citations[0]!.sentenceIndex, s.stance])).toEqual([[4, 'contradicts']]);
  });

  it('keeps topic sentences when none speaks to the claim, and leaves out a quantity word in another sense', async () => {
    const drafted = await extractiveEngine().draft('', claim('A reverse-digit order makes multiplication easier to learn.'), [sentence(0, 'On multiplication, it recovered the reverse-digit order reported in prior studies.')], {});
    expect(drafted.map((s) => s.stance)).toEqual(['supports']);
    const emo = await extractiveEngine().draft('', claim('Mixture-of-experts models never drop tokens.'), [sentence(0, 'Retaining only 25% (12.5%) of experts incurs just a 1% (3%) absolute drop.')], {});
    expect(emo).toEqual([]);
  });
});
