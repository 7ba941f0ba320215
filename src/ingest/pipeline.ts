/**
 * The ingest pipeline: read → detect → parse → prepare → resolve + store, in batches, one
 * transaction each. Idempotent: records already stored are not applied again. A session holds
 * the near-duplicate band index in memory across its inputs and saves it when it ends; under the
 * write lock, before each batch, it catches the index up with papers other processes committed.
 */
import type { Readable } from 'node:stream';
import { PaperboyError, isPaperboyError, type ErrorCode } from '../core/errors.js';
import type { FormatName } from '../core/paper.js';
import type { SkipNote, Store } from '../store/store.js';
import { catchUp, loadDerived, saveDerived, type Derived } from '../store/derived-cache.js';
import { BAND_INDEX, type BandIndex } from './band-index.js';
import { inputLabel } from '../sources/read-input.js';
import { prepareStream, type StreamEvent } from './record-stream.js';
import { resolveBatch } from './resolve.js';

export interface IngestOptions {
  /** Force a format instead of detecting it. */
  format?: FormatName;
  /** ISO date, for formats that leave the year implied. */
  today: string;
  /** Records per transaction. */
  batchSize?: number;
  /** Called after each batch with the number of records read so far. */
  onProgress?: (recordsRead: number) => void;
  /** Standard input, when the input is `-`. */
  stdin?: Readable;
  /** The input's content, when it is not a file (a page a live source fetched); `input` then only names it. */
  bytes?: Uint8Array;
  /** Read and parse in a worker thread (default true). */
  thread?: boolean;
  /** The name provenance records for the input instead of its path (an upload's name, say). */
  sourceName?: string;
  /** An input without records is not an error (a live source's page may hold only deleted records). */
  allowEmpty?: boolean;
}

export interface IngestReport {
  /** The input as given. */
  input: string;
  format?: FormatName;
  /** Valid records read. */
  records: number;
  /** Papers created. */
  added: number;
  /** Records merged into a paper already in the library (or earlier in the file). */
  merged: number;
  /** Records already ingested before, left as they were. */
  unchanged: number;
  skipped: SkipNote[];
  /**
   * Set when the input could not be read at all, or the library stopped taking it (see
   * `stoppedAtLine`); the counts above are of what is committed.
   */
  error?: { code: ErrorCode; message: string };
  /**
   * The line of the first record the library could not take (a full disk, say): records before it
   * are committed; from it on, nothing is. A re-run completes the input.
   */
  stoppedAtLine?: number;
}

/** Errors of the library itself: the inputs after the one that met it cannot go in either. */
const LIBRARY_ERRORS: ReadonlySet<ErrorCode> = new Set(['STORAGE_FULL', 'STORE_FAILURE', 'STORE_VERSION']);

/** Whether the report's error ends the whole run (the library cannot take writes), not just this input. */
export const endsRun = (report: IngestReport): boolean => report.error !== undefined && LIBRARY_ERRORS.has(report.error.code);

/** The report of an input a run did not reach, after `stop` (whose error ends runs) ended it. */
export function notReached(input: string, stop: IngestReport): IngestReport {
  const error = { code: stop.error!.code, message: `not ingested: the run stopped at ${stop.input} (${stop.error!.message})` };
  return { input, records: 0, added: 0, merged: 0, unchanged: 0, skipped: [], error };
}

const DEFAULT_BATCH = 2000;

export interface IngestSession {
  ingest(input: string, options: IngestOptions): Promise<IngestReport>;
  /**
   * Starts reading an input that a later `ingest` call with the same input will take, so reading
   * the next file overlaps with storing this one (the reader works a few batches ahead).
   */
  prefetch(input: string, options: IngestOptions): void;
  /** Saves the derived band index (when no one else is writing); call once after the last input. */
  finish(): Promise<void>;
  /**
   * Stops what was prefetched and not ingested (its reader thread would keep the process alive).
   * Call it on every path out, errors included (`finally`); it is safe after `finish`.
   */
  close(): Promise<void>;
}

export async function startIngest(store: Store): Promise<IngestSession> {
  const bands = await loadDerived(store, BAND_INDEX);
  await catchUp(store, BAND_INDEX, bands);
  const prefetched = new Map<string, AsyncIterator<StreamEvent>>();
  const close = async () => {
    const streams = [...prefetched.values()];
    prefetched.clear();
    for (const stream of streams) await stream.return?.();
  };
  return {
    prefetch: (input, options) => {
      if (!prefetched.has(input)) prefetched.set(input, started(streamOf(input, options)));
    },
    ingest: (input, options) => {
      const stream = prefetched.get(input) ?? streamOf(input, options);
      prefetched.delete(input);
      return ingestInput(store, bands, input, readFailuresAsBadInput(input, stream), options);
    },
    finish: async () => {
      await close();
      // bands.seq is exact: each batch caught it up under the write lock, then added its own papers.
      await saveDerived(store, BAND_INDEX, bands);
    },
    close,
  };
}

