/**
 * HnswIndex: an approximate nearest-neighbour graph (usearch HNSW, cosine metric, f16 vectors by
 * default) for libraries too large to scan per query.
 *
 * usearch's Node binding (2.25) offers add, search, remove, save(path), load(path) and view(path),
 * and nothing to read a vector back or to filter during search. So:
 *
 * - The index keeps its own compact copy of every vector (f16, row-major, rows dense by
 *   swap-with-last removal): half the memory of f32, exact enough to rank (a unit vector's f16
 *   rounding moves a cosine by ~1e-3 at most), and what usearch stores anyway by default.
 * - A filtered search asks the graph for k x 4 neighbours and keeps those the filter admits. When
 *   that is not enough, it evaluates the filter over the documents: when it admits at most
 *   `exactLimit` of them, those are scored directly from the copy (exact, and never misses a
 *   document the graph would not reach); otherwise the graph is asked again for as many as the
 *   filter's measured selectivity needs, growing until k are found.
 * - Upserts are queued and added to the graph in one multi-threaded call at the next search or
 *   serialize, so a catch-up that applies one document at a time still builds in parallel.
 * - Persistence is bytes (the store keeps them as an artifact; only the store touches the data
 *   directory): usearch can only save to and load from a path, so serialize() and deserialize()
 *   pass the graph through a temporary file under os.tmpdir(), removed at once. The bytes carry a
 *   CRC-32: usearch crashes the process (SIGSEGV) on a corrupt file, so bytes are checked first.
 *
 * Scores are 1 - usearch's cosine distance for graph hits and the dot product with the f16 copy
 * for exact fallbacks: the two agree to ~1e-3.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { TopK } from '../rank/top-k.js';
import { checkBatch } from './exact-index.js';
import { dotHalf, halfToFloat, toHalf } from './half-float.js';
import { RowTable } from './row-table.js';
import { HNSW_FORMAT_VERSION as FORMAT_VERSION, HNSW_HEADER_WORDS as HEADER_WORDS, HNSW_MAGIC, savedRows } from './saved-rows.js';
import { checkQuery, type VectorHit, type VectorIndex } from './vector-index.js';

export type HnswQuantization = 'f32' | 'f16' | 'bf16' | 'i8';
const QUANTIZATIONS: HnswQuantization[] = ['f32', 'f16', 'bf16', 'i8'];

export interface HnswOptions {
  /** Graph degree (usearch's M). Default 16. */
  connectivity?: number;
  /** Candidate list size while inserting (efConstruction). Default 128. */
  expansionAdd?: number;
  /** Candidate list size while searching (ef); a search for more than this uses its k. Default 64. */
  expansionSearch?: number;
  /** How usearch stores vectors. Default f16. */
  quantization?: HnswQuantization;
  /** Threads for bulk adds; 0 (default) uses every core. */
  threads?: number;
  /**
   * A filter admitting at most this many documents is answered by scoring them exactly. Default:
   * 5 x sqrt(k x size), where exact scoring costs about what the graph would (see search).
   */
  exactLimit?: number;
}

type Resolved = Required<Omit<HnswOptions, 'exactLimit'>> & { exactLimit: number | undefined };

const DEFAULTS: Resolved = { connectivity: 16, expansionAdd: 128, expansionSearch: 64, quantization: 'f16', threads: 0, exactLimit: undefined };

export class HnswIndex implements VectorIndex {
  readonly dimensions: number;
  readonly options: Readonly<Resolved>;
  private graph: Index;
  /** Vectors by row, with doc ids both ways. */
  private readonly rows: RowTable<Uint16Array>;
  /** Documents upserted since the last flush: their graph entry is missing or stale. */
  private readonly pending = new Set<number>();

