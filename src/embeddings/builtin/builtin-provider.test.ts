import { describe, expect, it } from 'vitest';
import { BuiltinEmbeddingProvider } from './builtin-provider.js';
import { StaticModel } from './static-model.js';

describe('BuiltinEmbeddingProvider', () => {
  const model = new StaticModel(['galaxi', 'oven'], new Float32Array([1, 1]), new Float32Array([1, 0, 0, 1]), 2);

  it('names the model by format version and weights hash', () => {
    const provider = new BuiltinEmbeddingProvider(model);
    expect(provider.modelId).toBe(`builtin/1/${model.weightsHash().slice(0, 16)}`);
    expect(provider.dimensions).toBe(2);
  });

  it('embeds queries and documents alike, from a saved model too', async () => {
    const provider = BuiltinEmbeddingProvider.fromBytes(model.serialize());
    const [q] = await provider.embed(['galaxy'], 'query');
    const [d] = await provider.embed(['galaxy'], 'document');
    expect(Array.from(q!)).toEqual([1, 0]);
    expect(d).toEqual(q);
    expect(provider.modelId).toBe(new BuiltinEmbeddingProvider(model).modelId);
  });
});
