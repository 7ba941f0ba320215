import { describe, expect, it } from 'vitest';
import { direction, stanceOf } from './claim-stance.js';

describe('stanceOf', () => {
  it('reads null findings as contradicting a positive claim', () => {
    expect(stanceOf('Aspirin reduces stroke risk', 'Aspirin did not reduce the incidence of stroke.')).toBe('contradicts');
    expect(stanceOf('Aspirin reduces stroke risk', 'There was no significant difference in stroke rates.')).toBe('contradicts');
    expect(stanceOf('Aspirin reduces stroke risk', 'Aspirin reduced stroke risk by 20%.')).toBe('supports');
  });

  it('reads opposite direction words as contradiction, negation flipping direction', () => {
    expect(stanceOf('Exercise increases bone density', 'Bone density decreased after the exercise program.')).toBe('contradicts');
    expect(stanceOf('Exercise increases bone density', 'Bone density increased in the exercise group.')).toBe('supports');
    expect(direction('levels did not increase')).toBe(-1);
    expect(direction('the model was trained')).toBe(0);
  });

  it('a null claim is not contradicted by a null finding', () => {
    expect(stanceOf('Drug X does not affect mortality', 'Drug X did not alter mortality.')).toBe('supports');
  });
});
