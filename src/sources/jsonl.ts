/**
 * Generic JSON lines: one object per line with common field names (see field-mapping.ts). The
 * line loop and the sampling are shared with arxiv-jsonl, which differs only in its mapping.
 */
import type { PaperRecord } from '../core/paper.js';
import type { ParseContext, ParseItem, SourceParser } from './source-parser.js';
import { hasPaperFields, isObject, mapFields, toItem, type JsonObject } from './field-mapping.js';

/**
 * Parses each non-blank line as JSON and maps objects with `map` (a record, or the reason the line
 * is not one). Bad lines become `{ ok: false }` with their line number; the rest go on.
 */
export function* jsonLines(
  text: string,
  context: ParseContext,
  map: (value: JsonObject) => PaperRecord | string,
): Generator<ParseItem> {
  let line = context.firstLine;
  for (let start = 0; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      yield { ok: false, line, reason: `invalid JSON: ${(err as Error).message}` };
      continue;
    }
    yield toItem(isObject(value) ? map(value) : 'not a JSON object', line);
  }
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * The objects on the first non-blank lines of a sample, or undefined unless at least two thirds
 * of those lines are JSON objects (a listing may hold a broken line). The last line may be cut off
 * by the sample's end, so its failure does not count.
 */
export function sampleObjects(sample: string, max = 20): JsonObject[] | undefined {
  const lines = sample.split('\n').filter((l) => l.trim() !== '').slice(0, max);
  const objects: JsonObject[] = [];
  let failures = 0;
  for (const [i, line] of lines.entries()) {
    const value = tryParse(line);
    if (isObject(value)) objects.push(value);
    else if (i === 0 || i < lines.length - 1) failures++;
  }
  return objects.length > 0 && objects.length >= 2 * failures ? objects : undefined;
}

export const jsonlParser: SourceParser = {
  format: 'jsonl',
  lineOriented: true,

  /** Below arxiv-jsonl's score, so arXiv metadata goes to its own parser. */
  detect(sample, name) {
    const objects = sampleObjects(sample);
    if (!objects) return 0;
    const papers = objects.filter((o) => hasPaperFields(Object.keys(o))).length / objects.length;
    const hint = /\.(jsonl|ndjson)(\.gz)?$/i.test(name) ? 0.05 : 0;
    // One object on one line could as well be a one-line JSON document.
    const lines = objects.length > 1 ? 0.85 : 0.55;
    // Objects without paper fields: JSON lines, but no listing (below detect.ts's threshold).
    return papers >= 0.5 ? lines + hint : 0.2;
  },

  parse(text, context) {
    return jsonLines(text, context, mapFields);
  },
};
