/** The lexical index as derived data of the library (see store/derived-cache.ts). */
import { Bm25Index } from '../lexical/bm25-index.js';
import { refreshDerived, type DerivedKind, type SaveOptions } from '../store/derived-cache.js';
import type { Store } from '../store/store.js';
import { toPlainText } from '../text/normalise.js';

export const LEXICAL_INDEX: DerivedKind<Bm25Index> = {
  name: 'lexical-bm25',
  // Bump when what is indexed changes (fields, text normalisation).
  version: 1,
  empty: () => new Bm25Index(),
  deserialize: (bytes) => Bm25Index.deserialize(bytes),
  serialize: (index) => index.serialize(),
  apply: (index, doc) => index.upsert(doc.docId, { title: toPlainText(doc.title), body: toPlainText(doc.abstract) }),
};

/** The lexical index, current with the store (saved back when the library is free to write). */
export function refreshLexicalIndex(store: Store, options: SaveOptions & { onProgress?: (papers: number) => void } = {}): Promise<Bm25Index> {
  return refreshDerived(store, LEXICAL_INDEX, options);
}
