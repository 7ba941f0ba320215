/**
 * The vector index is derived from the library's stored vectors of its active model, cached as a
 * store artifact stamped with the embedding generation, and rebuilt when stale.
 */
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import type { Store } from '../store/store.js';
import { createVectorIndex, deserializeVectorIndex } from './choose-index.js';
import type { VectorIndex } from './vector-index.js';

export const VECTOR_ARTIFACT = 'vector-index';
const ARTIFACT_VERSION = 1;

/** Builds the index from every vector of the active model and caches it. */
export async function buildVectorIndex(store: Store): Promise<VectorIndex | undefined> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return undefined;
  const count = (await store.vectorCounts())[setting.modelId] ?? 0;
  const index = createVectorIndex(setting.dimensions, count);
  for await (const rows of store.iterateVectors(setting.modelId)) {
    index.upsert(
      rows.map((r) => r.docId),
      rows.map((r) => r.vector),
    );
  }
  await store.putArtifact(VECTOR_ARTIFACT, { version: ARTIFACT_VERSION, seq: setting.generation, bytes: index.serialize() });
  return index;
}

/** The cached index when current, else a rebuilt one; undefined when the library has no vectors. */
export async function loadVectorIndex(store: Store): Promise<VectorIndex | undefined> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return undefined;
  const artifact = await store.getArtifact(VECTOR_ARTIFACT);
  if (artifact?.version === ARTIFACT_VERSION && artifact.seq === setting.generation) {
    try {
      const index = deserializeVectorIndex(artifact.bytes);
      if (index.dimensions === setting.dimensions) return index;
    } catch {
      // Rebuild below.
    }
  }
  return buildVectorIndex(store);
}