  constructor(dimensions: number, options: HnswOptions = {}) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
    const o: Resolved = { ...DEFAULTS, ...stripUndefined(options) };
    for (const key of ['connectivity', 'expansionAdd', 'expansionSearch', 'threads', 'exactLimit'] as const) {
      const v = o[key];
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new RangeError(`HNSW option ${key} must be a non-negative integer, got ${v}`);
    }
    if (!QUANTIZATIONS.includes(o.quantization)) throw new RangeError(`HNSW quantization must be one of ${QUANTIZATIONS.join(', ')}, got ${o.quantization}`);
    this.dimensions = dimensions;
    this.options = Object.freeze(o);
    this.graph = newGraph(dimensions, o);
    this.rows = new RowTable(dimensions, (n) => new Uint16Array(n));
  }

  get size(): number {
    return this.rows.count;
  }

  has(docId: number): boolean {
    return this.rows.docRow.has(docId);
  }

  upsert(docIds: number[], vectors: Float32Array[]): void {
    checkBatch(docIds, vectors, this.dimensions);
    this.rows.reserve(this.rows.count + docIds.length);
    const d = this.dimensions;
    for (let i = 0; i < docIds.length; i++) {
      const docId = docIds[i]!;
      const row = this.rows.assign(docId);
      const v = vectors[i]!;
      const base = row * d;
      for (let j = 0; j < d; j++) this.rows.data[base + j] = toHalf(v[j]!);
      this.pending.add(docId);
    }
  }

  remove(docId: number): void {
    if (!this.rows.remove(docId)) return;
    this.pending.delete(docId);
    this.graph.remove(BigInt(docId)); // a no-op when it was never flushed
  }

  /** Adds queued upserts to the graph (search and serialize do it themselves). */
  flush(): void {
    if (this.pending.size === 0) return;
    const d = this.dimensions;
    const half = halfToFloat();
    const keys = new BigUint64Array(this.pending.size);
    const batch = new Float32Array(this.pending.size * d);
    let i = 0;
    for (const docId of this.pending) {
      keys[i] = BigInt(docId);
      const base = this.rows.docRow.get(docId)! * d;
      for (let j = 0; j < d; j++) batch[i * d + j] = half[this.rows.data[base + j]!]!;
      i++;
    }
    // Replaced documents: usearch refuses a key it holds, so drop the old entry (no-op for new keys).
    this.graph.remove(keys);
    this.graph.add(keys, batch, this.options.threads);
    this.pending.clear();
  }

  search(query: Float32Array, k: number, filter?: (docId: number) => boolean): VectorHit[] {
    checkQuery(query, this.dimensions);
    k = Math.floor(k);
    const n = this.rows.count;
    if (k <= 0 || n === 0) return [];
    this.flush();
    if (!filter) return this.graphSearch(query, Math.min(k, n), k);

    let want = Math.min(n, k * 4);
    let hits = this.graphSearch(query, want, Infinity).filter((h) => filter(h.docId));
    if (hits.length >= k || want >= n) return hits.slice(0, k);

    // Too few admitted: measure the filter, stopping once it admits more than the exact limit.
    // Costs (256 dims, 2.9 ns per scored value): exact scoring ~0.7 us per admitted document; the
    // graph ~6 us per unit of expansion, and it needs an expansion of ~2k x size / admitted. They
    // break even near admitted = sqrt(17 k size); exact is preferred a little (it is exact).
    const limit = this.options.exactLimit ?? Math.ceil(5 * Math.sqrt(k * n));
    const admitted: number[] = [];
    let scanned = 0;
    for (; scanned < n && admitted.length <= limit; scanned++) if (filter(this.rows.rowDoc[scanned]!)) admitted.push(scanned);
    if (scanned === n && admitted.length <= limit) return this.scoreRows(query, k, admitted);

    // Broad enough for the graph: ask for twice the neighbours that hold k admitted at this rate.
    const rate = admitted.length / scanned;
    for (;;) {
      want = Math.min(n, Math.max(want * 4, Math.ceil((2 * k) / rate)));
      hits = this.graphSearch(query, want, Infinity).filter((h) => filter(h.docId));
      if (hits.length >= k || want >= n) return hits.slice(0, k);
    }
  }

  /** Exact scores (against the f16 copy) of the given documents, best first; missing ones left out. */
  scoreDocs(query: Float32Array, docIds: Iterable<number>, k = Infinity): VectorHit[] {
    checkQuery(query, this.dimensions);
    const rows = this.rows.rowsOf(docIds);
    return this.scoreRows(query, Math.min(k, rows.length), rows);
  }

  private graphSearch(query: Float32Array, want: number, k: number): VectorHit[] {
    // A fresh, offset-0 Float32Array: the native side reads the query's whole buffer.
    const found = this.graph.search(query.slice(), want, 1);
    const hits: VectorHit[] = [];
    const m = Math.min(found.keys.length, k);
    for (let i = 0; i < m; i++) hits.push({ docId: Number(found.keys[i]), score: 1 - found.distances[i]! });
    return hits;
  }

  private scoreRows(query: Float32Array, k: number, rows: number[]): VectorHit[] {
    const top = new TopK(k);
    for (const row of rows) top.push(dotHalf(this.rows.data, row * this.dimensions, query, this.dimensions), this.rows.rowDoc[row]!);
    return top.sorted();
  }

  /**
   * Little-endian, sections 4-byte aligned: u32 words magic "PBVH", format version, dimensions,
   * count, connectivity, expansionAdd, expansionSearch, quantization (index into QUANTIZATIONS),
   * graph bytes, CRC-32 of everything after the header, reserved 0; then i32[count] doc ids,
   * u16[count x dimensions] f16 vectors (row-major), and the usearch file.
   */
  serialize(): Uint8Array {
    this.flush();
    const n = this.rows.count;
    const d = this.dimensions;
    const docsAt = HEADER_WORDS * 4;
    const halvesAt = docsAt + 4 * n;
    const graphAt = halvesAt + align4(2 * n * d);
    const out = withTempDir((dir) => {
      const file = path.join(dir, 'index.usearch');
      this.graph.save(file);
      // Read the file straight into place.
      const fd = openSync(file, 'r');
      try {
        const graphBytes = fstatSync(fd).size;
        const buf = new Uint8Array(graphAt + graphBytes);
        for (let at = 0; at < graphBytes; ) {
          const got = readSync(fd, buf, graphAt + at, graphBytes - at, at);
          if (got === 0) throw new Error(`usearch wrote ${graphBytes} bytes but ${at} could be read back`);
          at += got;
        }
        return buf;
      } finally {
        closeSync(fd);
      }
    });
    new Int32Array(out.buffer, docsAt, n).set(this.rows.rowDoc.subarray(0, n));
    new Uint16Array(out.buffer, halvesAt, n * d).set(this.rows.data.subarray(0, n * d));
    const o = this.options;
    const header = new Uint32Array(out.buffer, 0, HEADER_WORDS);
    header.set([HNSW_MAGIC, FORMAT_VERSION, d, n, o.connectivity, o.expansionAdd, o.expansionSearch, QUANTIZATIONS.indexOf(o.quantization), out.length - graphAt, 0, 0]);
    header[9] = zlib.crc32(out.subarray(docsAt));
    return out;
  }

  /**
   * Reads `serialize()` output; throws an Error naming the problem for anything else. `options`
   * may change the settings that act at query time (expansionSearch, threads, exactLimit); the
   * graph's own come from the bytes. Loading copies the graph into memory (usearch's load), via a
   * temporary file.
   */
  static deserialize(bytes: Uint8Array, options: Pick<HnswOptions, 'expansionSearch' | 'threads' | 'exactLimit'> = {}): HnswIndex {
    const fail = (why: string): never => {
      throw new Error(`not a paperboy HNSW vector index: ${why}`);
    };
    if (bytes.length < 4 || new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) !== HNSW_MAGIC) fail('bad magic number');
    const { dimensions: d, count: n, docsAt, rowsAt: halvesAt, bytes: expected, words: word } = savedRows(bytes.subarray(0, HEADER_WORDS * 4));
    const [connectivity, expansionAdd, expansionSearch, q, graphBytes, crc] = [word(4), word(5), word(6), word(7), word(8), word(9)];
    const quantization = QUANTIZATIONS[q] ?? fail(`unknown quantization ${q}`);
    const graphAt = expected - graphBytes;
    if (bytes.length !== expected) fail(`its header implies ${expected} bytes, got ${bytes.length}`);
    if (zlib.crc32(bytes.subarray(docsAt)) !== crc) fail('checksum mismatch (corrupt bytes)');

    const index = new HnswIndex(d, { connectivity, expansionAdd, expansionSearch, quantization, ...stripUndefined(options) });
    index.rows.load(bytes, n, docsAt, halvesAt, fail);
    withTempDir((dir) => {
      const file = path.join(dir, 'index.usearch');
      writeFileSync(file, bytes.subarray(graphAt));
      try {
        index.graph.load(file);
      } catch (err) {
        fail(`usearch could not load its graph (${(err as Error).message})`);
      }
    });
    if (index.graph.size() !== n || index.graph.dimensions() !== d) {
      fail(`its graph holds ${index.graph.size()} vectors of ${index.graph.dimensions()} dimensions, expected ${n} of ${d}`);
    }
    return index;
  }
}

function newGraph(dimensions: number, o: Resolved): Index {
  return new Index({
    dimensions,
    metric: MetricKind.Cos,
    quantization: o.quantization as ScalarKind,
    connectivity: o.connectivity,
    expansion_add: o.expansionAdd,
    expansion_search: o.expansionSearch,
    multi: false,
  });
}

function withTempDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-hnsw-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const align4 = (n: number) => (n + 3) & ~3;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
