import { describe, expect, it } from 'vitest';
import type { EvidenceSentence } from './ask-types.js';
import { feedbackQuery } from './reformulate.js';

const ev = (text: string): EvidenceSentence => ({ paperId: 'p', docId: 1, sentenceIndex: 0, text, title: 't', score: 1 });
// Rarer words have higher idf.
const idf = { idf: (term: string) => ({ rerout: 5, capac: 4, spare: 3, expert: 1, token: 1 })[term] ?? 0.5 };

describe('feedbackQuery', () => {
  it('adds the most distinctive new words of the best evidence, not the query words, stopwords or numbers', () => {
    const q = feedbackQuery('dropped tokens', [ev('We reroute dropped tokens to an expert with spare capacity in 2024.'), ev('Rerouting helps.')], idf);
    expect(q).toBe('dropped tokens reroute capacity spare');
  });

  it('gives up when the evidence has nothing new', () => {
    expect(feedbackQuery('dropped tokens', [ev('Dropped tokens.')], idf)).toBeUndefined();
    expect(feedbackQuery('dropped tokens', [], idf)).toBeUndefined();
  });
});
