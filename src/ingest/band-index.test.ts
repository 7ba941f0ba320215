import { describe, expect, it } from 'vitest';
import { BandIndex } from './band-index.js';

describe('BandIndex', () => {
  it('finds the papers sharing a band, each once', () => {
    const idx = new BandIndex();
    // Hashes differ above their two low bits (the index keeps 30 of a band's 32 bits).
    idx.add(1, [40, 44, 48]);
    idx.add(2, [48, 52]);
    idx.add(2, [48]);
    expect(idx.size).toBe(5);
    expect(idx.lookup([48, 396, 40])).toEqual(new Map([[48, [1, 2]], [40, [1]]]));
    // The same hash at another band position is another band.
    expect(idx.lookup([2 ** 32 + 40])).toEqual(new Map());
  });

  it('survives a serialize round trip, including 48-bit band hashes', () => {
    const idx = new BandIndex();
    idx.add(7, [15 * 2 ** 32 + 123456789, 3]);
    idx.add(8, [3]);
    const back = BandIndex.deserialize(idx.serialize().slice());
    expect(back.size).toBe(3);
    expect(back.lookup([15 * 2 ** 32 + 123456789, 3])).toEqual(idx.lookup([15 * 2 ** 32 + 123456789, 3]));
  });

  it('refuses foreign or truncated bytes', () => {
    expect(() => BandIndex.deserialize(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a band index/);
    const bytes = new BandIndex().serialize();
    const idx = new BandIndex();
    idx.add(1, [2]);
    expect(() => BandIndex.deserialize(idx.serialize().subarray(0, 12))).toThrow(/truncated/);
    expect(BandIndex.deserialize(bytes).size).toBe(0);
  });
});
