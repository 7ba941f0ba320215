/**
 * The MinHash LSH band index: band hash → papers, for finding near-duplicate abstracts. It is
 * derived data (rebuilt from abstracts at ~15 µs a paper), so it lives in memory during an ingest
 * and is cached as a store artifact, rather than as 16 rows a paper in the database: that halved
 * the ingest time.
 */
import type { DerivedKind } from '../store/derived-cache.js';
import { toPlainText } from '../text/normalise.js';
import { bands, signature } from './identity.js';

const MAGIC = 0x444e4250; // "PBND"

export class BandIndex {
  /** A band's papers: one doc id, or several (most bands hold one paper). */
  private readonly map = new Map<number, number | number[]>();
  private pairs = 0;

  get size(): number {
    return this.pairs;
  }

  add(docId: number, bandHashes: number[]): void {
    for (const band of bandHashes) {
      const cur = this.map.get(band);
      if (cur === undefined) this.map.set(band, docId);
      else if (typeof cur === 'number') {
        if (cur === docId) continue;
        this.map.set(band, [cur, docId]);
      } else if (!cur.includes(docId)) cur.push(docId);
      else continue;
      this.pairs++;
    }
  }

  /** Papers sharing each band. */
  lookup(bandHashes: Iterable<number>): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const band of bandHashes) {
      const cur = this.map.get(band);
      if (cur !== undefined) out.set(band, typeof cur === 'number' ? [cur] : [...cur]);
    }
    return out;
  }

  serialize(): Uint8Array {
    const bandsOut = new Float64Array(this.pairs);
    const docs = new Int32Array(this.pairs);
    let i = 0;
    for (const [band, cur] of this.map)
      for (const d of typeof cur === 'number' ? [cur] : cur) {
        bandsOut[i] = band;
        docs[i++] = d;
      }
    const out = new Uint8Array(8 + this.pairs * 12);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, this.pairs, true);
    out.set(new Uint8Array(bandsOut.buffer), 8);
    out.set(new Uint8Array(docs.buffer), 8 + this.pairs * 8);
    return out;
  }

  static deserialize(bytes: Uint8Array): BandIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a band index');
    const n = view.getUint32(4, true);
    if (bytes.byteLength !== 8 + n * 12) throw new Error('band index truncated');
    // Copy: the source bytes may not be 8-byte aligned.
    const bandsIn = new Float64Array(bytes.slice(8, 8 + n * 8).buffer);
    const docs = new Int32Array(bytes.slice(8 + n * 8).buffer);
    const index = new BandIndex();
    for (let i = 0; i < n; i++) index.add(docs[i]!, [bandsIn[i]!]);
    return index;
  }
}

export const BAND_INDEX: DerivedKind<BandIndex> = {
  name: 'near-duplicate-bands',
  version: 1,
  empty: () => new BandIndex(),
  deserialize: (bytes) => BandIndex.deserialize(bytes),
  serialize: (index) => index.serialize(),
  apply: (index, doc) => {
    const sig = signature(toPlainText(doc.abstract));
    if (sig) index.add(doc.docId, bands(sig));
  },
};
