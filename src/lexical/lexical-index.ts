/**
 * A LexicalIndex ranks documents for a query by the words they contain. Documents are the
 * store's integer row ids; the index holds no paper data beyond what ranking needs, so it can
 * always be rebuilt from the store (it is derived data, persisted only as a cache).
 */

/** The lexical part of a parsed user query (see search/query-parser.ts). Words are raw user words. */
export interface LexicalQuery {
  /** Words that rank (OR semantics: more matching words rank higher). */
  should: string[];
  /** Words every hit must contain (`+word`, and every word of a phrase). */
  must: string[];
  /** Words no hit may contain (`-word`). */
  mustNot: string[];
  /** Prefixes (`transform*`): each matches every indexed term that starts with it. */
  prefixes: string[];
}

export interface LexicalDoc {
  title: string;
  body: string;
}

export interface LexicalHit {
  docId: number;
  score: number;
}

export interface LexicalSearchOptions {
  limit: number;
  /** Only documents for which this returns true may be returned. */
  filter?: (docId: number) => boolean;
}

export interface LexicalIndex {
  /** Add or replace a document. */
  upsert(docId: number, doc: LexicalDoc): void;
  remove(docId: number): void;
  search(query: LexicalQuery, options: LexicalSearchOptions): LexicalHit[];
  /** The same search, with the number of documents matching (and passing the filter), beyond the top `limit`. */
  searchCounted(query: LexicalQuery, options: LexicalSearchOptions): { hits: LexicalHit[]; total: number };
  /** Number of live documents. */
  readonly size: number;
}
