import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile', () => {
  it('is the nearest rank: always one of the values, whatever their order', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([5, 1, 4, 2, 3, 10, 7, 6, 9, 8], 95)).toBe(10);
    expect(percentile([5, 1, 4, 2, 3, 10, 7, 6, 9, 8], 90)).toBe(9);
    expect([percentile([7, 3], 0), percentile([7, 3], 100)]).toEqual([3, 7]);
  });

  it('is NaN for no values, not a made-up 0', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
