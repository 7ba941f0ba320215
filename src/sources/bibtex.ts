/**
 * BibTeX and BibLaTeX. Text outside entries is a comment (as in BibTeX); `@comment`, `@preamble`
 * and `@string` are honoured. A malformed entry is reported at the line of its `@` and parsing
 * resumes at the next `@` that starts a line. Entries are not line-bound, so the parser is not
 * line-oriented.
 */
import { monthNumber, parseLooseDate } from '../core/dates.js';
import { normaliseDoi, parseArxivId } from '../core/identifiers.js';
import type { PaperRecord } from '../core/paper.js';
import type { ParseItem, SourceParser } from './source-parser.js';

const MONTH_MACROS: [string, string][] = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
].map((name) => [name.slice(0, 3).toLowerCase(), name]);

const ENTRY_START = /@[ \t]*[A-Za-z]\w*[ \t]*[{(]/g;
const LINE_START_AT = /^[ \t]*@/gm;
const ENTRY_LINE = /[ \t]*@[A-Za-z]\w*[ \t]*[{(]/y;
const FIELD_NAME = /[A-Za-z][\w:.+\-/]*/y;
const KEY = /[^\s,{}()=]*/y;
/**
 * The longest value, in characters, after `#` concatenation and macro expansion: far above any
 * real field (ingest caps fields lower still), and what stops nested @string definitions from
 * doubling into gigabytes.
 */
const MAX_VALUE = 1_000_000;

class BibSyntaxError extends Error {}

interface Entry {
  key: string;
  fields: Map<string, string>;
}

/** Reads one `@...` block starting at an `@`; throws BibSyntaxError on malformed input. */
class EntryReader {
  pos: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly macros: Map<string, string>,
    /** Macros whose @string failed: an entry using one is skipped rather than keeping its name. */
    private readonly failedMacros: Set<string>,
  ) {
    this.pos = start + 1;
  }

  /** The entry, or undefined for `@comment`, `@preamble` and `@string` (macros are recorded). */
  read(): Entry | undefined {
    this.skipSpace();
    const type = this.match(/[A-Za-z]\w*/y).toLowerCase();
    const where = `@${type}`;
    this.skipSpace();
    const close = this.text[this.pos++] === '{' ? '}' : ')';
    if (type === 'comment') {
      this.skipComment(close);
      return undefined;
    }
    if (type === 'string') {
      const name = this.fieldName(where);
      this.expect('=', where);
      this.failedMacros.add(name);
      this.macros.set(name, this.value(where));
      this.failedMacros.delete(name);
    } else if (type === 'preamble') {
      this.value(where);
    } else {
      return this.entry(close);
    }
    this.expect(close, where);
    return undefined;
  }

  private entry(close: string): Entry {
    this.skipSpace();
    const key = this.match(KEY);
    this.skipSpace();
    if (!key || this.peek() === '=') throw new BibSyntaxError('entry has no key');
    const where = `entry "${key}"`;
    const fields = new Map<string, string>();
    if (this.peek() !== close) this.expect(',', where);
    for (;;) {
      this.skipSpaceAndComments();
      if (this.peek() === close) break;
      const name = this.fieldName(where);
      this.expect('=', `${where}, field "${name}"`);
      const value = this.value(`${where}, field "${name}"`);
      // BibTeX keeps the first of duplicate fields.
      if (!fields.has(name)) fields.set(name, value);
      this.skipSpaceAndComments();
      if (this.peek() === close) break;
      this.expect(',', `${where}, after field "${name}"`);
    }
    this.pos++;
    return { key, fields };
  }

  /** A value: pieces (braced, quoted, number or macro) joined by `#`, without their delimiters. */
  private value(where: string): string {
    let result = '';
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === '{' || c === '"') {
        result += this.delimited(c === '{' ? '}' : '"', where);
      } else if (c !== undefined && /\d/.test(c)) {
        result += this.match(/\d+/y);
      } else if (c !== undefined && /[A-Za-z]/.test(c)) {
        const name = this.match(FIELD_NAME).toLowerCase();
        if (this.failedMacros.has(name)) throw new BibSyntaxError(`${where}: uses @string "${name}", which was skipped`);
        // An undefined macro keeps its name: its @string usually lives in another .bib file.
        result += this.macros.get(name) ?? name;
      } else {
        this.fail('a value', where);
      }
      if (result.length > MAX_VALUE) throw new BibSyntaxError(`${where}: value longer than ${MAX_VALUE.toLocaleString('en')} characters (nested @string macros?)`);
      this.skipSpace();
      if (this.peek() !== '#') return result;
      this.pos++;
    }
  }

  /**
   * The text up to `end` at brace depth 0 (BibTeX counts every brace, escaped or not). Unless
   * `nested` entries are expected (a commented-out entry), a line opening an entry ends the search:
   * the value's braces never closed, and the entries after it must not be swallowed.
   */
  private delimited(end: string, where: string, nested = false): string {
    const from = ++this.pos;
    let depth = 0;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === end && depth === 0) return this.text.slice(from, this.pos++);
      if (c === '{') depth++;
      else if (c === '}') {
        if (--depth < 0) throw new BibSyntaxError(`${where}: unbalanced braces`);
      } else if (c === '\n' && !nested) {
        ENTRY_LINE.lastIndex = this.pos + 1;
        if (ENTRY_LINE.test(this.text)) break;
      }
    }
    throw new BibSyntaxError(`${where}: unbalanced braces (the value never ends)`);
  }

  private skipComment(close: string): void {
    if (close === '}') {
      this.pos--;
      this.delimited('}', '@comment', true);
      return;
    }
    const end = this.text.indexOf(')', this.pos);
    if (end < 0) throw new BibSyntaxError('@comment never ends');
    this.pos = end + 1;
  }

  private fieldName(where: string): string {
    this.skipSpace();
    const name = this.match(FIELD_NAME);
    if (!name) this.fail('a field name', where);
    this.skipSpace();
    return name.toLowerCase();
  }

  private expect(c: string, where: string): void {
    this.skipSpace();
    if (this.peek() !== c) this.fail(`"${c}"`, where);
    this.pos++;
  }

  private fail(expected: string, where: string): never {
    const found = this.peek();
    // An entry opening where this one should go on means this one's braces never closed.
    if (found === '@') throw new BibSyntaxError(`${where}: not closed before the next entry (unbalanced braces?)`);
    throw new BibSyntaxError(`${where}: expected ${expected}, found ${found === undefined ? 'end of file' : JSON.stringify(found)}`);
  }

  private match(re: RegExp): string {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private skipSpace(): void {
    this.match(/\s*/y);
  }

  /** Between fields, `%` line comments are skipped as biber does (BibTeX itself would choke). */
  private skipSpaceAndComments(): void {
    this.match(/(?:\s|%[^\n]*)*/y);
  }
}

