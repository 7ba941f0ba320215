/**
 * Vectors held in rows of one typed array, with doc ids both ways: the storage the exact and HNSW
 * indexes share. Rows [0, count) are live; removing a row moves the last row into its place, so
 * the live rows stay dense for scans.
 */
type Rows = Float32Array | Uint16Array;

export class RowTable<T extends Rows> {
  data: T;
  rowDoc: Int32Array = new Int32Array(0);
  readonly docRow = new Map<number, number>();
  count = 0;

  constructor(
    readonly dimensions: number,
    private readonly make: (length: number) => T,
  ) {
    this.data = make(0);
  }

  /** The row of `docId`, appending a new row when it has none. */
  assign(docId: number): number {
    let row = this.docRow.get(docId);
    if (row === undefined) {
      this.reserve(this.count + 1);
      row = this.count++;
      this.docRow.set(docId, row);
      this.rowDoc[row] = docId;
    }
    return row;
  }

  /** Rows of the given documents, in order; documents without one are left out. */
  rowsOf(docIds: Iterable<number>): number[] {
    const rows: number[] = [];
    for (const docId of docIds) {
      const row = this.docRow.get(docId);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  /** Removes a document's row; false when it had none. */
  remove(docId: number): boolean {
    const row = this.docRow.get(docId);
    if (row === undefined) return false;
    const last = --this.count;
    this.docRow.delete(docId);
    if (row !== last) {
      const d = this.dimensions;
      this.data.copyWithin(row * d, last * d, (last + 1) * d);
      const moved = this.rowDoc[last]!;
      this.rowDoc[row] = moved;
      this.docRow.set(moved, row);
    }
    return true;
  }

  /** Room for `rows` rows, growing by half at least so appends stay amortised O(1). */
  reserve(rows: number): void {
    if (rows <= this.rowDoc.length) return;
    const capacity = Math.max(rows, Math.ceil(this.rowDoc.length * 1.5), 64);
    const data = this.make(capacity * this.dimensions);
    data.set(this.data.subarray(0, this.count * this.dimensions));
    this.data = data;
    const rowDoc = new Int32Array(capacity);
    rowDoc.set(this.rowDoc.subarray(0, this.count));
    this.rowDoc = rowDoc;
  }

  /**
   * Fills an empty table with `n` rows from serialized bytes: n int32 doc ids at `docsAt`, then the
   * row data at `dataAt`, both byte offsets into `bytes` (copied: a store Buffer may sit at any
   * offset). `fail` reports a negative or repeated doc id.
   */
  load(bytes: Uint8Array, n: number, docsAt: number, dataAt: number, fail: (why: string) => never): void {
    this.reserve(n);
    const d = this.dimensions;
    new Uint8Array(this.rowDoc.buffer).set(new Uint8Array(bytes.buffer, bytes.byteOffset + docsAt, 4 * n));
    new Uint8Array(this.data.buffer).set(new Uint8Array(bytes.buffer, bytes.byteOffset + dataAt, this.data.BYTES_PER_ELEMENT * n * d));
    for (let row = 0; row < n; row++) {
      const docId = this.rowDoc[row]!;
      if (docId < 0 || this.docRow.has(docId)) fail(`doc id ${docId} at row ${row} is negative or repeated`);
      this.docRow.set(docId, row);
    }
    this.count = n;
  }
}
