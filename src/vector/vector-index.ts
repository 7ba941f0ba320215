/**
 * A VectorIndex finds the documents whose vectors are nearest a query vector (cosine similarity
 * over L2-normalised vectors). Documents are the store's integer row ids. Implementations: an
 * exact scan (small libraries, and the reference for recall) and an approximate HNSW index.
 */
export interface VectorHit {
  docId: number;
  /** Cosine similarity, higher is closer. */
  score: number;
}

export interface VectorIndex {
  readonly dimensions: number;
  readonly size: number;
  /** Adds or replaces documents' vectors. */
  upsert(docIds: number[], vectors: Float32Array[]): void;
  remove(docId: number): void;
  search(query: Float32Array, k: number, filter?: (docId: number) => boolean): VectorHit[];
  /** Bytes for a store artifact; vector/choose-index.ts reads them back. */
  serialize(): Uint8Array;
}
