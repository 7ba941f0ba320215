/**
 * The default EmbeddingProvider: the built-in static model (static-model.ts) trained on the
 * user's own library (train.ts). Nothing to download; embedding is a few microseconds per text.
 * Queries and documents are embedded alike (the model is symmetric), so `kind` is unused.
 */
import type { EmbeddingProvider } from '../embedding-provider.js';
import { STATIC_MODEL_FORMAT_VERSION, StaticModel } from './static-model.js';

export class BuiltinEmbeddingProvider implements EmbeddingProvider {
  /** "builtin/<format version>/<first 16 hex digits of the SHA-256 of the serialized model>". */
  readonly modelId: string;
  readonly dimensions: number;

  constructor(readonly model: StaticModel) {
    this.modelId = `builtin/${STATIC_MODEL_FORMAT_VERSION}/${model.weightsHash().slice(0, 16)}`;
    this.dimensions = model.dimensions;
  }

  /** A provider over a model saved by `StaticModel.serialize()` (throws on anything else). */
  static fromBytes(bytes: Uint8Array): BuiltinEmbeddingProvider {
    return new BuiltinEmbeddingProvider(StaticModel.deserialize(bytes));
  }

  /** Texts should be plain text (text/normalise.ts toPlainText), as indexed. */
  async embed(texts: string[], _kind: 'query' | 'document'): Promise<Float32Array[]> {
    return this.model.embed(texts);
  }
}
