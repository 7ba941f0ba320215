/**
 * ExactIndex: every vector in one growable row-major Float32Array, searched exhaustively. It is
 * the index for small libraries and the reference that HnswIndex's recall is measured against.
 *
 * Scores are dot products (vectors are unit length, so this is cosine similarity), always computed
 * by `dot` below, so a document's score does not depend on the path that found it. Ties are broken
 * by the lower docId, so results are deterministic.
 *
 * Two scan paths. A JavaScript loop scores a few rows fast but is scalar: 75k x 256 takes ~28 ms on
 * the benchmark machine. usearch's native `exactSearch` (SIMD, all cores) takes ~7 ms on the same
 * matrix, so large scans go native: it returns candidate rows, which are
 * rescored here, filtered, and cut to k, asking for more when a filter or a tie at the boundary
 * leaves the answer incomplete. A filter is first evaluated on every document (one call each,
 * ~1.5 ms per 75k for a Set lookup): when it admits few, only those are scored, in JavaScript.
 *
 * remove() swaps the last row into the hole, so rows stay dense and a scan touches no dead rows.
 */
import { exactSearch, MetricKind, type Matches } from 'usearch';
import { byScoreThenDoc, TopK } from '../rank/top-k.js';
import { dot } from './dot.js';
import { RowTable } from './row-table.js';
import { checkQuery, type VectorHit, type VectorIndex } from './vector-index.js';

import { EXACT_FORMAT_VERSION as FORMAT_VERSION, EXACT_HEADER_BYTES as HEADER_BYTES, EXACT_MAGIC, savedRows } from './saved-rows.js';

export const MAX_DOC_ID = 0x7fffffff;
/** Below this many scored values (rows x dimensions) the JavaScript loop beats a native call. */
const NATIVE_MIN_WORK = 1 << 17;

export interface ExactIndexOptions {
  /** Threads for the native scan; 0 (default) uses every core. */
  threads?: number;
}

