import type { EmbeddingProvider } from '../embedding-provider.js';

export interface CountingProvider extends EmbeddingProvider {
  /** Every call that reached the wrapped provider: its kind and texts. */
  readonly calls: { kind: 'query' | 'document'; texts: string[] }[];
}

/** A real provider, wrapped to record what it is asked to embed (for tests and benchmarks). */
export function countingProvider(provider: EmbeddingProvider): CountingProvider {
  const calls: CountingProvider['calls'] = [];
  return {
    modelId: provider.modelId,
    get dimensions() {
      return provider.dimensions;
    },
    calls,
    embed(texts, kind) {
      calls.push({ kind, texts: [...texts] });
      return provider.embed(texts, kind);
    },
  };
}