// Accent commands: \"o, \"{o}, {\"o}, \'\i, \c{c}, \c c, {\ss}, \o{}.
const COMBINING: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};
const LETTERS: Record<string, string> = {
  ss: 'ß', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
};
const BASE = String.raw`(?:[A-Za-z]|\\[ij](?![A-Za-z]))`;
const ACCENT_COMMAND = [
  String.raw`\\["'\`^~=.]\s*(?:\{\s*${BASE}\s*\}|${BASE})`,
  String.raw`\\[uvHckrdb](?:\s*\{\s*${BASE}\s*\}|\s+${BASE})`,
  // A control word swallows the spaces after it ("Stra\ss e").
  String.raw`\\(?:${Object.keys(LETTERS).join('|')})(?![A-Za-z])(?:\{\}|[ \t]+)?`,
].join('|');
const ACCENT = new RegExp(String.raw`\{\s*(${ACCENT_COMMAND})\s*\}|(${ACCENT_COMMAND})`, 'g');

function decodeCommand(command: string): string {
  const [, name = '', base] = /^\\([A-Za-z]+|.)\s*\{?\s*(\\?[A-Za-z])?/.exec(command.trim()) ?? [];
  if (base === undefined) return LETTERS[name] ?? command;
  const mark = COMBINING[name];
  return mark ? (base.replace('\\', '') + mark).normalize('NFC') : command;
}

/** Decodes BibTeX accent commands to Unicode; all other LaTeX is left as written. */
export function decodeAccents(text: string): string {
  return text.replace(ACCENT, (_m, braced: string | undefined, bare: string | undefined) =>
    decodeCommand(braced ?? bare ?? ''),
  );
}

/** Splits at a separator found at brace depth 0. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const sticky = new RegExp(separator.source, 'y' + separator.flags.replace(/[gy]/g, ''));
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0) {
      sticky.lastIndex = i;
      if (sticky.test(text)) {
        parts.push(text.slice(from, i));
        from = sticky.lastIndex;
        i = from - 1;
      }
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** Removes braces that wrap the whole value (`{{BERT}}` → `BERT`), not inner groups. */
function stripWrappingBraces(value: string): string {
  let s = value.trim();
  while (s.startsWith('{') && s.endsWith('}')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < s.length - 1; i++) {
      if (s[i] === '{') depth++;
      else if (s[i] === '}' && --depth === 0) closesAtEnd = false;
    }
    if (!closesAtEnd) break;
    s = s.slice(1, -1).trim();
  }
  return s;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Plain text for names and venues, which no later step normalises. */
const plain = (s: string) => collapse(decodeAccents(s).replace(/[{}]/g, ''));

function authorsOf(value: string): string[] {
  return splitTopLevel(value, /\s+and\s+/)
    .map((name) => {
      const [last = '', ...rest] = splitTopLevel(name.trim(), /\s*,\s*/);
      // "Last, First" and "Last, Jr, First".
      const ordered = rest.length === 0 ? [last] : [rest[rest.length - 1]!, last, ...rest.slice(0, -1)];
      return plain(ordered.join(' '));
    })
    .filter((name) => name && name !== 'others');
}

/** `date` if it parses, else year and month (day 1), else year (January 1); none without a year. */
function dateOf(fields: Map<string, string>): string | undefined {
  const date = parseLooseDate(fields.get('date')?.split('/')[0]);
  if (date) return date;
  const year = /\d{4}/.exec(fields.get('year') ?? '')?.[0];
  if (!year) return undefined;
  const month = fields.get('month')?.trim().replace(/\.$/, '') ?? '';
  const monthNo = /^\d{1,2}$/.test(month) ? Number(month) : monthNumber(month);
  return (monthNo && parseLooseDate(`${year}-${monthNo}`)) || parseLooseDate(year);
}

function arxivOf(fields: Map<string, string>): ReturnType<typeof parseArxivId> {
  const eprint = fields.get('eprint');
  const prefix = fields.get('archiveprefix') ?? fields.get('eprinttype') ?? '';
  if (eprint && (/^arxiv$/i.test(prefix.trim()) || /^\s*arxiv:/i.test(eprint))) return parseArxivId(eprint);
  // Exports also cite the preprint in a URL or as `journal = {arXiv preprint arXiv:2301.00001}`.
  for (const name of ['url', 'howpublished', 'journal', 'note']) {
    const value = fields.get(name);
    if (value && /arxiv/i.test(value)) {
      const ref = parseArxivId(value);
      if (ref) return ref;
    }
  }
  return undefined;
}

function toItem({ key, fields }: Entry, line: number): ParseItem {
  const title = fields.get('title');
  const abstract = fields.get('abstract');
  if (!title?.trim() && !abstract?.trim()) {
    return { ok: false, line, reason: `entry "${key}" has neither title nor abstract` };
  }
  const record: PaperRecord = {};
  if (title?.trim()) record.title = collapse(decodeAccents(stripWrappingBraces(title)));
  if (abstract?.trim()) record.abstract = decodeAccents(stripWrappingBraces(abstract));
  const authors = authorsOf(fields.get('author') ?? '');
  if (authors.length > 0) record.authors = authors;
  const date = dateOf(fields);
  if (date) record.date = date;
  const doi = normaliseDoi(fields.get('doi'));
  if (doi) record.doi = doi;
  const url = fields.get('url')?.trim();
  if (url) record.url = url;
  const arxiv = arxivOf(fields);
  if (arxiv) {
    record.arxivId = arxiv.id;
    if (arxiv.version !== undefined) record.arxivVersion = arxiv.version;
  }
  const primaryClass = fields.get('primaryclass')?.trim();
  if (primaryClass) record.categories = [primaryClass];
  const venue = plain(fields.get('journal') ?? fields.get('booktitle') ?? '');
  // arXiv (and DBLP's "CoRR") is where the preprint sits, not a venue; the id records it.
  if (venue && !/^(?:arxiv|corr)\b/i.test(venue)) record.venue = venue;
  return { ok: true, record, line };
}

/** 1-based line of an offset, from the sorted offsets where lines start. */
function lineLocator(text: string, firstLine: number): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return firstLine + lo;
  };
}

