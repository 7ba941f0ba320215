import { describe, expect, it } from 'vitest';
import { BuiltinEmbeddingProvider } from './builtin/builtin-provider.js';
import { StaticModel } from './builtin/static-model.js';
import { memoizedProvider } from './memoized-provider.js';
import { countingProvider } from './test-support/counting-provider.js';

describe('memoizedProvider', () => {
  const model = new StaticModel(['galaxi', 'oven'], new Float32Array([1, 1]), new Float32Array([1, 0, 0, 1]), 2);

  it('sends only texts it has not embedded yet, once each, and answers with the same vectors', async () => {
    const inner = countingProvider(new BuiltinEmbeddingProvider(model));
    const memo = memoizedProvider(inner);
    const first = await memo.embed(['galaxy', 'oven', 'galaxy'], 'document');
    const second = await memo.embed(['oven', 'galaxy oven', 'galaxy'], 'document');
    expect(inner.calls).toEqual([
      { kind: 'document', texts: ['galaxy', 'oven'] },
      { kind: 'document', texts: ['galaxy oven'] },
    ]);
    expect(second[0]).toEqual(first[1]);
    expect(second[2]).toEqual(first[0]);
    expect(second[1]).toEqual((await new BuiltinEmbeddingProvider(model).embed(['galaxy oven'], 'document'))[0]);
    // Queries are kept apart (an asymmetric model embeds them differently); a call with nothing new makes none.
    await memo.embed(['galaxy'], 'query');
    await memo.embed(['galaxy'], 'query');
    expect(inner.calls.slice(2)).toEqual([{ kind: 'query', texts: ['galaxy'] }]);
    expect([memo.modelId, memo.dimensions]).toEqual([inner.modelId, 2]);
  });
});
