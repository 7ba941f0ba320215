import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { bytesSource } from '../../core/byte-source.js';
import { StaticModel } from './static-model.js';

function tinyModel(): StaticModel {
  // Terms are index terms (stemmed): "galaxi" is the stem of "galaxy"/"galaxies".
  const terms = ['galaxi', 'star', 'oven'];
  const idf = new Float32Array([1, 2, 0.5]);
  const vectors = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  return new StaticModel(terms, idf, vectors, 3);
}

describe('StaticModel', () => {
  it('embeds as the idf-weighted mean of term vectors, unit length', () => {
    const [v] = tinyModel().embed(['Galaxies and a star']);
    // galaxi weight 1, star weight 2 -> (1, 2, 0) / sqrt(5)
    expect(Array.from(v!)).toEqual([1 / Math.sqrt(5), 2 / Math.sqrt(5), 0].map((x) => Math.fround(x)));
  });

  it('counts every occurrence and embeds text with no known term as zeros', () => {
    const [a, b] = tinyModel().embed(['star star galaxy', 'the unknown words']);
    const n = Math.hypot(1, 4);
    expect(a![0]).toBeCloseTo(1 / n, 6);
    expect(a![1]).toBeCloseTo(4 / n, 6);
    expect(Array.from(b!)).toEqual([0, 0, 0]);
  });

  it('round-trips through serialize', () => {
    const model = tinyModel();
    const bytes = model.serialize();
    const copy = StaticModel.deserialize(bytes);
    expect(copy.terms).toEqual(model.terms);
    expect(Array.from(copy.idf)).toEqual(Array.from(model.idf));
    expect(Array.from(copy.vectors)).toEqual(Array.from(model.vectors));
    expect(copy.weightsHash()).toBe(model.weightsHash());
    expect(copy.embed(['oven star'])).toEqual(model.embed(['oven star']));
    // Also from an unaligned view.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(StaticModel.deserialize(shifted.subarray(1)).terms).toEqual(model.terms);
  });

  it('refuses another format version clearly', () => {
    const bytes = tinyModel().serialize();
    new DataView(bytes.buffer).setUint32(4, 99, true);
    expect(() => StaticModel.deserialize(bytes)).toThrow(/format version 99 is not supported.*retrain/);
  });

  it('refuses what is not a model', () => {
    expect(() => StaticModel.deserialize(new Uint8Array(3))).toThrow(/too short/);
    expect(() => StaticModel.deserialize(new Uint8Array(64))).toThrow(/bad magic/);
    const bytes = tinyModel().serialize();
    expect(() => StaticModel.deserialize(bytes.subarray(0, bytes.length - 4))).toThrow(/implies/);
  });

  it('hashes different weights differently', () => {
    const a = tinyModel();
    const vectors = a.vectors.slice();
    vectors[0] = 0.5;
    const b = new StaticModel(a.terms, a.idf, vectors, 3);
    expect(a.weightsHash()).not.toBe(b.weightsHash());
    expect(a.weightsHash()).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('StaticModel opened in parts', () => {
  /** 2,000 terms of 16 dimensions with distinct values. */
  function largeModel(): StaticModel {
    const terms = Array.from({ length: 2000 }, (_, i) => `term${i}`);
    const idf = Float32Array.from(terms, (_, i) => 1 + (i % 7) / 3);
    const vectors = Float32Array.from({ length: 2000 * 16 }, (_, i) => Math.sin(i * 0.37));
    return new StaticModel(terms, idf, vectors, 16);
  }
  const texts = ['term5 term17 term5', 'term1999 term0 nothing', 'term700 term701 term702 term1200', 'unknown words only'];

  it('embeds exactly as the whole model does, reading only the rows its texts use', () => {
    const whole = largeModel();
    const bytes = whole.serialize();
    let read = 0;
    const source = bytesSource(bytes);
    const counted = { ...source, read: (offset: number, length: number) => ((read += length), source.read(offset, length)) };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const opened = StaticModel.open(counted, sha256);
    expect(opened.openedInParts).toBe(true);
    expect(opened.embed(texts)).toEqual(whole.embed(texts));
    // One at a time too, and again: rows already read are not read again.
    for (const t of texts) expect(opened.embed([t])).toEqual(whole.embed([t]));
    const after = read;
    opened.embed(texts);
    expect(read).toBe(after);
    // The vectors are 2,000 x 16 x 4 = 128 kB; the texts use 10 terms.
    expect(read).toBeLessThan(bytes.length / 4);
    expect(opened.weightsHash()).toBe(whole.weightsHash());
    expect(Buffer.from(opened.serialize()).equals(Buffer.from(bytes))).toBe(true);
    expect(() => opened.vectors).toThrow(/opened in parts/);
  });
});
