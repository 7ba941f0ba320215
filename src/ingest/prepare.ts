import type { FormatName, PaperRecord } from '../core/paper.js';
import { toPlainText } from '../text/normalise.js';
import type { PreparedRecord } from './ingest-types.js';
import { bands, canonicalIds, identityKeys, recordHash, signature } from './identity.js';

/** Readies one parsed record for identity resolution: canonical ids, keys, MinHash. */
export function prepareRecord(file: string, format: FormatName, line: number, raw: PaperRecord): PreparedRecord {
  const record = canonicalIds(raw);
  const plainTitle = record.title ? toPlainText(record.title) : undefined;
  let near: { signature: Uint32Array; bands: number[] } | undefined | null = null;
  return {
    hash: recordHash(file, record),
    record,
    format,
    line,
    keys: identityKeys(record, plainTitle),
    nearDuplicate() {
      if (near === null) {
        const sig = record.abstract ? signature(toPlainText(record.abstract)) : undefined;
        near = sig ? { signature: sig, bands: bands(sig) } : undefined;
      }
      return near;
    },
  };
}