export class ExactIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly threads: number;
  /** Vectors by row, with doc ids both ways. */
  private readonly rows: RowTable<Float32Array>;

  constructor(dimensions: number, options: ExactIndexOptions = {}) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
    this.dimensions = dimensions;
    this.threads = options.threads ?? 0;
    this.rows = new RowTable(dimensions, (n) => new Float32Array(n));
  }

  get size(): number {
    return this.rows.count;
  }

  has(docId: number): boolean {
    return this.rows.docRow.has(docId);
  }

  /** The stored vector of a document (a copy), or undefined. */
  vectorOf(docId: number): Float32Array | undefined {
    const row = this.rows.docRow.get(docId);
    if (row === undefined) return undefined;
    return this.rows.data.slice(row * this.dimensions, (row + 1) * this.dimensions);
  }

  upsert(docIds: number[], vectors: Float32Array[]): void {
    checkBatch(docIds, vectors, this.dimensions);
    this.rows.reserve(this.rows.count + docIds.length);
    const d = this.dimensions;
    for (let i = 0; i < docIds.length; i++) {
      const row = this.rows.assign(docIds[i]!);
      this.rows.data.set(vectors[i]!, row * d);
    }
  }

  remove(docId: number): void {
    this.rows.remove(docId);
  }

  search(query: Float32Array, k: number, filter?: (docId: number) => boolean): VectorHit[] {
    checkQuery(query, this.dimensions);
    k = Math.floor(k);
    const n = this.rows.count;
    if (k <= 0 || n === 0) return [];
    if (!filter) {
      if (n * this.dimensions < NATIVE_MIN_WORK) return this.scoreRows(query, k, null, n);
      return this.nativeSearch(query, k, n, undefined);
    }
    // One pass of the filter tells how selective it is.
    const allowed = new Int32Array(n);
    let m = 0;
    for (let row = 0; row < n; row++) if (filter(this.rows.rowDoc[row]!)) allowed[m++] = row;
    if (m === 0) return [];
    // JS scores m rows at ~4x the native cost per row, and a filtered native scan may need repeats.
    if (m * this.dimensions < NATIVE_MIN_WORK || m * 4 <= n) return this.scoreRows(query, k, allowed, m);
    return this.nativeSearch(query, k, m, filter);
  }

  /** Exact scores of the given documents (missing ones left out), best first. */
  scoreDocs(query: Float32Array, docIds: Iterable<number>, k = Infinity): VectorHit[] {
    checkQuery(query, this.dimensions);
    const rows = this.rows.rowsOf(docIds);
    return this.scoreRows(query, Math.min(k, rows.length), Int32Array.from(rows), rows.length);
  }

  /** JavaScript scan of `rows[0, m)` (all rows [0, m) when null) into a top-k heap. */
  private scoreRows(query: Float32Array, k: number, rows: Int32Array | null, m: number): VectorHit[] {
    const top = new TopK(k);
    const d = this.dimensions;
    for (let i = 0; i < m; i++) {
      const row = rows ? rows[i]! : i;
      const score = dot(this.rows.data, row * d, query, d);
      top.push(score, this.rows.rowDoc[row]!);
    }
    return top.sorted();
  }

  /**
   * Native scan for candidates, rescored and filtered here. `admitted` is how many rows the filter
   * lets through (all rows without one): the first request is sized so that, if admitted rows are
   * spread evenly, it holds k of them with room to spare; it doubles until the answer is complete.
   */
  private nativeSearch(query: Float32Array, k: number, admitted: number, filter: ((docId: number) => boolean) | undefined): VectorHit[] {
    const n = this.rows.count;
    const d = this.dimensions;
    const dataset = this.rows.data.subarray(0, n * d); // offset 0: safe for exactSearch
    const q = query.slice();
    let want = Math.min(n, Math.ceil(((k + 8) * n) / admitted) + 8);
    for (;;) {
      const found = exactSearch(dataset, q, d, want, MetricKind.IP, this.threads) as Matches;
      const hits: VectorHit[] = [];
      let floor = Infinity;
      for (let i = 0; i < found.keys.length; i++) {
        const row = Number(found.keys[i]);
        const score = dot(this.rows.data, row * d, query, d);
        if (score < floor) floor = score;
        const docId = this.rows.rowDoc[row]!;
        if (!filter || filter(docId)) hits.push({ docId, score });
      }
      hits.sort(byScoreThenDoc);
      // Complete when every row not returned scores strictly below the k-th hit (the margin
      // covers last-bit differences between the native and the JavaScript dot product).
      if (want >= n || (hits.length >= k && hits[k - 1]!.score > floor + 1e-5)) return hits.slice(0, k);
      want = Math.min(n, want * 2);
    }
  }

  /**
   * Little-endian: u32 magic "PBVX", u32 format version, u32 dimensions, u32 count;
   * i32[count] doc ids; f32[count x dimensions] vectors, row-major.
   */
  serialize(): Uint8Array {
    const n = this.rows.count;
    const d = this.dimensions;
    const out = new Uint8Array(HEADER_BYTES + 4 * n + 4 * n * d);
    const header = new DataView(out.buffer);
    header.setUint32(0, EXACT_MAGIC, true);
    header.setUint32(4, FORMAT_VERSION, true);
    header.setUint32(8, d, true);
    header.setUint32(12, n, true);
    new Int32Array(out.buffer, HEADER_BYTES, n).set(this.rows.rowDoc.subarray(0, n));
    new Float32Array(out.buffer, HEADER_BYTES + 4 * n, n * d).set(this.rows.data.subarray(0, n * d));
    return out;
  }

  /** Reads `serialize()` output; throws an Error naming the problem for anything else. */
  static deserialize(bytes: Uint8Array, options: ExactIndexOptions = {}): ExactIndex {
    const fail = (why: string): never => {
      throw new Error(`not a paperboy exact vector index: ${why}`);
    };
    if (bytes.length < 4 || new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) !== EXACT_MAGIC) fail('bad magic number');
    const { dimensions: d, count: n, docsAt, rowsAt, bytes: expected } = savedRows(bytes.subarray(0, HEADER_BYTES));
    if (bytes.length !== expected) fail(`its header implies ${expected} bytes, got ${bytes.length}`);
    // Byte copies straight into the index's own (aligned) arrays: a store Buffer may sit at any
    // offset, and the index must own its storage anyway.
    const index = new ExactIndex(d, options);
    index.rows.load(bytes, n, docsAt, rowsAt, fail);
    return index;
  }
}

export function checkBatch(docIds: number[], vectors: Float32Array[], dimensions: number): void {
  if (docIds.length !== vectors.length) throw new RangeError(`${docIds.length} doc ids but ${vectors.length} vectors`);
  for (let i = 0; i < docIds.length; i++) {
    const docId = docIds[i]!;
    if (!Number.isInteger(docId) || docId < 0 || docId > MAX_DOC_ID) throw new RangeError(`docId must be an integer from 0 to ${MAX_DOC_ID}, got ${docId}`);
    if (vectors[i]!.length !== dimensions) throw new RangeError(`vector for doc ${docId} has ${vectors[i]!.length} dimensions, expected ${dimensions}`);
  }
}
