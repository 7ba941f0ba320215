/** The lexical index as derived data of the library (see store/derived-cache.ts). */
import { Bm25Index } from '../lexical/bm25-index.js';
import { openDerived, refreshDerived, type DerivedKind, type SaveOptions } from '../store/derived-cache.js';
import type { Store } from '../store/store.js';
import { toPlainText } from '../text/normalise.js';

export const LEXICAL_INDEX: DerivedKind<Bm25Index> = {
  name: 'lexical-bm25',
  // Bump when what is indexed changes (fields, text normalisation) or the format does.
  version: 2,
  empty: () => new Bm25Index(),
  deserialize: (bytes) => Bm25Index.deserialize(bytes),
  open: (source) => Bm25Index.open(source),
  serialize: (index) => index.serializeParts(),
  apply: (index, doc) => index.upsert(doc.docId, { title: toPlainText(doc.title), body: toPlainText(doc.abstract) }),
};

/** The lexical index, current with the store (saved back when the library is free to write). */
export function refreshLexicalIndex(store: Store, options: SaveOptions & { onProgress?: (papers: number) => void } = {}): Promise<Bm25Index> {
  return refreshDerived(store, LEXICAL_INDEX, options);
}

/**
 * The lexical index for a one-shot command: opened in parts when the saved one is current (a
 * search reads only its words' postings), else caught up and saved as `refreshLexicalIndex` does.
 */
export function openLexicalIndex(store: Store, options: SaveOptions = {}): Promise<Bm25Index> {
  return openDerived(store, LEXICAL_INDEX, options);
}
