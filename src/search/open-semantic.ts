import { PaperboyError } from '../core/errors.js';
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import { openProvider } from '../embeddings/open-provider.js';
import type { Store } from '../store/store.js';
import { loadVectorIndex, openVectorSearch } from '../vector/vector-cache.js';
import type { Semantic } from './search.js';

/**
 * The library's semantic side: the provider it was embedded with and its vector index; undefined
 * when it has not been embedded. Refuses a provider whose model is no longer the one that made
 * the vectors (a changed ONNX folder, say), since their vectors cannot be compared. `inParts`
 * (a one-shot command): the built-in model and the vector index are read in place as needed,
 * not loaded.
 */
export async function openSemantic(store: Store, apiKey?: string, options: { inParts?: boolean } = {}): Promise<Semantic | undefined> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return undefined;
  // The stored size spares an endpoint a request to learn it on every search.
  const provider = await openProvider(store, setting.spec, apiKey, { storedDimensions: setting.dimensions, inParts: options.inParts === true });
  if (provider.modelId !== setting.modelId) {
    throw new PaperboyError(
      'NO_EMBEDDINGS',
      `the library was embedded with ${setting.modelId} but the model is now ${provider.modelId}: run paperboy embed to re-embed it`,
    );
  }
  const index = options.inParts ? await openVectorSearch(store) : await loadVectorIndex(store);
  return index ? { provider, index } : undefined;
}
