import { describe, expect, it } from 'vitest';
import { searchText, withAmericanSpellings } from './candidate-pool.js';

describe('what ask searches for', () => {
  it('drops the framing words a question opens with, which would find papers about themselves', () => {
    // "explains" stems to "explain", the word of every paper on explainable AI.
    expect(searchText('explains the data efficiency of diffusion language models')).toBe('the data efficiency of diffusion language models');
    expect(searchText('much more often do LLM judges accept failed rubric items')).toBe('LLM judges accept failed rubric items');
  });

  it('keeps framing words inside the question and in compounds, and a question that is all framing', () => {
    expect(searchText('factor matters most for many-shot jailbreaking')).toBe('factor matters most for many-shot jailbreaking');
    expect(searchText('key-value cache eviction')).toBe('key-value cache eviction');
    expect(searchText('how does it work')).toBe('how does it work');
  });
});

describe('searching a British question', () => {
  it('adds the American spelling of each British word, since the index holds words as papers spell them', () => {
    expect(withAmericanSpellings('is colour needed to recognise a place')).toBe('is colour needed to recognise a place color recognize');
    expect(withAmericanSpellings('is color needed')).toBe('is color needed');
  });
});
