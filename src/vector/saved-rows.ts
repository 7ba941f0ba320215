/**
 * Where a saved vector index keeps its rows: both formats hold every document's id (i32) and its
 * vector (ExactIndex: f32, HnswIndex: f16), row-major. Kept apart from the index classes, which
 * load the native usearch module, so a scan of the saved rows (vector-scan.ts) loads none of it.
 */

/** "PBVX" read as a little-endian u32: an ExactIndex (exact-index.ts). */
export const EXACT_MAGIC = 0x58564250;
export const EXACT_FORMAT_VERSION = 1;
/** magic, version, dimensions, count */
export const EXACT_HEADER_BYTES = 16;

/** "PBVH" read as a little-endian u32: an HnswIndex (hnsw-index.ts). */
export const HNSW_MAGIC = 0x48564250;
export const HNSW_FORMAT_VERSION = 1;
export const HNSW_HEADER_WORDS = 11;

/** The bytes `savedRows` needs to read. */
export const SAVED_HEADER_BYTES = HNSW_HEADER_WORDS * 4;

export interface SavedRows {
  kind: 'exact' | 'hnsw';
  dimensions: number;
  count: number;
  /** Byte offsets of the doc ids and of the first row. */
  docsAt: number;
  rowsAt: number;
  element: 'f32' | 'f16';
  /** The length the whole serialized index must have. */
  bytes: number;
  /** The header as u32 words (HNSW: its options, graph size and checksum). */
  words: (i: number) => number;
}

const align4 = (n: number) => (n + 3) & ~3;

/**
 * Reads a saved index's header (its first SAVED_HEADER_BYTES bytes, or all of a shorter index);
 * throws an Error naming the problem for anything it does not recognise.
 */
export function savedRows(header: Uint8Array): SavedRows {
  if (header.length < 4) throw new Error(`not a paperboy vector index: ${header.length} bytes is too short`);
  const view = new DataView(header.buffer, header.byteOffset, header.length);
  const magic = view.getUint32(0, true);
  const words = (i: number) => view.getUint32(i * 4, true);
  const what = magic === EXACT_MAGIC ? 'exact' : magic === HNSW_MAGIC ? 'HNSW' : undefined;
  if (!what) throw new Error('not a paperboy vector index: bad magic number');
  const headerBytes = magic === EXACT_MAGIC ? EXACT_HEADER_BYTES : HNSW_HEADER_WORDS * 4;
  if (header.length < headerBytes) throw new Error(`not a paperboy ${what} vector index: ${header.length} bytes is too short`);
  const version = words(1);
  const supported = magic === EXACT_MAGIC ? EXACT_FORMAT_VERSION : HNSW_FORMAT_VERSION;
  if (version !== supported) {
    throw new Error(`${what} vector index format version ${version} is not supported (this paperboy reads version ${supported}); rebuild the index`);
  }
  const [dimensions, count] = [words(2), words(3)];
  if (dimensions === 0) throw new Error(`not a paperboy ${what} vector index: zero dimensions`);
  const docsAt = headerBytes;
  const rowsAt = docsAt + 4 * count;
  if (magic === EXACT_MAGIC) {
    return { kind: 'exact', dimensions, count, docsAt, rowsAt, element: 'f32', bytes: rowsAt + 4 * count * dimensions, words };
  }
  return { kind: 'hnsw', dimensions, count, docsAt, rowsAt, element: 'f16', bytes: rowsAt + align4(2 * count * dimensions) + words(8), words };
}
