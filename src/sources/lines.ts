/** Line splitting shared by the line-based parsers. */

export interface Line {
  /** The line without its terminator. */
  text: string;
  /** 1-based line number within the file. */
  line: number;
}

/**
 * Splits on LF or CRLF, numbering from `firstLine`. A leading byte-order mark is dropped, a last
 * line without a newline is kept, and the empty "line" after a final newline is not.
 */
export function splitLines(text: string, firstLine = 1): Line[] {
  const parts = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((part, i) => ({ text: part, line: firstLine + i }));
}

/** The non-blank lines, trimmed, with their numbers. */
export function nonBlankLines(text: string, firstLine = 1): Line[] {
  return splitLines(text, firstLine)
    .map(({ text: t, line }) => ({ text: t.trim(), line }))
    .filter((l) => l.text !== '');
}

export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;