export const bibtexParser: SourceParser = {
  format: 'bibtex',
  lineOriented: false,

  detect(sample, name) {
    const entries = [...sample.matchAll(/^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/gm)].filter(
      (m) => !/^(?:comment|string|preamble)$/i.test(m[1]!),
    );
    if (entries.length > 0 && /^\s*[A-Za-z][\w-]*\s*=/m.test(sample)) return 0.95;
    return /\.bib$/i.test(name) ? 0.3 : 0;
  },

  *parse(text, context) {
    const lineOf = lineLocator(text, context.firstLine);
    const macros = new Map(MONTH_MACROS);
    const failedMacros = new Set<string>();
    let pos = 0;
    for (;;) {
      ENTRY_START.lastIndex = pos;
      const start = ENTRY_START.exec(text)?.index;
      if (start === undefined) return;
      const line = lineOf(start);
      const reader = new EntryReader(text, start, macros, failedMacros);
      try {
        const entry = reader.read();
        pos = reader.pos;
        if (entry) yield toItem(entry, line);
      } catch (err) {
        if (!(err instanceof BibSyntaxError)) throw err;
        yield { ok: false, line, reason: err.message };
        LINE_START_AT.lastIndex = start + 1;
        pos = LINE_START_AT.exec(text)?.index ?? text.length;
      }
    }
  },
};
