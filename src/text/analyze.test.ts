import { describe, expect, it } from 'vitest';
import { analyze, forEachToken, STOPWORDS, stem, termOf, tokenize } from './analyze.js';

describe('tokenize', () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ['Gödel, Escher, Bach', ['godel', 'escher', 'bach']],
    ['GPT-4 beats gpt-3.5', ['gpt', '4', 'beats', 'gpt', '3', '5']],
    ["the model's output", ['the', 'model', 'output']],
    ['the model\u2019s output', ['the', 'model', 'output']],
    ["don't stop", ['don', 't', 'stop']],
    ["models' outputs", ['models', 'outputs']],
    ['ﬁne-tuning', ['fine', 'tuning']], // ligature, by NFKD
    ['１２３ ＡＢＣ', ['123', 'abc']], // full-width forms, by NFKD
    ['Ελληνικά and 東京', ['ελληνικα', 'and', '東京']],
    ['naïve café', ['naive', 'cafe']],
    ['emoji 🚀 rocket', ['emoji', 'rocket']],
    ['', []],
    ['  --- ', []],
  ])('%j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('gives token positions in the folded text', () => {
    const seen: string[] = [];
    forEachToken('Über Größe', (folded, start, end) => seen.push(folded.slice(start, end)));
    expect(seen).toEqual(['uber', 'große']);
  });

  // The ASCII fast path and the Unicode regex path must agree: a trailing "é" forces the regex.
  it('tokenizes ASCII the same on both paths (fuzz)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = "aZ9 '-s.S_\t\u0000,";
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(random() * 20);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(tokenize(`${text} \u00e9`), JSON.stringify(text)).toEqual([...tokenize(text), 'e']);
    }
  });
});

describe('analyze', () => {
  it('drops stopwords and stems', () => {
    expect(analyze('The Learning of Models is such a thing')).toEqual(['learn', 'model', 'thing']);
    expect(analyze('Transformers transforming transformations')).toEqual(['transform', 'transform', 'transform']);
  });

  it('leaves nothing of a stopword-only text', () => {
    expect(analyze('the of and to')).toEqual([]);
  });

  it('keeps meaning-bearing words that longer stop lists drop', () => {
    expect(analyze('first new general')).toEqual(['first', 'new', 'gener']);
    expect(STOPWORDS.size).toBe(33);
  });

  it('maps single tokens consistently', () => {
    expect(termOf('the')).toBeUndefined();
    expect(termOf('happiness')).toBe('happi');
    expect(stem('happiness')).toBe('happi');
    expect(stem('the')).toBe('the');
    expect(termOf('2024')).toBe('2024');
  });
});
