import type { EmbeddingProvider } from './embedding-provider.js';

/**
 * The provider, remembering every vector it made: of calls made one after another, each (kind,
 * text) reaches the wrapped provider once (calls at the same time may both send a text), and only
 * the texts not seen yet go out, in one call. For one short job, such as one
 * `ask`, whose retrieval rounds read mostly the same candidate sentences; it never forgets, so it
 * is not for a long-lived process. It does not close the provider it wraps: the caller owns that.
 */
export function memoizedProvider(provider: EmbeddingProvider): EmbeddingProvider {
  const known = { query: new Map<string, Float32Array>(), document: new Map<string, Float32Array>() };
  return {
    modelId: provider.modelId,
    // A getter: an endpoint's size may only be learned from its first answer.
    get dimensions() {
      return provider.dimensions;
    },
    async embed(texts, kind) {
      const memo = known[kind];
      const missing = [...new Set(texts.filter((t) => !memo.has(t)))];
      if (missing.length > 0) {
        const vectors = await provider.embed(missing, kind);
        missing.forEach((t, i) => memo.set(t, vectors[i]!));
      }
      return texts.map((t) => memo.get(t)!);
    },
  };
}
