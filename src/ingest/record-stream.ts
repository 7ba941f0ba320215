/**
 * The reading half of ingest: input → format → parse → prepare, as a stream of batches. It runs
 * in a worker thread by default, so reading, parsing and MinHash of the next batch overlap with
 * the store writing this one (ingest is CPU-bound, and this halves it on two cores); standard
 * input is read in this thread.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PaperboyError, type ErrorCode } from '../core/errors.js';
import type { FormatName, PaperRecord } from '../core/paper.js';
import { startWorker } from '../core/start-worker.js';
import { detectFormat, parserFor } from '../sources/detect.js';
import { openInput, readItems } from '../sources/read-input.js';
import type { SkipNote } from '../store/store.js';
import type { PreparedRecord } from './ingest-types.js';
import { prepareRecord } from './prepare.js';

export interface StreamOptions {
  format?: FormatName;
  today: string;
  batchSize: number;
  stdin?: Readable;
  /** The input's content, when it is not a file (a fetched page); `input` then only names it. */
  bytes?: Uint8Array;
  /** Read in a worker thread (default true; standard input is always read in this thread). */
  thread?: boolean;
  /** The name provenance records for this input, instead of its path (an upload's name, say). */
  sourceName?: string;
}

export type StreamEvent =
  | { kind: 'start'; format: FormatName; sourcePath: string; sha256: string }
  | { kind: 'batch'; records: PreparedRecord[]; skipped: SkipNote[] };

/** Reads and prepares in this thread. */
export async function* prepareInThread(input: string, options: StreamOptions): AsyncGenerator<StreamEvent> {
  const file = await openInput(input, { ...(options.stdin ? { stdin: options.stdin } : {}), ...(options.bytes ? { bytes: options.bytes } : {}) });
  const parser = options.format ? parserFor(options.format) : detectFormat(file.sample, file.name).parser;
  // Provenance names real files by absolute path (so the same file from another directory is
  // still the same file), stdin by its content hash, and content from memory by its name.
  const sourcePath = options.sourceName ?? (options.bytes ? input : input === '-' ? `stdin:${file.sha256.slice(0, 16)}` : path.resolve(input));
  yield { kind: 'start', format: parser.format, sourcePath, sha256: file.sha256 };
  let records: PreparedRecord[] = [];
  let skipped: SkipNote[] = [];
  for await (const item of readItems(file, parser, options.today)) {
    if (!item.ok) skipped.push({ line: item.line, reason: item.reason });
    else records.push(prepareRecord(sourcePath, parser.format, item.line, item.record));
    if (records.length >= options.batchSize) {
      yield { kind: 'batch', records, skipped };
      records = [];
      skipped = [];
    }
  }
  if (records.length || skipped.length) yield { kind: 'batch', records, skipped };
}

/** A PreparedRecord as it crosses threads: its near-duplicate data computed, no functions. */
export interface WireRecord {
  hash: string;
  record: PaperRecord;
  format: FormatName;
  line: number;
  keys: string[];
  near?: { signature: Uint32Array; bands: number[] };
}

export type WireEvent =
  | Extract<StreamEvent, { kind: 'start' }>
  | { kind: 'batch'; records: WireRecord[]; skipped: SkipNote[] }
  | { kind: 'error'; code?: ErrorCode; message: string }
  | { kind: 'end' };

export function toWire(r: PreparedRecord): WireRecord {
  const near = r.nearDuplicate();
  return { hash: r.hash, record: r.record, format: r.format, line: r.line, keys: r.keys, ...(near ? { near } : {}) };
}

function fromWire(w: WireRecord): PreparedRecord {
  const { near, ...rest } = w;
  return { ...rest, nearDuplicate: () => near };
}

/** Batches the worker may read ahead of the store. */
const READ_AHEAD = 3;

/** Reads and prepares in a worker thread. */
async function* prepareInWorker(input: string, options: StreamOptions): AsyncGenerator<StreamEvent> {
  const workerData = { input, format: options.format, today: options.today, batchSize: options.batchSize, sourceName: options.sourceName, bytes: options.bytes, readAhead: READ_AHEAD };
  const worker = startWorker(import.meta.url, 'prepare-worker', workerData);
  const queue: WireEvent[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const push = (e: WireEvent) => {
    queue.push(e);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (err) => {
    failure = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    // A worker that ends without saying so has crashed.
    if (!queue.some((e) => e.kind === 'end' || e.kind === 'error')) failure ??= new Error(`the ingest worker stopped (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      if (queue.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
      const e = queue.shift()!;
      if (e.kind === 'end') return;
      if (e.kind === 'error') throw e.code ? new PaperboyError(e.code, e.message) : new Error(e.message);
      if (e.kind === 'start') yield e;
      else {
        yield { kind: 'batch', records: e.records.map(fromWire), skipped: e.skipped };
        worker.postMessage('more');
      }
    }
  } finally {
    await worker.terminate();
  }
}

export function prepareStream(input: string, options: StreamOptions): AsyncGenerator<StreamEvent> {
  return input === '-' || options.thread === false ? prepareInThread(input, options) : prepareInWorker(input, options);
}