function streamOf(input: string, options: IngestOptions): AsyncGenerator<StreamEvent> {
  return prepareStream(input, {
    today: options.today,
    batchSize: options.batchSize ?? DEFAULT_BATCH,
    ...(options.format ? { format: options.format } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.bytes ? { bytes: options.bytes } : {}),
    ...(options.thread !== undefined ? { thread: options.thread } : {}),
    ...(options.sourceName !== undefined ? { sourceName: options.sourceName } : {}),
  });
}

/** An iterator already asked for its first item, so its reader starts now. */
function started<T>(gen: AsyncGenerator<T>): AsyncIterator<T> {
  let first: Promise<IteratorResult<T>> | undefined = gen.next();
  // A failure surfaces when the input is ingested; until then it must not be unhandled.
  first.catch(() => {});
  return {
    next: () => {
      const r = first ?? gen.next();
      first = undefined;
      return r;
    },
    return: (value?: unknown) => gen.return(value as T),
  };
}

/**
 * Whatever stops the reading half (a parser library's own exception, a crashed worker) is this
 * input's failure, reported as BAD_INPUT, never the whole ingest's: the other inputs still go in.
 * The store's failures do not pass through here and stay fatal.
 */
function readFailuresAsBadInput(input: string, stream: AsyncIterator<StreamEvent>): AsyncIterator<StreamEvent> {
  const asBadInput = (err: unknown): never => {
    if (isPaperboyError(err)) throw err;
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new PaperboyError('BAD_INPUT', `${inputLabel(input)}: could not be read: ${message}`);
  };
  return {
    next: () => stream.next().catch(asBadInput),
    return: async (value?: unknown) => (await stream.return?.(value)) ?? { done: true, value: undefined },
  };
}

async function ingestInput(
  store: Store,
  bands: Derived<BandIndex>,
  input: string,
  stream: AsyncIterator<StreamEvent>,
  options: IngestOptions,
): Promise<IngestReport> {
  const report: IngestReport = { input, records: 0, added: 0, merged: 0, unchanged: 0, skipped: [] };
  /** The first line of the batch being written, until it is committed. */
  let writing: number | undefined;
  try {
    let fileId: number | undefined;
    for await (const event of { [Symbol.asyncIterator]: () => stream }) {
      if (event.kind === 'start') {
        report.format = event.format;
        fileId = await store.beginFile({ path: event.sourcePath, format: event.format, sha256: event.sha256 });
        continue;
      }
      report.skipped.push(...event.skipped);
      const batch = event.records;
      if (batch.length === 0 || fileId === undefined) continue;
      writing = batch[0]!.line;
      // Papers other processes committed since this session last looked: most of them before
      // taking the lock (the other writer goes on meanwhile), the rest holding it, so each batch
      // resolves against everything committed before it.
      await catchUp(store, BAND_INDEX, bands);
      const { writes, docIds, seq } = await store.withWriteLock(async (tx) => {
        await catchUp(tx, BAND_INDEX, bands);
        const out = await tx.ingestBatch(
          fileId!,
          batch,
          (b) => bands.value.lookup(b),
          (lookup) => resolveBatch(batch, lookup),
        );
        return { ...out, seq: await tx.currentSeq() };
      });
      writing = undefined;
      for (const b of writes.bands) bands.value.add(docIds.get(b.paperId)!, [b.band]);
      bands.seq = seq;
      const created = writes.papers.filter((p) => p.created).length;
      report.records += batch.length;
      report.added += created;
      report.merged += writes.records.length - created;
      report.unchanged += batch.length - writes.records.length;
      options.onProgress?.(report.records);
    }
    if (fileId !== undefined) await store.finishFile(fileId, { records: report.records, skipped: report.skipped });
    if (report.records === 0 && report.skipped.length === 0 && !options.allowEmpty) {
      throw new PaperboyError('BAD_INPUT', `${input}: no records found${report.format ? ` (format ${report.format})` : ''}`);
    }
  } catch (err) {
    if (!isPaperboyError(err)) throw err;
    report.error = { code: err.code, message: err.message };
    if (writing !== undefined) report.stoppedAtLine = writing;
  }
  return report;
}
