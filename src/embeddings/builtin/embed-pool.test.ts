import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbedPool } from './embed-pool.js';
import { BuiltinEmbeddingProvider } from './builtin-provider.js';
import { StaticModel } from './static-model.js';
import { mulberry32 } from '../../core/random.js';
import { trainStaticModel, type TrainingDoc } from './train.js';

const WORDS = (
  'galaxy star quasar redshift telescope cosmic dark matter halo spectrum neutron pulsar ' +
  'protein enzyme receptor binding mutation genome cell tissue clinical patient trial dose ' +
  'network neural gradient transformer attention token layer training loss benchmark dataset'
).split(' ');

/** Random word salad, some words out of the vocabulary, a few texts empty or punctuation only. */
function texts(n: number, seed: number): string[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    if (i % 97 === 5) return i % 2 ? '' : '... !!';
    const len = 3 + Math.floor(rng() * 60);
    return Array.from({ length: len }, () => (rng() < 0.1 ? `zz${Math.floor(rng() * 1000)}` : WORDS[Math.floor(rng() * WORDS.length)]!)).join(' ');
  });
}

function trainedModel(): StaticModel {
  const all = texts(200, 1);
  const docs: TrainingDoc[] = all.map((t, i) => ({ title: t.split(' ').slice(0, 4).join(' '), abstract: `${t}. ${all[(i + 1) % all.length]}.` }));
  return trainStaticModel(docs, { dimensions: 24, seed: 3 });
}

const bits = (vs: Float32Array[]) => vs.map((v) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length)));

describe('BuiltinEmbeddingProvider with worker threads', () => {
  const model = trainedModel();
  const providers: BuiltinEmbeddingProvider[] = [];
  const provider = (options: ConstructorParameters<typeof BuiltinEmbeddingProvider>[1]) => {
    const p = new BuiltinEmbeddingProvider(model, options);
    providers.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
  });

  it('embeds large calls across threads to exactly the single-threaded vectors', async () => {
    const input = texts(601, 7);
    const expected = bits(model.embed(input));
    for (const workers of [1, 2]) {
      const vectors = await provider({ workers, minParallelTexts: 100 }).embed(input, 'document');
      expect(vectors).toHaveLength(input.length);
      expect(vectors.every((v) => v.length === model.dimensions && v.byteOffset === 0 && v.buffer.byteLength === 4 * model.dimensions)).toBe(true);
      expect(bits(vectors)).toEqual(expected);
    }
  });

  it('is deterministic across calls, concurrent calls and a model from bytes', async () => {
    const input = texts(600, 11);
    const expected = bits(model.embed(input));
    const p = provider({ workers: 2, minParallelTexts: 100 });
    const [a, b] = await Promise.all([p.embed(input, 'document'), p.embed(input.slice().reverse(), 'document')]);
    expect(bits(a)).toEqual(expected);
    expect(bits(b)).toEqual(expected.slice().reverse());
    expect(bits(await p.embed(input, 'document'))).toEqual(expected);
    // A saved model loads into shared memory; the workers read it in place.
    const loaded = BuiltinEmbeddingProvider.fromBytes(model.serialize(), { workers: 1, minParallelTexts: 100 });
    providers.push(loaded);
    expect(loaded.model.vectors.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bits(await loaded.embed(input, 'document'))).toEqual(expected);
  });

  it('keeps small calls on this thread, and copies a model not in shared memory for the workers', async () => {
    const pooled = vi.spyOn(EmbedPool.prototype, 'embed');
    try {
      const plain = new StaticModel(['galaxi', 'oven'], new Float32Array([1, 1]), new Float32Array([1, 0, 0, 1]), 2);
      const p = new BuiltinEmbeddingProvider(plain, { workers: 1, minParallelTexts: 4 });
      providers.push(p);
      expect((await p.embed(['galaxy'], 'query')).map((v) => Array.from(v))).toEqual([[1, 0]]);
      expect(pooled).not.toHaveBeenCalled();
      const many = ['galaxy', 'oven', 'galaxy oven', 'nothing', 'ovens'];
      expect(bits(await p.embed(many, 'document'))).toEqual(bits(plain.embed(many)));
      expect(pooled).toHaveBeenCalledTimes(1);
      expect(plain.vectors.buffer).toBeInstanceOf(ArrayBuffer); // the model itself is untouched
    } finally {
      pooled.mockRestore();
    }
  });

  it('stops its workers on close, and starts them again on the next large call', async () => {
    const input = texts(300, 5);
    const expected = bits(model.embed(input));
    const p = provider({ workers: 1, minParallelTexts: 100 });
    expect(bits(await p.embed(input, 'document'))).toEqual(expected);
    await p.close();
    await p.close(); // idempotent
    expect(bits(await p.embed(input, 'document'))).toEqual(expected);
    // A call in flight when the provider closes fails rather than hanging.
    const inFlight = expect(p.embed(input, 'document')).rejects.toThrow(/closed/);
    await p.close();
    await inFlight;
  });

  it('embedInto writes the same vectors into one array', () => {
    const input = texts(50, 9);
    const flat = model.embedInto(input);
    const dim = model.dimensions;
    expect(bits(input.map((_, i) => flat.slice(i * dim, (i + 1) * dim)))).toEqual(bits(model.embed(input)));
  });
});
