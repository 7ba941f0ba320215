/**
 * `paperboy embed`: embeds every paper that has no vector from the provider's model (or an older
 * one than the paper's last change), then rebuilds the vector index. A provider whose model
 * differs from the one the library was embedded with, or answers with another vector size under
 * the same name, re-embeds the whole library: vectors of two models are never compared.
 */
import type { Store } from '../store/store.js';
import { toPlainText } from '../text/normalise.js';
import { buildVectorIndex } from '../vector/vector-cache.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import type { EmbeddingSpec } from './create-provider.js';
import { getEmbeddingSetting, setEmbeddingSetting } from './embedding-settings.js';
import { PaperboyError } from '../core/errors.js';

export interface EmbedReport {
  modelId: string;
  embedded: number;
  /** Vectors of other models removed because the model changed. */
  dropped: number;
  papers: number;
}

/** The text a paper is embedded from: its title and abstract, plain. */
export const embeddingText = (title: string, abstract: string) => `${toPlainText(title)}. ${toPlainText(abstract)}`;

export async function embedLibrary(
  store: Store,
  provider: EmbeddingProvider,
  spec: EmbeddingSpec,
  options: { batchSize?: number; onProgress?: (done: number) => void; onIndexProgress?: (done: number, total: number) => void } = {},
): Promise<EmbedReport> {
  const batchSize = options.batchSize ?? 1000;
  const previous = await getEmbeddingSetting(store);
  // The same model name with another vector size: the model behind an endpoint changed, and none
  // of the old vectors can be compared with the new ones (no model is named '').
  const resized = previous?.modelId === provider.modelId && previous.dimensions !== provider.dimensions;
  const dropped = await store.dropVectorsExcept(resized ? '' : provider.modelId);
  let generation = (previous?.generation ?? 0) + 1;
  let embedded = 0;
  for (;;) {
    const docs = await store.textsToEmbed(provider.modelId, batchSize);
    if (docs.length === 0) break;
    const vectors = await provider.embed(docs.map((d) => embeddingText(d.title, d.abstract)), 'document');
    const wrong = vectors.find((v) => v.length !== provider.dimensions);
    if (vectors.length !== docs.length || wrong) {
      throw new PaperboyError('EMBEDDING_FAILED', `${provider.modelId} returned ${vectors.length} vectors of ${wrong?.length ?? provider.dimensions} dimensions for ${docs.length} texts; expected ${provider.dimensions}`);
    }
    await store.putVectors(provider.modelId, docs.map((d, i) => ({ docId: d.docId, seq: d.seq, vector: vectors[i]! })));
    embedded += docs.length;
    options.onProgress?.(embedded);
  }
  if (embedded === 0 && dropped === 0 && previous?.modelId === provider.modelId) generation = previous.generation;
  await setEmbeddingSetting(store, { spec, modelId: provider.modelId, dimensions: provider.dimensions, generation });
  await buildVectorIndex(store, options.onIndexProgress);
  const papers = (await store.vectorCounts())[provider.modelId] ?? 0;
  return { modelId: provider.modelId, embedded, dropped, papers };
}
