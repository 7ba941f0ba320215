import { describe, expect, it } from 'vitest';
import { cTfIdf, labelTerms } from './c-tf-idf.js';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

describe('c-TF-IDF labels', () => {
  // "model" is frequent in both topics, so it is not distinctive; each topic's own words are.
  const topics = [
    counts({ model: 10, galaxy: 6, stellar: 4, of: 2 }),
    counts({ model: 10, protein: 5, enzyme: 5, cell: 1 }),
  ];

  it('weighs terms concentrated in one topic above terms spread over all', () => {
    const ranked = cTfIdf(topics, 10);
    expect(ranked[0]![0]!.term).toBe('galaxy');
    const model = ranked[0]!.find((t) => t.term === 'model')!;
    const stellar = ranked[0]!.find((t) => t.term === 'stellar')!;
    // Topic sizes 22 and 21 terms, so A = 21.5. model: 10/22 · log(1 + 21.5/20) = 0.332;
    // stellar: 4/22 · log(1 + 21.5/4) = 0.337.
    expect(model.weight).toBeCloseTo((10 / 22) * Math.log(1 + 21.5 / 20), 6);
    expect(stellar.weight).toBeCloseTo((4 / 22) * Math.log(1 + 21.5 / 4), 6);
    // Words under three characters ("of") are never label terms.
    expect(ranked[0]!.map((t) => t.term)).not.toContain('of');
  });

  it('never labels a topic with function words, however concentrated', () => {
    // "under" and "than" are this topic's most concentrated words, but say nothing about it.
    const labels = labelTerms([counts({ under: 9, than: 9, failure: 4, robust: 3 }), counts({ speech: 5, audio: 5 })], { terms: 2 });
    expect(labels[0]).toEqual(['failure', 'robust']);
  });

  it('labels each topic with its own words first, de-duplicated across topics', () => {
    const labels = labelTerms(topics, { terms: 2 });
    expect(labels[0]).toEqual(['galaxy', 'stellar']);
    expect(labels[1]).toEqual(['enzyme', 'protein']);
  });

  it('gives a shared term to the topic that weighs it most', () => {
    // "learning" weighs more in topic 1 (8 of 10 terms) than in topic 0 (2 of 10).
    const labels = labelTerms([counts({ learning: 2, graph: 8 }), counts({ learning: 8, speech: 2 }), counts({ robot: 5, words: 5 })], { terms: 1 });
    expect(labels).toEqual([['graph'], ['learning'], ['robot']]);
  });
});
