import type { FormatName, PaperRecord } from '../core/paper.js';

/** One item a parser yields: a record, or a malformed record it skipped (with why). */
export type ParseItem =
  | { ok: true; record: PaperRecord; line: number }
  | { ok: false; line: number; reason: string };

/**
 * A parser for one listing format. Parsers are pure: text in, items out; they never touch the
 * store, and they never throw on a malformed record (they yield `{ ok: false }` and go on).
 * They may throw a PaperboyError('BAD_INPUT') only when the whole file is unusable.
 */
export interface SourceParser {
  readonly format: FormatName;
  /**
   * How sure the parser is that `sample` (the first ~64 KiB of the file, decoded) is its format:
   * 0 = not at all, 1 = certain. `name` is the file name, a hint only.
   */
  detect(sample: string, name: string): number;
  /**
   * True when any run of whole lines parses on its own (one record per line): the reader may then
   * stream a large file to the parser in chunks instead of holding it as one string.
   */
  readonly lineOriented: boolean;
  /**
   * True when one line may hold many records (minified JSON, XML, HTML). Otherwise a line longer
   * than a record may be (record-limits.ts) is dropped by the reader, unread, with a report.
   */
  readonly longLines?: boolean;
  parse(text: string, context: ParseContext): Iterable<ParseItem>;
}

export interface ParseContext {
  /** File name, for messages. */
  file: string;
  /** Today's date (ISO), for formats that leave the year implied. Injected for testability. */
  today: string;
  /** Line number (1-based) of the first line of `text` within the file; 1 unless streamed in chunks. */
  firstLine: number;
}
