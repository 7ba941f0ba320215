/**
 * BEIR-format evaluation files: corpus.jsonl (`_id`, `title`, `text`), queries.jsonl (`_id`,
 * `text`) and a qrels TSV (`query-id corpus-id score`, after a header line). Read line by line,
 * so a large corpus streams; `.gz` files are decompressed. Unlike ingest, which skips a bad
 * record and goes on, a malformed line here is an error naming file and line: an evaluation
 * over a silently shortened corpus or qrels would report wrong figures.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PaperboyError } from '../core/errors.js';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
  /** The abstract's sentences, when the corpus gives them (SciFact's does: rationales index them). */
  sentences?: string[];
  /** 1-based line in the corpus file. */
  line: number;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** Query id → (document id → relevance). */
export type BeirQrels = Map<string, Map<string, number>>;

export const bad = (file: string, line: number, why: string) => new PaperboyError('BAD_INPUT', `${file}:${line}: ${why}`);

/** The lines of a file with their 1-based numbers; blank lines are left out. */
export async function* linesOf(file: string): AsyncGenerator<{ text: string; line: number }> {
  try {
    if (!(await stat(file)).isFile()) throw new PaperboyError('BAD_INPUT', `${file} is not a file`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PaperboyError('FILE_NOT_FOUND', `${file}: no such file`);
    throw err;
  }
  const raw = createReadStream(file);
  const input: Readable = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => input.destroy(err));
  let line = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() !== '') yield { text: line === 1 ? text.replace(/^\uFEFF/, '') : text, line };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code?.startsWith('Z_')) throw new PaperboyError('BAD_INPUT', `${file}: corrupt gzip data (${(err as Error).message})`);
    throw err;
  } finally {
    input.destroy();
  }
}

export function objectOn(file: string, line: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw bad(file, line, `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(file, line, 'expected a JSON object');
  return value as Record<string, unknown>;
}

/** `_id` as a string: BEIR writes strings, some exports numbers. */
function idOf(file: string, line: number, o: Record<string, unknown>): string {
  const id = o._id;
  if ((typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isFinite(id))) return String(id);
  throw bad(file, line, 'missing "_id" (each line needs "_id" as a non-empty string)');
}

/** A text field; absent or null reads as empty. */
function textOf(file: string, line: number, o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw bad(file, line, `"${key}" must be a string`);
  return v;
}

/** The corpus documents in file order. A repeated `_id` is an error: qrels could not tell them apart. */
export async function* readCorpus(file: string): AsyncGenerator<BeirDoc> {
  const seen = new Map<string, number>();
  for await (const { text, line } of linesOf(file)) {
    const o = objectOn(file, line, text);
    const id = idOf(file, line, o);
    const first = seen.get(id);
    if (first !== undefined) throw bad(file, line, `"_id" ${JSON.stringify(id)} was already used on line ${first}`);
    seen.set(id, line);
    const sentences = Array.isArray(o.sentences) && o.sentences.length > 0 && o.sentences.every((x) => typeof x === 'string') ? { sentences: o.sentences as string[] } : {};
    yield { id, title: textOf(file, line, o, 'title'), text: textOf(file, line, o, 'text'), ...sentences, line };
  }
}

export async function readQueries(file: string): Promise<BeirQuery[]> {
  const queries: BeirQuery[] = [];
  const seen = new Map<string, number>();
  for await (const { text, line } of linesOf(file)) {
    const o = objectOn(file, line, text);
    const id = idOf(file, line, o);
    const first = seen.get(id);
    if (first !== undefined) throw bad(file, line, `query "_id" ${JSON.stringify(id)} was already used on line ${first}`);
    seen.set(id, line);
    queries.push({ id, text: textOf(file, line, o, 'text') });
  }
  return queries;
}

/**
 * Qrels: tab- (or space-) separated `query-id corpus-id score`, integer scores. The first line is
 * a header when its score column is not a number. A pair listed twice keeps its last score.
 */
export async function readQrels(file: string): Promise<BeirQrels> {
  const qrels: BeirQrels = new Map();
  let first = true;
  for await (const { text, line } of linesOf(file)) {
    const fields = text.trim().split(/\s+/);
    const isHeader = first && fields.length === 3 && !/^-?\d+(\.\d+)?$/.test(fields[2]!);
    first = false;
    if (isHeader) continue;
    if (fields.length !== 3) throw bad(file, line, `expected 3 columns "query-id corpus-id score", got ${fields.length}`);
    const [query, doc, score] = fields as [string, string, string];
    const rel = Number(score);
    if (!Number.isInteger(rel)) throw bad(file, line, `the score must be a whole number, not ${JSON.stringify(score)}`);
    let judged = qrels.get(query);
    if (!judged) qrels.set(query, (judged = new Map()));
    judged.set(doc, rel);
  }
  return qrels;
}
