import { PaperboyError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { ensureBuiltinModel, loadBuiltinModel, openBuiltinModel } from './builtin-model-store.js';
import type { TrainProgress } from './builtin/train.js';
import { createEmbeddingProvider } from './create-provider.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import type { EmbeddingSpec } from './create-provider.js';

export interface OpenProviderOptions {
  /** Built-in: train the model when it is missing or stale (only `paperboy embed` does). */
  train?: boolean;
  retrain?: boolean;
  onTrainProgress?: (p: TrainProgress) => void;
  /** Built-in: the model is about to be trained (its papers read and analysed first). */
  onTrainStart?: () => void;
  /** The size of the vectors the library holds from this spec's model (see CreateProviderDeps). */
  storedDimensions?: number;
  /** Built-in: open the stored model in parts (a one-shot command embeds a query or a few texts). */
  inParts?: boolean;
}

/**
 * The provider a spec names; the built-in one is the model stored in the library. `apiKey` is for
 * an OpenAI-compatible endpoint ($PAPERBOY_EMBEDDING_API_KEY): never stored with the spec.
 */
export async function openProvider(
  store: Store,
  spec: EmbeddingSpec,
  apiKey: string | undefined,
  options: OpenProviderOptions = {},
): Promise<EmbeddingProvider> {
  return createEmbeddingProvider(spec, {
    apiKey,
    storedDimensions: options.storedDimensions,
    builtin: async () => {
      if (options.train) {
        return (await ensureBuiltinModel(store, { retrain: options.retrain === true, ...(options.onTrainProgress ? { onProgress: options.onTrainProgress } : {}), ...(options.onTrainStart ? { onStart: options.onTrainStart } : {}) }))
          .provider;
      }
      const stored = options.inParts ? await openBuiltinModel(store) : (await loadBuiltinModel(store))?.provider;
      if (!stored) throw new PaperboyError('NO_EMBEDDINGS', 'the built-in model has not been trained: run paperboy embed');
      return stored;
    },
  });
}
