/**
 * The vector index is derived from the library's stored vectors of its active model, cached as a
 * store artifact stamped with the embedding generation, and rebuilt when stale.
 */
import { isPaperboyError } from '../core/errors.js';
import { getEmbeddingSetting } from '../embeddings/embedding-settings.js';
import { isCorruptArtifact } from '../store/artifact-file.js';
import type { ArtifactReader, Store } from '../store/store.js';
import { bytesSource, type ByteSource } from '../core/byte-source.js';
import type { VectorIndex, VectorSearch } from './vector-index.js';
import { openVectorScan, quantizeRows } from './vector-scan.js';

export const VECTOR_ARTIFACT = 'vector-index';
const ARTIFACT_VERSION = 1;

/** Builds the index from every vector of the active model and caches it. */
/** `onProgress`: vectors added of all (an HNSW graph takes minutes at 75k papers). */
export async function buildVectorIndex(store: Store, onProgress?: (done: number, total: number) => void): Promise<VectorIndex | undefined> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return undefined;
  const count = (await store.vectorCounts())[setting.modelId] ?? 0;
  // Imported when needed: the indexes load the native usearch module, which a scan does without.
  const { createVectorIndex } = await import('./choose-index.js');
  const index = createVectorIndex(setting.dimensions, count);
  let added = 0;
  for await (const rows of store.iterateVectors(setting.modelId)) {
    index.upsert(
      rows.map((r) => r.docId),
      rows.map((r) => r.vector),
    );
    added += rows.length;
    onProgress?.(added, count);
  }
  const bytes = index.serialize();
  await store.putArtifact(VECTOR_ARTIFACT, { version: ARTIFACT_VERSION, seq: setting.generation, bytes });
  // The copy a one-shot command scans, made now rather than by the first search.
  await saveQuantized(store, bytesSource(bytes), setting.generation);
  return index;
}

/** The cached index when current, else a rebuilt one; undefined when the library has no vectors. */
export async function loadVectorIndex(store: Store): Promise<VectorIndex | undefined> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return undefined;
  const artifact = await store.getArtifact(VECTOR_ARTIFACT);
  if (artifact?.version === ARTIFACT_VERSION && artifact.seq === setting.generation) {
    try {
      const { deserializeVectorIndex } = await import('./choose-index.js');
      const index = deserializeVectorIndex(artifact.bytes);
      if (index.dimensions === setting.dimensions) return index;
    } catch {
      // Rebuild below.
    }
  }
  return buildVectorIndex(store);
}

/** The int8 copy of the index's rows that a scan reads (vector-scan.ts), stamped like the index. */
const VECTOR_SCAN_ARTIFACT = 'vector-scan-rows';

/**
 * For a one-shot command: the saved index searched in place (vector-scan.ts) rather than loaded;
 * its int8 copy made (and saved) when missing; the index rebuilt as `loadVectorIndex` does when
 * stale.
 */
export async function openVectorSearch(store: Store): Promise<VectorSearch | undefined> {
  const setting = await getEmbeddingSetting(store);
  if (!setting) return undefined;
  const index = await store.openArtifact(VECTOR_ARTIFACT);
  if (index?.version === ARTIFACT_VERSION && index.seq === setting.generation) {
    try {
      const scan = await scanIndex(store, index);
      if (scan.dimensions === setting.dimensions) return scan;
    } catch (err) {
      // Damaged (now removed) or foreign: rebuilt below.
      if (!isRebuildable(err)) throw err;
    }
  }
  index?.close();
  return buildVectorIndex(store);
}

/** A damaged artifact (removed by the store) or bytes a reader does not recognise: rebuild it. */
const isRebuildable = (err: unknown) => isCorruptArtifact(err) || !isPaperboyError(err);

/** The index scanned through its int8 copy: the saved one when it matches, else one made now (and saved when nobody else is writing). */
async function scanIndex(store: Store, index: ArtifactReader): Promise<VectorSearch> {
  const saved = await store.openArtifact(VECTOR_SCAN_ARTIFACT);
  if (saved?.version === ARTIFACT_VERSION && saved.seq === index.seq) {
    try {
      return openVectorScan(index, saved);
    } catch (err) {
      if (!isRebuildable(err)) throw err;
    }
  }
  saved?.close();
  return openVectorScan(index, bytesSource(Buffer.concat(await saveQuantized(store, index, index.seq))));
}

/** Makes and saves (when nobody else is writing) the int8 copy; returns its parts. */
async function saveQuantized(store: Store, index: ByteSource, generation: number): Promise<Uint8Array[]> {
  const parts = quantizeRows(index);
  await store.putArtifact(VECTOR_SCAN_ARTIFACT, { version: ARTIFACT_VERSION, seq: generation, bytes: parts }, { ifIdle: true });
  return parts;
}
