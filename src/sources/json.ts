/**
 * A JSON document of papers: a top-level array of objects, or an object holding that array under
 * a key such as `papers`, `items`, `records` or `data`; fields map through field-mapping.ts.
 */
import { PaperboyError } from '../core/errors.js';
import type { PaperRecord } from '../core/paper.js';
import type { ParseContext, ParseItem, SourceParser } from './source-parser.js';
import { hasPaperFields, isObject, mapFields, toItem, type JsonObject } from './field-mapping.js';
import { sampleObjects } from './jsonl.js';

/** Keys that commonly hold the list of papers, best first (compared lower-cased). */
const LIST_KEYS = ['papers', 'items', 'records', 'data', 'results', 'entries', 'documents', 'rows'];

interface Located {
  items: unknown[];
  /** Top-level key holding the array; undefined when the document is the array. */
  key?: string;
  /** The document is one paper object. */
  single?: boolean;
}

function locate(data: unknown): Located | undefined {
  if (Array.isArray(data)) return { items: data };
  if (!isObject(data)) return undefined;
  const keys = Object.keys(data);
  const key =
    LIST_KEYS.map((name) => keys.find((k) => k.toLowerCase() === name && Array.isArray(data[k]))).find(Boolean) ??
    keys.find((k) => Array.isArray(data[k]) && (data[k] as unknown[]).some(isObject));
  if (key !== undefined) return { items: data[key] as unknown[], key };
  return hasPaperFields(keys) ? { items: [data], single: true } : undefined;
}

const LF = 10;
const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const isSpace = (c: number) => c === 32 || c === 9 || c === 13;

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let q = text.indexOf('"', start + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return text.length;
}

/**
 * The line each element of the records array starts on. JSON.parse keeps no positions, so one
 * scan tracks nesting (skipping strings) and notes where each element of the array begins.
 */
function elementLines(text: string, located: Located, firstLine: number): number[] {
  const lines: number[] = [];
  const targetDepth = located.single ? 0 : located.key === undefined ? 1 : 2;
  let depth = 0;
  let line = firstLine;
  let inTarget = located.single === true;
  let awaiting = inTarget;
  let lastKey: unknown;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) line++;
    if (c === LF || isSpace(c)) continue;
    if (awaiting) {
      awaiting = false;
      if (c !== CLOSE_BRACKET) lines.push(line);
    }
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      // Inside the top-level object, the last string before an array is that array's key.
      if (depth === 1 && located.key !== undefined) lastKey = JSON.parse(text.slice(i, end + 1));
      i = end;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth++;
      if (c === OPEN_BRACKET && depth === targetDepth && !located.single && (located.key === undefined || lastKey === located.key)) {
        inTarget = awaiting = true;
      }
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (depth === targetDepth) inTarget = false;
      depth--;
    } else if (c === COMMA && inTarget && depth === targetDepth) {
      awaiting = true;
    }
  }
  return lines;
}

/**
 * The objects of a JSON document that does not parse, each parsed on its own, so that one broken
 * object is that object's skip: the `{…}` groups of the first array of objects, with the line each
 * starts on. JSON strings never span lines, so a broken one ends at its line; and in a
 * pretty-printed file a `{` at the column where the first object started always starts a new
 * one, so an object that lost its closing brace does not swallow the rest.
 */
