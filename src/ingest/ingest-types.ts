import type { FormatName, Paper, PaperRecord } from '../core/paper.js';

/**
 * The types that cross the line between the ingest pipeline (pure decisions) and the store
 * (lookups and writes in one transaction). See store/store.ts `WriteTransaction.ingestBatch`.
 */

/** A parsed record made ready for identity resolution. */
export interface PreparedRecord {
  /** Content hash of (file, record): the same record of the same file is never applied twice. */
  hash: string;
  record: PaperRecord;
  format: FormatName;
  line: number;
  /** Identity keys, strongest first: `arxiv:…`, `doi:…`, `title:…`. */
  keys: string[];
  /**
   * MinHash signature and LSH bands of the abstract, undefined when it is too short to compare.
   * Computed on first call: most repeat listings match by arXiv id and never need it.
   */
  nearDuplicate(): { signature: Uint32Array; bands: number[] } | undefined;
}

/** How much a field value from a format is trusted; higher wins when merging. */
export type FieldTrust = Partial<Record<keyof Paper, number>>;

/** A paper as ingest sees it: the public paper plus what merging needs to stay order-independent. */
export interface PaperState {
  paper: Omit<Paper, 'sources'>;
  /** The trust of the source that gave each field's current value. */
  trust: FieldTrust;
}

/** What the store found for a batch, in the same transaction that will apply the writes. */
export interface BatchLookup {
  /** Record hashes already applied. */
  knownHashes: Set<string>;
  /** Identity key → public paper id. */
  keyHits: Map<string, string>;
  /** Papers sharing LSH bands with a record: band → public ids. */
  nearby(bands: number[]): Map<number, string[]>;
  /** A stored paper by public id (loaded on demand). */
  paper(id: string): PaperState | undefined;
  /** Abstract of a candidate paper, for near-duplicate verification. */
  abstractOf(paperId: string): string | undefined;
  /** True when a public id is taken (for generating new ids). */
  idTaken(paperId: string): boolean;
}

export type MergeReason = 'arxiv' | 'doi' | 'title' | 'near-duplicate';

/** The writes one batch makes, applied atomically. */
export interface BatchWrites {
  /** New or changed papers (whole state); `created` tells which are new. Unchanged ones are left out. */
  papers: { state: PaperState; created: boolean }[];
  keys: { key: string; paperId: string }[];
  bands: { band: number; paperId: string }[];
  records: { hash: string; paperId: string; line: number; format: FormatName; date?: string }[];
  /** Records that joined a paper by something other than the arXiv id it already had. */
  merges: {
    paperId: string;
    recordHash: string;
    reason: MergeReason;
    similarity?: number;
    /** Set when the record carried a different arXiv id than the paper: two ids, one paper. */
    otherArxivId?: string;
  }[];
}
