/**
 * The lexical index is derived data: built from the store, cached in it as an artifact stamped
 * with the library's change counter, and brought up to date from the papers changed since.
 * A missing, foreign or corrupt artifact is simply rebuilt.
 */
import { Bm25Index } from '../lexical/bm25-index.js';
import { toPlainText } from '../text/normalise.js';
import type { Store } from '../store/store.js';

export const LEXICAL_ARTIFACT = 'lexical-bm25';
/** Bump when what is indexed changes (fields, text normalisation), so old caches are rebuilt. */
const ARTIFACT_VERSION = 1;

async function load(store: Store): Promise<{ index: Bm25Index; seq: number }> {
  const artifact = await store.getArtifact(LEXICAL_ARTIFACT);
  if (artifact?.version === ARTIFACT_VERSION) {
    try {
      return { index: Bm25Index.deserialize(artifact.bytes), seq: artifact.seq };
    } catch {
      // Corrupt or from another index format: rebuild below.
    }
  }
  return { index: new Bm25Index(), seq: 0 };
}

/**
 * Returns the lexical index, current with the store. When it had to catch up, the refreshed
 * index is saved back so the next process loads it ready.
 */
export async function refreshLexicalIndex(store: Store, onProgress?: (papers: number) => void): Promise<Bm25Index> {
  const { index, seq } = await load(store);
  const current = await store.currentSeq();
  if (seq >= current) return index;
  let n = 0;
  for await (const docs of store.iterateTexts(seq)) {
    for (const d of docs) index.upsert(d.docId, { title: toPlainText(d.title), body: toPlainText(d.abstract) });
    n += docs.length;
    onProgress?.(n);
  }
  await store.putArtifact(LEXICAL_ARTIFACT, { version: ARTIFACT_VERSION, seq: current, bytes: index.serialize() });
  return index;
}
