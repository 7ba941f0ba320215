/**
 * A saved vector index searched where it lies, without loading it: for a one-shot command
 * (`paperboy search`), which answers one query and exits. Loading costs more than a query: an
 * HNSW graph takes about a second to read back at 75k papers, and 300 MB of memory.
 *
 * The scan reads a compact copy of the rows (int8, one scale for all: a quarter of f32, half of
 * the f16 an HNSW index keeps) in 1 MB parts into one reused buffer, ranks every row against the
 * query, and rescores the best few against the index's own rows, so the scores are the index's:
 * ExactIndex's exactly, HnswIndex's exact fallback's (f16). The int8 copy only picks candidates,
 * with a margin of candidates beyond k that its rounding (a few thousandths of a cosine) cannot
 * cross.
 */
import type { ByteSource } from '../core/byte-source.js';
import { TopK } from '../rank/top-k.js';
import { dot } from './dot.js';
import { dotHalf, halfToFloat } from './half-float.js';
import { SAVED_HEADER_BYTES, savedRows, type SavedRows } from './saved-rows.js';
import { checkQuery, type VectorHit, type VectorSearch } from './vector-index.js';

/** "PBVQ" read as a little-endian u32: the int8 copy of a saved index's rows. */
const QUANTIZED_MAGIC = 0x51564250;
const QUANTIZED_VERSION = 1;
/** magic, version, dimensions, count, f32 scale, reserved */
const QUANTIZED_HEADER_BYTES = 24;
/** Bytes of rows read at a time. */
const PART_BYTES = 1 << 20;

/** Candidates rescored beyond k. */
const margin = (k: number) => Math.max(k, 32);

/**
 * The int8 copy of a saved ExactIndex's or HnswIndex's rows, in the same order: row values times
 * one scale (127 over the largest magnitude), rounded. Returned in parts (header, rows).
 */
export function quantizeRows(index: ByteSource): Uint8Array[] {
  const layout = readLayout(index);
  const { count, dimensions: d } = layout;
  let largest = 0;
  forEachPart(index, layout, (values, rows) => {
    for (let i = 0; i < rows * d; i++) largest = Math.max(largest, Math.abs(values[i]!));
  });
  const scale = largest > 0 ? 127 / largest : 1;
  const rows = new Int8Array(count * d);
  let at = 0;
  forEachPart(index, layout, (values, n) => {
    for (let i = 0; i < n * d; i++) rows[at++] = Math.round(values[i]! * scale);
  });
  const header = new Uint8Array(QUANTIZED_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, QUANTIZED_MAGIC, true);
  view.setUint32(4, QUANTIZED_VERSION, true);
  view.setUint32(8, d, true);
  view.setUint32(12, count, true);
  view.setFloat32(16, scale, true);
  return [header, new Uint8Array(rows.buffer)];
}

/**
 * Opens a saved index and its int8 copy (`quantizeRows`) for scanning; throws an Error naming the
 * problem when either is not what it should be, or when they do not match.
 */
export function openVectorScan(index: ByteSource, quantized: ByteSource): VectorSearch {
  const layout = readLayout(index);
  const fail = (why: string): never => {
    throw new Error(`not the int8 rows of this vector index: ${why}`);
  };
  if (quantized.length < QUANTIZED_HEADER_BYTES) fail(`${quantized.length} bytes is too short`);
  const head = quantized.read(0, QUANTIZED_HEADER_BYTES);
  const view = new DataView(head.buffer, head.byteOffset, QUANTIZED_HEADER_BYTES);
  if (view.getUint32(0, true) !== QUANTIZED_MAGIC) fail('bad magic number');
  if (view.getUint32(4, true) !== QUANTIZED_VERSION) fail(`format version ${view.getUint32(4, true)} is not supported`);
  if (view.getUint32(8, true) !== layout.dimensions || view.getUint32(12, true) !== layout.count) fail('another size');
  if (quantized.length !== QUANTIZED_HEADER_BYTES + layout.count * layout.dimensions) fail('its length does not match its size');
  const docs = index.read(layout.docsAt, 4 * layout.count);
  const docIds = docs.byteOffset % 4 === 0 ? new Int32Array(docs.buffer, docs.byteOffset, layout.count) : new Int32Array(docs.slice().buffer);
  return new VectorScan(index, layout, quantized, docIds);
}

