/**
 * CSV (RFC 4180) and TSV with a header row; columns map through field-mapping.ts. The delimiter
 * (comma, tab or semicolon) is read off the header line. Quoted fields may hold delimiters,
 * doubled quotes and newlines, so a row may span lines: the parser is not line-oriented.
 */
import type { ParseItem, SourceParser } from './source-parser.js';
import { hasPaperFields, mapFields, toItem } from './field-mapping.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A row, or one whose quote never closes where a field can end (`unclosed` says how). */
type Row = { line: number; fields: string[] } | { line: number; unclosed: string };

/** The delimiter that occurs most in the header line: tab, comma or semicolon. */
function delimiterOf(header: string): string {
  const count = (c: string) => header.split(c).length - 1;
  const [tabs, commas, semicolons] = [count('\t'), count(','), count(';')];
  if (tabs > 0 && tabs >= commas) return '\t';
  return semicolons > commas ? ';' : ',';
}

/** Index of the end of an unquoted field: the next delimiter or line break. */
function fieldEnd(text: string, from: number, delimiter: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === delimiter || c === LF || c === CR) break;
  }
  return i;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Rows with the line each starts on. A quote is special only at the start of a field (a stray
 * quote inside an unquoted field is kept as text). A quoted field left open swallows the rest of
 * the file, so that row is reported as unclosed and reading resumes on the next line. So is a
 * quoted field that spans lines but then goes wrong (text after its closing quote, or more fields
 * than `columns()`): its quote was never meant to close there, and the rows it ran over are
 * read again on their own rather than lost.
 */
function* rows(text: string, delimiterChar: string, firstLine: number, columns: () => number = () => Infinity): Generator<Row> {
  const delimiter = delimiterChar.charCodeAt(0);
  let pos = 0;
  let line = firstLine;
  while (pos < text.length) {
    const rowStart = pos;
    const rowLine = line;
    const fields: string[] = [];
    let unclosed: string | undefined;
    let multiline = false;
    for (;;) {
      let value = '';
      const quoted = text.charCodeAt(pos) === QUOTE;
      if (quoted) {
        let i = pos + 1;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            unclosed = 'the row runs to the end of the file';
            break;
          }
          value += text.slice(i, q);
          if (text.charCodeAt(q + 1) !== QUOTE) {
            i = q + 1;
            break;
          }
          value += '"';
          i = q + 2;
        }
        if (unclosed) break;
        const spanned = countLines(text, pos, i);
        line += spanned;
        if (spanned > 0) multiline = true;
        pos = i;
      }
      // Unquoted field, or any text between a closing quote and the delimiter (kept, leniently,
      // on one line).
      const end = fieldEnd(text, pos, delimiter);
      if (quoted && end > pos && multiline) {
        unclosed = 'text follows the quote that would close it lines later';
        break;
      }
      fields.push(value + text.slice(pos, end));
      pos = end;
      if (pos >= text.length) break;
      const c = text.charCodeAt(pos);
      if (c === delimiter) {
        pos++;
        continue;
      }
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (multiline && fields.length > columns()) unclosed = 'closing it lines later gives the row too many fields';
    if (unclosed) {
      yield { line: rowLine, unclosed };
      const next = text.indexOf('\n', rowStart);
      pos = next < 0 ? text.length : next + 1;
      line = rowLine + 1;
    } else if (fields.length > 1 || fields[0]!.trim() !== '') {
      yield { line: rowLine, fields };
    }
  }
}

/** The first non-blank line, which holds the header. */
const headerLine = (text: string): string => /^.*\S.*$/m.exec(text)?.[0] ?? '';

function headerOf(text: string): string[] | undefined {
  const line = headerLine(text);
  for (const row of rows(line, delimiterOf(line), 1)) return 'fields' in row ? row.fields : undefined;
  return undefined;
}

export const csvParser: SourceParser = {
  format: 'csv',
  lineOriented: false,

  /** A header row naming at least a title or abstract column. */
  detect(sample, name) {
    const header = headerOf(sample.replace(/^\uFEFF/, ''));
    if (!header || !hasPaperFields(header)) return 0;
    const hint = /\.(csv|tsv|tab)(\.gz)?$/i.test(name) ? 0.05 : 0;
    return (header.length > 1 ? 0.9 : 0.5) + hint;
  },

  *parse(text, context): Generator<ParseItem> {
    const body = text.replace(/^\uFEFF/, '');
    const delimiter = delimiterOf(headerLine(body));
    let header: string[] | undefined;
    for (const row of rows(body, delimiter, context.firstLine, () => header?.length ?? Infinity)) {
      const { line } = row;
      if (!('fields' in row)) {
        yield { ok: false, line, reason: `unclosed quote: ${row.unclosed}` };
      } else if (!header) {
        header = row.fields.map((h) => h.trim());
      } else if (row.fields.slice(header.length).some((f) => f.trim() !== '')) {
        yield { ok: false, line, reason: `${row.fields.length} fields but the header has ${header.length}` };
      } else {
        const object: Record<string, string> = {};
        for (const [i, h] of header.entries()) object[h] = row.fields[i] ?? '';
        yield toItem(mapFields(object), line);
      }
    }
  },
};
