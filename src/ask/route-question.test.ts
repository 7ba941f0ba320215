import { describe, expect, it } from 'vitest';
import { routeQuestion } from './route-question.js';

const today = '2026-11-22';

describe('routeQuestion', () => {
  it('scopes to a paper named by --paper or mentioned by id', () => {
    expect(routeQuestion('what does it conclude?', { paperId: '2401.00001', today })).toMatchObject({ kind: 'paper', paperId: '2401.00001', query: 'conclude' });
    const plan = routeQuestion('What does 2503.11731v2 say about routing?', { today });
    expect(plan).toMatchObject({ kind: 'paper', paperId: '2503.11731v2' });
    expect(plan.query).toContain('routing');
    expect(plan.query).not.toContain('2503');
    expect(plan.why).toContain('2503.11731v2');
  });

  it('prefers recent papers for recency words, with a since date', () => {
    expect(routeQuestion('What are the latest papers on mixture of experts?', { today })).toMatchObject({ kind: 'recent', since: '2026-08-24', query: 'mixture of experts' });
    expect(routeQuestion('new work on retrieval this week', { today })).toMatchObject({ kind: 'recent', since: '2026-11-15' });
    expect(routeQuestion('what happened in 2026 with diffusion models?', { today })).toMatchObject({ kind: 'recent', since: '2026-01-01' });
    expect(routeQuestion('recent results on speculative decoding', { today }).why).toContain("'recent'");
  });

  it('drops a "how long/many/…" opening whole: its adjective asks for a number, it is not what the question is about', () => {
    expect(routeQuestion('How long before a lane change can EEG predict it?', { today })).toMatchObject({ kind: 'library', query: 'before a lane change can EEG predict it' });
    expect(routeQuestion('How many bits per parameter can a model store?', { today }).query).toBe('bits per parameter can a model store');
  });

  it('treats statements and yes/no questions as claims, stripping the scaffolding', () => {
    expect(routeQuestion('Is there evidence that dropout reduces overfitting?', { today })).toMatchObject({ kind: 'claim', query: 'dropout reduces overfitting' });
    expect(routeQuestion('Does load balancing improve expert utilisation?', { today })).toMatchObject({ kind: 'claim', query: 'load balancing improve expert utilisation' });
    expect(routeQuestion('Vitamin D supplementation lowers the risk of fractures.', { today })).toMatchObject({ kind: 'claim', query: 'Vitamin D supplementation lowers the risk of fractures' });
  });

  it("asks about the library's content otherwise", () => {
    const plan = routeQuestion('How do mixture-of-experts models handle dropped tokens?', { today });
    expect(plan).toMatchObject({ kind: 'library', query: 'mixture-of-experts models handle dropped tokens' });
    expect(routeQuestion('tell me about papers on token routing', { today })).toMatchObject({ kind: 'library', query: 'token routing' });
    expect(routeQuestion('transformers', { today }).kind).toBe('library');
  });
});
