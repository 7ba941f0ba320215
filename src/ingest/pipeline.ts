/**
 * The ingest pipeline: read → detect → parse → prepare → resolve + store, in batches, one
 * transaction each. Idempotent: records already stored are not applied again. A session holds
 * the near-duplicate band index in memory across its inputs and saves it when it ends.
 */
import type { Readable } from 'node:stream';
import { PaperboyError, isPaperboyError, type ErrorCode } from '../core/errors.js';
import type { FormatName } from '../core/paper.js';
import type { SkipNote, Store } from '../store/store.js';
import { catchUp, loadDerived, saveDerived, type Derived } from '../store/derived-cache.js';
import { BAND_INDEX, type BandIndex } from './band-index.js';
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
  /** Set when the input could not be read at all. */
  error?: { code: ErrorCode; message: string };
}

const DEFAULT_BATCH = 2000;

export interface IngestSession {
  ingest(input: string, options: IngestOptions): Promise<IngestReport>;
  /**
   * Starts reading an input that a later `ingest` call with the same input will take, so reading
   * the next file overlaps with storing this one (the reader works a few batches ahead).
   */
  prefetch(input: string, options: IngestOptions): void;
  /** Saves the derived band index; call once after the last input. */
  finish(): Promise<void>;
}

export async function startIngest(store: Store): Promise<IngestSession> {
  const bands = await loadDerived(store, BAND_INDEX);
  await catchUp(store, BAND_INDEX, bands);
  const prefetched = new Map<string, AsyncIterator<StreamEvent>>();
  return {
    prefetch: (input, options) => {
      if (!prefetched.has(input)) prefetched.set(input, started(streamOf(input, options)));
    },
    ingest: (input, options) => {
      const stream = prefetched.get(input) ?? streamOf(input, options);
      prefetched.delete(input);
      return ingestInput(store, bands, input, stream, options);
    },
    finish: async () => {
      for (const stream of prefetched.values()) await stream.return?.();
      prefetched.clear();
      // Every write since catch-up went through this session, so the index is current.
      bands.seq = await store.currentSeq();
      await saveDerived(store, BAND_INDEX, bands);
    },
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

async function ingestInput(
  store: Store,
  bands: Derived<BandIndex>,
  input: string,
  stream: AsyncIterator<StreamEvent>,
  options: IngestOptions,
): Promise<IngestReport> {
  const report: IngestReport = { input, records: 0, added: 0, merged: 0, unchanged: 0, skipped: [] };
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
      report.records += batch.length;
      const { writes, docIds } = await store.ingestBatch(
        fileId,
        batch,
        (b) => bands.value.lookup(b),
        (lookup) => resolveBatch(batch, lookup),
      );
      for (const b of writes.bands) bands.value.add(docIds.get(b.paperId)!, [b.band]);
      const created = writes.papers.filter((p) => p.created).length;
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
  }
  return report;
}
