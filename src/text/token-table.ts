/** Growable typed array: `a`, or a copy at least `n` long (doubling). */
function grow32(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2, 64));
  b.set(a);
  return b;
}

/**
 * Open-addressing hash table (FNV-1a, linear probing) from a token, given as a slice of a
 * string, to a term id: indexing probes it without allocating a string per token occurrence,
 * about twice as fast as a Map keyed by token strings.
 */
export class TokenTable {
  private buckets: Int32Array = new Int32Array(1024); // 1 + entry index; 0 when empty
  private keys: string[] = [];
  private hashes: Int32Array = new Int32Array(0);
  private values: Int32Array = new Int32Array(0);

  get size(): number {
    return this.keys.length;
  }

  /** The value of `s.slice(start, end)`, adding `miss(token)` for a new token. */
  lookup(s: string, start: number, end: number, miss: (token: string) => number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const mask = this.buckets.length - 1;
    let p = h & mask;
    for (let e = this.buckets[p]! - 1; e >= 0; p = (p + 1) & mask, e = this.buckets[p]! - 1) {
      if (this.hashes[e] === h && sameText(this.keys[e]!, s, start, end)) return this.values[e]!;
    }
    const token = s.slice(start, end);
    const value = miss(token);
    const e = this.keys.length;
    this.keys.push(token);
    this.hashes = grow32(this.hashes, e + 1);
    this.values = grow32(this.values, e + 1);
    this.hashes[e] = h;
    this.values[e] = value;
    this.buckets[p] = e + 1;
    if (2 * this.keys.length > this.buckets.length) this.grow();
    return value;
  }

  private grow(): void {
    this.buckets = new Int32Array(this.buckets.length * 2);
    const mask = this.buckets.length - 1;
    for (let e = 0; e < this.keys.length; e++) {
      let p = this.hashes[e]! & mask;
      while (this.buckets[p] !== 0) p = (p + 1) & mask;
      this.buckets[p] = e + 1;
    }
  }
}

function sameText(key: string, s: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== s.charCodeAt(start + i)) return false;
  return true;
}

