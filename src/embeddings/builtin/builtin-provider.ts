/**
 * The default EmbeddingProvider: the built-in static model (static-model.ts) trained on the
 * user's own library (train.ts). Nothing to download; embedding is a few microseconds per text.
 * Queries and documents are embedded alike (the model is symmetric), so `kind` is unused.
 *
 * Large calls (`paperboy embed`'s batches) are split between this thread and worker threads
 * (embed-pool.ts), started on the first large call; small ones (a search query) stay on this
 * thread. Either way the vectors are the same, bit for bit. `close()` stops the workers.
 */
import { availableParallelism } from 'node:os';
import type { EmbeddingProvider } from '../embedding-provider.js';
import { EmbedPool } from './embed-pool.js';
import { STATIC_MODEL_FORMAT_VERSION, StaticModel } from './static-model.js';

export interface BuiltinProviderOptions {
  /** Worker threads for large calls. Default: one fewer than the available cores, at most 3 (0 on one core). */
  workers?: number;
  /** Calls with fewer texts are embedded on this thread. Default 256. */
  minParallelTexts?: number;
}

const DEFAULT_MIN_PARALLEL_TEXTS = 256;
const MAX_DEFAULT_WORKERS = 3;

export class BuiltinEmbeddingProvider implements EmbeddingProvider {
  /** "builtin/<format version>/<first 16 hex digits of the SHA-256 of the serialized model>". */
  readonly modelId: string;
  readonly dimensions: number;
  private readonly workers: number;
  private readonly minParallelTexts: number;
  private pool: EmbedPool | undefined;

  constructor(
    readonly model: StaticModel,
    options: BuiltinProviderOptions = {},
  ) {
    this.modelId = `builtin/${STATIC_MODEL_FORMAT_VERSION}/${model.weightsHash().slice(0, 16)}`;
    this.dimensions = model.dimensions;
    // Workers share the model's vectors, which a model opened in parts does not hold.
    this.workers = model.openedInParts ? 0 : (options.workers ?? Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1));
    this.minParallelTexts = Math.max(2, options.minParallelTexts ?? DEFAULT_MIN_PARALLEL_TEXTS);
  }

  /** A provider over a model saved by `StaticModel.serialize()` (throws on anything else). */
  static fromBytes(bytes: Uint8Array, options: BuiltinProviderOptions = {}): BuiltinEmbeddingProvider {
    return new BuiltinEmbeddingProvider(StaticModel.deserialize(bytes), options);
  }

  /** Texts should be plain text (text/normalise.ts toPlainText), as indexed. */
  async embed(texts: string[], _kind: 'query' | 'document'): Promise<Float32Array[]> {
    if (this.workers < 1 || texts.length < this.minParallelTexts) return this.model.embed(texts);
    const pool = (this.pool ??= new EmbedPool(this.model, this.workers, () => this.dropPool(pool)));
    return pool.embed(texts);
  }

  /** Stops the worker threads, if any were started (a later large call starts them again). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** After a worker failed: the call in flight rejects; the next large call starts a new pool. */
  private dropPool(pool: EmbedPool): void {
    if (this.pool !== pool) return;
    this.pool = undefined;
    void pool.close();
  }
}
