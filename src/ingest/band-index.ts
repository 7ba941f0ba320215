/**
 * The MinHash LSH band index: band hash → papers, for finding near-duplicate abstracts. It is
 * derived data (rebuilt from abstracts at ~15 µs a paper), so it lives in memory during an ingest
 * and is cached as a store artifact, rather than as 16 rows a paper in the database: that halved
 * the ingest time.
 */
import type { DerivedKind } from '../store/derived-cache.js';
import { toPlainText } from '../text/normalise.js';
import { bands, signature } from './identity.js';

const MAGIC = 0x32444250; // "PBD2"

const SLOT = 2 ** 32;
const KEY_BITS = 2 ** 30;

export class BandIndex {
  /**
   * One map per band position, keyed by the band's hash cut to 30 bits: V8 hashes such small
   * integers fast, where a 48-bit key is a boxed number. The cut only adds candidates, and every
   * candidate is verified on its full signature. A value is one doc id, or several.
   */
  private readonly maps: Map<number, number | number[]>[] = [];
  private pairs = 0;

  get size(): number {
    return this.pairs;
  }

  private mapOf(position: number): Map<number, number | number[]> {
    let m = this.maps[position];
    if (!m) this.maps[position] = m = new Map();
    return m;
  }

  /** Band hashes as `bands()` gives them: position × 2^32 + 32-bit hash. */
  add(docId: number, bandHashes: number[]): void {
    for (const band of bandHashes) this.insert(Math.floor(band / SLOT), (band % SLOT) >>> 2, docId);
  }

  private insert(position: number, key: number, docId: number): void {
    const map = this.mapOf(position);
    const cur = map.get(key);
    if (cur === undefined) map.set(key, docId);
    else if (typeof cur === 'number') {
      if (cur === docId) return;
      map.set(key, [cur, docId]);
    } else if (!cur.includes(docId)) cur.push(docId);
    else return;
    this.pairs++;
  }

  /** Papers sharing each band. */
  lookup(bandHashes: Iterable<number>): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const band of bandHashes) {
      const cur = this.maps[Math.floor(band / SLOT)]?.get((band % SLOT) >>> 2);
      if (cur !== undefined) out.set(band, typeof cur === 'number' ? [cur] : [...cur]);
    }
    return out;
  }

  serialize(): Uint8Array {
    const keys = new Float64Array(this.pairs);
    const docs = new Int32Array(this.pairs);
    let i = 0;
    this.maps.forEach((map, position) => {
      for (const [key, cur] of map)
        for (const d of typeof cur === 'number' ? [cur] : cur) {
          keys[i] = position * KEY_BITS + key;
          docs[i++] = d;
        }
    });
    const out = new Uint8Array(8 + this.pairs * 12);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, this.pairs, true);
    out.set(new Uint8Array(keys.buffer), 8);
    out.set(new Uint8Array(docs.buffer), 8 + this.pairs * 8);
    return out;
  }

  static deserialize(bytes: Uint8Array): BandIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a band index');
    const n = view.getUint32(4, true);
    if (bytes.byteLength !== 8 + n * 12) throw new Error('band index truncated');
    // Copy: the source bytes may not be 8-byte aligned.
    const keys = new Float64Array(bytes.slice(8, 8 + n * 8).buffer);
    const docs = new Int32Array(bytes.slice(8 + n * 8).buffer);
    const index = new BandIndex();
    for (let i = 0; i < n; i++) index.insert(Math.floor(keys[i]! / KEY_BITS), keys[i]! % KEY_BITS, docs[i]!);
    return index;
  }
}

export const BAND_INDEX: DerivedKind<BandIndex> = {
  name: 'near-duplicate-bands',
  version: 2,
  empty: () => new BandIndex(),
  deserialize: (bytes) => BandIndex.deserialize(bytes),
  serialize: (index) => index.serialize(),
  apply: (index, doc) => {
    const sig = signature(toPlainText(doc.abstract));
    if (sig) index.add(doc.docId, bands(sig));
  },
};
