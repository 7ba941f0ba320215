import { describe, expect, it } from 'vitest';
import { answerTest, statesFinding, statesGap, statesNoAnswer } from './answer-type.js';

describe('the kind of answer a question asks for', () => {
  it('asks a factoid for a sentence stating a number, a date or a name; a description for any sentence', () => {
    expect(answerTest('What is the boiling point of water?')('Water looks unchanged as it warms, then at a critical point it boils.')).toBe(false);
    expect(answerTest('What is the boiling point of water?')('Water boils at 100 degrees at sea level.')).toBe(true);
    expect(answerTest('When was the transformer introduced?')('The transformer appeared in 2017.')).toBe(true);
    expect(answerTest('When was the transformer introduced?')('The transformer replaced recurrence.')).toBe(false);
    // "When" opening a clause asks no date.
    expect(answerTest('When decoding phonemes layer by layer, which layer gives the fewest errors?')('The best layer is two below the top.')).toBe(true);
    expect(answerTest('How do experts handle dropped tokens?')('Anything at all.')).toBe(true);
  });
});

describe('the moves of an abstract that never answer', () => {
  it('knows a gap in what is known, which names the focus because it does not answer it', () => {
    expect(statesGap('However, pre-training objectives tailored for ad-hoc retrieval have not been well explored.')).toBe(true);
    expect(statesGap('Diffusion language models are data efficient, yet the underlying mechanisms remain unclear.')).toBe(true);
    expect(statesGap('Little is known about how judges grade their own outputs.')).toBe(true);
    // A limit stated as a result is an answer.
    expect(statesGap('The gain is limited to small models.')).toBe(false);
  });

  it('knows a pointer to code or data, whatever words its URL shares with a question', () => {
    expect(statesNoAnswer('Our code is available at https://github.com/zitian-gao/data-efficiency.')).toBe(true);
    expect(statesNoAnswer('Code and data are publicly available.')).toBe(true);
    expect(statesNoAnswer('We release a dataset of 10k dialogues annotated for PII.')).toBe(false);
  });

  it('knows a finding, the answer to the question a gap sentence posed', () => {
    expect(statesFinding('Our results show that random masking of input tokens plays the dominant role.')).toBe(true);
    expect(statesFinding('We further show that similar gains can be obtained through dropout.')).toBe(true);
    expect(statesFinding('In this work, we perform extensive ablation experiments to disentangle the sources of this efficiency.')).toBe(false);
  });
});
