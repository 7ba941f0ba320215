/**
 * A vocabulary kept as its UTF-8 bytes, terms joined by "\n" (as the lexical index and the
 * built-in model store theirs), looked up without making a string per term. A one-shot command
 * looks up a query's few terms among 100,000: making 100,000 strings and a Map of them would cost
 * it more than its search (~100 ms and a garbage collection), where finding the term boundaries
 * costs a pass over the bytes.
 */
const NEWLINE = 0x0a;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class Vocabulary {
  readonly size: number;
  /** Term i is bytes [starts[i], starts[i + 1] - 1) (the "\n" after it excluded). */
  private readonly starts: Int32Array;
  /** Open addressing by FNV-1a of the bytes: 1 + term id, 0 for empty. Built on the first `indexOf`. */
  private table: Int32Array | undefined;
  private scratch = new Uint8Array(64);

  /**
   * `starts` (as `starts` below, saved with the bytes) spares a pass over the bytes, which costs a
   * one-shot command tens of milliseconds for 100,000 terms.
   */
  constructor(
    private readonly bytes: Uint8Array,
    starts?: Int32Array,
    table?: Int32Array,
  ) {
    if (starts) {
      if (starts.length < 1 || (starts.length > 1 && starts[0] !== 0) || starts[starts.length - 1] !== bytes.length + 1) {
        throw new Error('vocabulary offsets do not match its bytes');
      }
      this.starts = starts;
    } else {
      const found: number[] = bytes.length === 0 ? [] : [0];
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === NEWLINE) found.push(i + 1);
      found.push(bytes.length + 1);
      this.starts = Int32Array.from(found);
    }
    this.size = this.starts.length - 1;
    if (table) {
      if (table.length < 2 * this.size || (table.length & (table.length - 1)) !== 0) throw new Error('vocabulary lookup table does not fit its size');
      this.table = table;
    }
  }

  /** The vocabulary of `terms` (none may hold a "\n"). */
  static of(terms: readonly string[]): Vocabulary {
    return new Vocabulary(encoder.encode(terms.join('\n')));
  }

  /** The terms joined by "\n", as UTF-8. */
  get utf8(): Uint8Array {
    return this.bytes;
  }

  /** Where each term starts in `utf8` (term i ends one byte before term i + 1 starts), for saving beside it. */
  get offsets(): Int32Array {
    return this.starts;
  }

  term(i: number): string {
    return decoder.decode(this.bytes.subarray(this.starts[i]!, this.starts[i + 1]! - 1));
  }

  /** Every term, in order. */
  toArray(): string[] {
    return this.size === 0 ? [] : decoder.decode(this.bytes).split('\n');
  }

  /** In a vocabulary sorted in JavaScript string order: the first id whose term is not below `text`. */
  lowerBound(text: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.term(mid) < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The table `indexOf` looks terms up in (built now if need be), for saving beside the bytes. */
  get lookupTable(): Int32Array {
    return (this.table ??= this.buildTable());
  }

  /** The id of `text`, or -1. */
  indexOf(text: string): number {
    const table = (this.table ??= this.buildTable());
    let len = text.length * 3;
    if (len > this.scratch.length) this.scratch = new Uint8Array(len);
    len = encoder.encodeInto(text, this.scratch).written;
    const mask = table.length - 1;
    for (let slot = hash(this.scratch, 0, len) & mask; ; slot = (slot + 1) & mask) {
      const id = table[slot]! - 1;
      if (id < 0 || id >= this.size) return -1;
      if (this.equals(id, this.scratch, len)) return id;
    }
  }

  private equals(id: number, key: Uint8Array, len: number): boolean {
    const start = this.starts[id]!;
    if (this.starts[id + 1]! - 1 - start !== len) return false;
    for (let i = 0; i < len; i++) if (this.bytes[start + i] !== key[i]) return false;
    return true;
  }

  private buildTable(): Int32Array {
    let size = 16;
    while (size < 2 * this.size) size *= 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = hash(this.bytes, this.starts[id]!, this.starts[id + 1]! - 1) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    return table;
  }
}

/** FNV-1a over bytes [from, to). */
function hash(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
