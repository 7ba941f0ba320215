/**
 * An EmbeddingProvider turns texts into unit-length vectors for semantic search. Implementations:
 * the built-in model trained on the user's own library (the default, nothing to download), a local
 * ONNX sentence-embedding model, and any OpenAI-compatible /v1/embeddings endpoint.
 */
export interface EmbeddingProvider {
  /**
   * Identity of the model that makes the vectors, recorded with them: vectors from different
   * models never mix. E.g. "builtin/1/<hash of weights>", "onnx/bge-small-en-v1.5", "openai/<url>/<model>".
   */
  readonly modelId: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text. `kind` lets asymmetric models prefix queries differently. */
  embed(texts: string[], kind: 'query' | 'document'): Promise<Float32Array[]>;
  /** Releases threads or sessions the provider holds (optional: most hold none). */
  close?(): Promise<void>;
}
