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

/** What searching needs of an index: the indexes below, or a saved one scanned in place (vector-scan.ts). */
export interface VectorSearch {
  readonly dimensions: number;
  readonly size: number;
  search(query: Float32Array, k: number, filter?: (docId: number) => boolean): VectorHit[];
}

export interface VectorIndex extends VectorSearch {
  /** Adds or replaces documents' vectors. */
  upsert(docIds: number[], vectors: Float32Array[]): void;
  remove(docId: number): void;
  /** Bytes for a store artifact; vector/choose-index.ts reads them back. */
  serialize(): Uint8Array;
}

export function checkQuery(query: Float32Array, dimensions: number): void {
  if (query.length !== dimensions) throw new RangeError(`query has ${query.length} dimensions, expected ${dimensions}`);
}