function readLayout(index: ByteSource): SavedRows {
  const layout = savedRows(index.read(0, Math.min(index.length, SAVED_HEADER_BYTES)));
  if (index.length !== layout.bytes) throw new Error(`not a paperboy vector index: its header implies ${layout.bytes} bytes, got ${index.length}`);
  return layout;
}

/** Calls `fn` with the index's rows as numbers, a part at a time (a view reused between calls). */
function forEachPart(index: ByteSource, layout: SavedRows, fn: (values: Float32Array, rows: number) => void): void {
  const d = layout.dimensions;
  const rowBytes = d * (layout.element === 'f32' ? 4 : 2);
  const perPart = Math.max(1, Math.floor(PART_BYTES / rowBytes));
  const part = new Uint8Array(perPart * rowBytes);
  const values = layout.element === 'f32' ? new Float32Array(part.buffer) : new Float32Array(perPart * d);
  for (let first = 0; first < layout.count; first += perPart) {
    const rows = Math.min(perPart, layout.count - first);
    index.readInto(layout.rowsAt + first * rowBytes, part.subarray(0, rows * rowBytes));
    if (layout.element === 'f16') {
      const half = halfToFloat();
      const halves = new Uint16Array(part.buffer, 0, rows * d);
      for (let i = 0; i < rows * d; i++) values[i] = half[halves[i]!]!;
    }
    fn(values, rows);
  }
}

class VectorScan implements VectorSearch {
  readonly dimensions: number;
  readonly size: number;
  private part: Int8Array | undefined;

  constructor(
    private readonly index: ByteSource,
    private readonly layout: SavedRows,
    private readonly quantized: ByteSource,
    private readonly docIds: Int32Array,
  ) {
    this.dimensions = layout.dimensions;
    this.size = layout.count;
  }

  search(query: Float32Array, k: number, filter?: (docId: number) => boolean): VectorHit[] {
    checkQuery(query, this.dimensions);
    k = Math.floor(k);
    if (k <= 0 || this.size === 0) return [];
    // Rows by the int8 copy: candidates.
    const d = this.dimensions;
    const perPart = Math.max(1, Math.floor(PART_BYTES / d));
    const part = (this.part ??= new Int8Array(perPart * d));
    const bytes = new Uint8Array(part.buffer, 0, part.length);
    const candidates = new TopK(k + margin(k));
    for (let first = 0; first < this.size; first += perPart) {
      const rows = Math.min(perPart, this.size - first);
      this.quantized.readInto(QUANTIZED_HEADER_BYTES + first * d, bytes.subarray(0, rows * d));
      for (let r = 0; r < rows; r++) {
        if (filter && !filter(this.docIds[first + r]!)) continue;
        candidates.push(dotInt8(part, r * d, query, d), first + r);
      }
    }
    // Candidates rescored against the index's rows, read in row order.
    const rows = candidates.sorted().map((c) => c.docId).sort((a, b) => a - b);
    const top = new TopK(k);
    for (const row of rows) top.push(this.exactScore(row, query), this.docIds[row]!);
    return top.sorted();
  }

  private exactScore(row: number, query: Float32Array): number {
    const { rowsAt, element } = this.layout;
    const d = this.dimensions;
    const rowBytes = d * (element === 'f32' ? 4 : 2);
    const b = this.index.read(rowsAt + row * rowBytes, rowBytes);
    const aligned = b.byteOffset % 4 === 0 ? b : b.slice();
    return element === 'f32'
      ? dot(new Float32Array(aligned.buffer, aligned.byteOffset, d), 0, query, d)
      : dotHalf(new Uint16Array(aligned.buffer, aligned.byteOffset, d), 0, query, d);
  }
}

/**
 * Dot product of int8 `a[offset, offset + d)` and `b[0, d)`, four accumulators: dot.ts's loop for
 * another element type, apart so that each stays monomorphic in V8 (the scan's inner loop).
 */
function dotInt8(a: Int8Array, offset: number, b: Float32Array, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (let p = offset; j + 3 < d; j += 4, p += 4) {
    s0 += a[p]! * b[j]!;
    s1 += a[p + 1]! * b[j + 1]!;
    s2 += a[p + 2]! * b[j + 2]!;
    s3 += a[p + 3]! * b[j + 3]!;
  }
  for (; j < d; j++) s0 += a[offset + j]! * b[j]!;
  return s0 + s1 + (s2 + s3);
}
