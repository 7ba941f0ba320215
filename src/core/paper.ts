/**
 * The paper model. A source parser yields `PaperRecord`s (one listing of one paper, as that
 * source saw it); ingest merges records into `Paper`s (one per real paper) with the provenance
 * of every record that listed it.
 */

/** One paper as one source listed it. Every field is optional: sources give what they have. */
export interface PaperRecord {
  /** Display title as the source wrote it (may hold LaTeX). */
  title?: string;
  /** Abstract as the source wrote it (LaTeX, markdown, hyphenation and all): kept for display. */
  abstract?: string;
  authors?: string[];
  /** When a source gives only a count ("11 authors"). */
  authorCount?: number;
  /** When a source gives an organization instead of authors. */
  organization?: string;
  /** ISO date (YYYY-MM-DD) the source gives for the paper: published, listed or submitted. */
  date?: string;
  categories?: string[];
  /** arXiv identifier without version ("2503.11731", "hep-th/9901001"). */
  arxivId?: string;
  arxivVersion?: number;
  /** DOI, lower-cased, without a resolver prefix. */
  doi?: string;
  url?: string;
  /** Community upvotes (Hugging Face Daily Papers). */
  upvotes?: number;
  comment?: string;
  venue?: string;
}

/** Where a record came from. */
export interface SourceRef {
  /** Path as given on the command line, or "-" for stdin, or an upload name. */
  file: string;
  format: FormatName;
  /** 1-based line where the record starts. */
  line: number;
  /** ISO timestamp of the ingest that stored it. */
  ingestedAt: string;
  /** The record's own date, if it had one (a listing day, for instance). */
  date?: string;
}

/** A paper in the library: the merge of every record that listed it. */
export interface Paper {
  /** Stable public id: the arXiv id when the first record had one, else `pb-` and a content hash. */
  id: string;
  title: string;
  /** True when no source gave a title and `title` was derived from the abstract. */
  titleDerived: boolean;
  abstract: string;
  authors: string[];
  authorCount?: number;
  organization?: string;
  date?: string;
  categories: string[];
  arxivId?: string;
  doi?: string;
  url?: string;
  upvotes?: number;
  comment?: string;
  venue?: string;
  sources: SourceRef[];
}

/** A search result. */
export interface Hit {
  paper: Paper;
  score: number;
}

export const FORMATS = [
  'abstract-dump',
  'abstract-list',
  'hf-daily-page',
  'arxiv-atom',
  'arxiv-jsonl',
  'arxiv-oai',
  'hf-daily-api',
  'bibtex',
  'csv',
  'json',
  'jsonl',
] as const;
export type FormatName = (typeof FORMATS)[number];