function* salvageObjects(text: string, firstLine: number): Generator<{ line: number; value?: unknown; reason?: string }> {
  let i = firstArrayOfObjects(text);
  if (i < 0) return;
  const column = i - (text.lastIndexOf('\n', i) + 1);
  let line = firstLine;
  for (let k = text.indexOf('\n'); k >= 0 && k < i; k = text.indexOf('\n', k + 1)) line++;
  let depth = 0;
  let start = -1;
  let startLine = line;
  const unclosed = () => ({ line: startLine, reason: 'invalid JSON: this object never closes' });
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line++;
      let k = i + 1;
      while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
      if (depth > 0 && k - i - 1 === column && text.charCodeAt(k) === OPEN_BRACE) {
        yield unclosed();
        depth = 0;
      }
    } else if (c === QUOTE) {
      let k = i + 1;
      while (k < text.length && text.charCodeAt(k) !== QUOTE && text.charCodeAt(k) !== LF) k += text.charCodeAt(k) === BACKSLASH ? 2 : 1;
      i = text.charCodeAt(k) === LF ? k - 1 : k;
    } else if (c === OPEN_BRACE) {
      if (depth++ === 0) {
        start = i;
        startLine = line;
      }
    } else if (c === CLOSE_BRACE && depth > 0 && --depth === 0) {
      try {
        yield { line: startLine, value: JSON.parse(text.slice(start, i + 1)) };
      } catch (err) {
        yield { line: startLine, reason: `invalid JSON: ${(err as Error).message}` };
      }
    } else if (c === CLOSE_BRACKET && depth === 0) {
      return;
    }
  }
  if (depth > 0) yield unclosed();
}

/** Where the first `{` of the first array holding objects is (-1 when none is among its first 100 arrays). */
function firstArrayOfObjects(text: string): number {
  for (let n = 0, open = text.indexOf('['); n < 100 && open >= 0; n++, open = text.indexOf('[', open + 1)) {
    const brace = text.indexOf('{', open);
    if (brace < 0) return -1;
    const close = text.indexOf(']', open);
    if (close < 0 || brace < close) return brace;
  }
  return -1;
}

/**
 * The items of a JSON document that does not parse (`error` says why), its objects read one by
 * one and mapped with `map`; BAD_INPUT naming `error` when it holds no object at all.
 */
export function* salvagedItems(text: string, context: ParseContext, error: Error, map: (value: JsonObject) => PaperRecord | string): Generator<ParseItem> {
  let found = false;
  let broken = false;
  for (const o of salvageObjects(text, context.firstLine)) {
    found = true;
    if (o.reason !== undefined) broken = true;
    yield o.reason !== undefined ? { ok: false, line: o.line, reason: o.reason } : toItem(isObject(o.value) ? map(o.value) : 'not a JSON object', o.line);
  }
  if (!found) throw new PaperboyError('BAD_INPUT', `${context.file}: not valid JSON (${error.message})`);
  // The damage was outside every object: say so once.
  if (!broken) yield { ok: false, line: context.firstLine, reason: `invalid JSON outside the papers (${error.message}); the papers were read one by one` };
}

/** The line each element of a top-level JSON array starts on. */
export const arrayElementLines = (text: string, firstLine: number): number[] => elementLines(text, { items: [] }, firstLine);

export const jsonParser: SourceParser = {
  format: 'json',
  lineOriented: false,
  longLines: true,

  detect(sample, name) {
    const head = sample.trimStart();
    if (!head.startsWith('[') && !head.startsWith('{')) return 0;
    const hint = /\.json(\.gz)?$/i.test(name) ? 0.05 : 0;
    try {
      return locate(JSON.parse(sample)) ? 0.9 + hint : 0;
    } catch {
      // Object per line: JSON lines, not one document.
      if (sampleObjects(sample)) return 0;
      // Otherwise the sample may be the cut-off start of a larger document: judge by its keys.
      const keys = [...sample.matchAll(/"([^"\\]{1,40})"\s*:/g)].map((m) => m[1]!);
      return hasPaperFields(keys) ? 0.8 + hint : 0.2;
    }
  },

  *parse(text, context) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      yield* salvagedItems(text, context, err as Error, mapFields);
      return;
    }
    const located = locate(data);
    if (!located) {
      throw new PaperboyError(
        'BAD_INPUT',
        `${context.file}: no list of papers found (expected an array of objects, or one under ${LIST_KEYS.join('/')})`,
      );
    }
    const lines = elementLines(text, located, context.firstLine);
    for (const [i, item] of located.items.entries()) {
      const line = lines[i] ?? context.firstLine;
      yield toItem(isObject(item) ? mapFields(item) : 'not a JSON object', line);
    }
  },
};
