/**
 * Reading one input: a path, `-` for standard input, or bytes already in memory (a page a live
 * source fetched). Gzip is recognised by its magic bytes,
 * text is UTF-8 (a BOM is dropped) or UTF-16 with a BOM, and binary files are refused.
 *
 * `openInput` reads the content once to hash it (so ingest can recognise a file it has seen) and
 * to take the sample detection needs; the parse reads it again. Inputs up to `memoryLimit` stay
 * in memory from the first pass; larger files are read again from disk. Standard input is
 * spooled to an unlinked temporary file; when it is larger than `memoryLimit` its content can
 * then be read only once (the spool is closed after that read).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PaperboyError } from '../core/errors.js';
import { MAX_RECORD_BYTES, recordProblem } from './record-limits.js';
import type { ParseItem, SourceParser } from './source-parser.js';

const SAMPLE_BYTES = 64 * 1024;
/** Streamed parsers get whole lines in pieces of about this size. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;
/** V8 strings cannot be much longer; parsers that need the whole text must fit in one. */
const MAX_TEXT_BYTES = 512 * 1024 * 1024;
const READ_BUFFER = 1024 * 1024;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface TextChunk {
  text: string;
  /** 1-based line of the chunk's first line within the input. */
  firstLine: number;
}

export interface InputFile {
  /** The path as given, or "-". */
  readonly name: string;
  /** SHA-256 (hex) of the decompressed bytes: the same content has the same hash, gzipped or not. */
  readonly sha256: string;
  /** Decompressed size in bytes. */
  readonly size: number;
  /**
   * The first 64 KiB, decoded, line breaks as LF: what detectors look at. When the first line is
   * longer, up to the end of that line (at most MAX_RECORD_BYTES), so that it can be judged whole.
   */
  readonly sample: string;
  /** The whole text, line breaks as LF (CRLF and old Mac CR alike). */
  text(lines?: LineCap): Promise<string>;
  /** The text in pieces of whole lines (about 4 MiB each), each with the line it starts on. */
  chunks(lines?: LineCap): AsyncIterable<TextChunk>;
}

/** Lines longer than `maxBytes` are left out (their line break stays, so numbering holds), each reported once. */
export interface LineCap {
  maxBytes: number;
  onLongLine(line: number): void;
}

export interface OpenOptions {
  /** Read for "-" instead of process.stdin (tests, uploads). */
  stdin?: Readable;
  /** The content itself, for an input that is not a file (a fetched page): the name then only names it. */
  bytes?: Uint8Array;
  /** Decompressed inputs up to this many bytes are kept from the hashing pass instead of read twice (256 MiB). */
  memoryLimit?: number;
}

/** The raw bytes of an input, readable from the start as often as needed. */
interface Source {
  /** Starts with the gzip magic bytes (the name is no guide: pipes have none). */
  gzipped: boolean;
  open(): Readable;
  /** Called after the last read: closes the stdin spool. */
  release(): Promise<void>;
}

async function startsWithGzipMagic(handle: FileHandle): Promise<boolean> {
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
  return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
}

async function fileSource(path: string): Promise<Source> {
  const handle = await open(path, 'r');
  try {
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return {
      gzipped: await startsWithGzipMagic(handle),
      open: () => createReadStream(path, { highWaterMark: READ_BUFFER }),
      release: async () => {},
    };
  } finally {
    await handle.close();
  }
}

function memorySource(bytes: Uint8Array): Source {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    gzipped: buffer[0] === 0x1f && buffer[1] === 0x8b,
    open: () => Readable.from([buffer]),
    release: async () => {},
  };
}

/**
 * Standard input cannot be read twice, so it is copied to a temporary file, unlinked at once.
 * Streams over the handle go through its numeric fd: a FileHandle's own streams keep it referenced,
 * and its close() then never resolves.
 */
async function spool(stdin: Readable): Promise<Source> {
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-stdin-'));
  let handle: FileHandle;
  try {
    handle = await open(join(dir, 'stdin'), 'w+');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  try {
    for await (const chunk of stdin) await handle.write(chunk as Buffer);
    let closed = false;
    return {
      gzipped: await startsWithGzipMagic(handle),
      open() {
        if (closed) throw new PaperboyError('BAD_INPUT', 'standard input is too large to be read twice');
        return createReadStream('', { fd: handle.fd, start: 0, autoClose: false, highWaterMark: READ_BUFFER });
      },
      async release() {
        closed = true;
        await handle.close();
      },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The decompressed bytes. pipeline() passes errors on either side to the stream returned. */
function decompressed(source: Source): Readable {
  return source.gzipped ? pipeline(source.open(), createGunzip({ chunkSize: READ_BUFFER }), () => {}) : source.open();
}

function encodingOf(head: Buffer): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * More than 10% undecodable or control characters (NUL included). A few stray NULs are a damaged
 * text file, whose records around them are still good: the record holding one is skipped later.
 */
function looksBinary(sample: string): boolean {
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || c === 0x7f || (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13)) odd++;
  }
  return odd > sample.length * 0.1;
}

/** The content as UTF-8 without a BOM: UTF-16 is transcoded on the way. */
async function* utf8(content: AsyncIterable<Buffer> | Iterable<Buffer>, encoding: Encoding, bom: number): AsyncGenerator<Buffer> {
  if (encoding === 'utf-8') {
    let skip = bom;
    for await (const chunk of content) {
      const part = skip ? chunk.subarray(skip) : chunk;
      skip = Math.max(0, skip - chunk.length);
      if (part.length) yield part;
    }
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of content) yield Buffer.from(decoder.decode(chunk, { stream: true }));
  yield Buffer.from(decoder.decode());
}

function countNewlines(buffer: Buffer): number {
  let n = 0;
  for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) n++;
  return n;
}

/** Line breaks as LF: CRLF, and a lone CR (old Mac files, which would otherwise be one line). */
async function* lfLineBreaks(buffers: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let endedWithCr = false;
  for await (const buffer of buffers) {
    const b = endedWithCr && buffer[0] === 10 ? buffer.subarray(1) : buffer;
    endedWithCr = false;
    if (b.indexOf(13) < 0) {
      if (b.length) yield b;
      continue;
    }
    const out = Buffer.allocUnsafe(b.length);
    let n = 0;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c !== 13) out[n++] = c;
      else {
        out[n++] = 10;
        if (b[i + 1] === 10) i++;
        else if (i === b.length - 1) endedWithCr = true;
      }
    }
    yield out.subarray(0, n);
  }
}

/**
 * Whole lines only, each at most `cap.maxBytes`: a longer one is dropped as it streams by (its
 * bytes are never held beyond the cap) and reported. Memory stays bounded by the cap.
 */
async function* capLines(buffers: AsyncIterable<Buffer>, cap: LineCap): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let dropping = false;
  let line = 1;
  for await (const buffer of buffers) {
    const out: Buffer[] = [];
    let from = 0;
    while (from < buffer.length) {
      const nl = buffer.indexOf(10, from);
      const end = nl < 0 ? buffer.length : nl + 1;
      if (!dropping) {
        heldBytes += end - from;
        if (heldBytes - (nl < 0 ? 0 : 1) > cap.maxBytes) {
          dropping = true;
          held = [];
          cap.onLongLine(line);
        } else {
          held.push(buffer.subarray(from, end));
        }
      }
      if (nl < 0) break;
      if (dropping) out.push(buffer.subarray(nl, end));
      else out.push(...held);
      held = [];
      heldBytes = 0;
      dropping = false;
      line++;
      from = end;
    }
    if (out.length) yield Buffer.concat(out);
  }
  if (held.length) yield Buffer.concat(held);
}

// TextDecoder decodes non-ASCII UTF-8 about twice as fast as Buffer#toString (measured on Node 20).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Regroups buffers into pieces that end on a line break, of at least CHUNK_BYTES where possible. */
async function* lineChunks(buffers: AsyncIterable<Buffer>): AsyncGenerator<TextChunk> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let firstLine = 1;
  const emit = (piece: Buffer): TextChunk => {
    const chunk = { text: decoder.decode(piece), firstLine };
    firstLine += countNewlines(piece);
    return chunk;
  };
  for await (const buffer of buffers) {
    pendingBytes += buffer.length;
    const cut = pendingBytes >= CHUNK_BYTES ? buffer.lastIndexOf(10) + 1 : 0;
    if (cut === 0) {
      pending.push(buffer);
      continue;
    }
    pending.push(buffer.subarray(0, cut));
    yield emit(Buffer.concat(pending));
    const rest = buffer.subarray(cut);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
  }
  if (pendingBytes) yield emit(Buffer.concat(pending));
}

/** How messages name an input: "-" reads badly. */
export const inputLabel = (name: string): string => (name === '-' ? 'standard input' : name);

/** Node's I/O and zlib errors as PaperboyErrors naming the input; others unchanged. */
function inputError(err: unknown, name: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code?.startsWith('Z_')) return new PaperboyError('BAD_INPUT', `${name}: corrupt gzip data (${(err as Error).message})`);
  if (code === 'ENOENT') return new PaperboyError('FILE_NOT_FOUND', `${name}: no such file`);
  if (code === 'EISDIR') return new PaperboyError('BAD_INPUT', `${name} is a directory: pass the files in it`);
  if (code === 'EACCES' || code === 'EPERM') return new PaperboyError('BAD_INPUT', `${name}: permission denied`);
  return err;
}

interface Scan {
  sha256: string;
  size: number;
  /** The bytes of the detection sample (see Sampler). */
  head: Buffer;
  /** The whole content, when it is at most the memory limit. */
  kept?: Buffer[];
}

/**
 * Collects the detection sample as the input streams by: 64 KiB; or, when the first line is
 * longer, up to 64 KiB past its end; or, when it is longer than a record may be, its first 64 KiB
 * and the 64 KiB after it, so that the lines after one overlong line still decide the format.
 */
class Sampler {
  private head: Buffer[] = [];
  private headBytes = 0;
  private after: Buffer[] = [];
  private afterBytes = 0;
  private offset = 0;
  /** Offset of the first line break, -1 until one is seen. */
  private lineEnd = -1;

  add(chunk: Buffer): void {
    if (this.lineEnd < 0) {
      const lf = chunk.indexOf(10);
      const cr = chunk.indexOf(13);
      const at = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (at >= 0) this.lineEnd = this.offset + at;
    }
    const limit = this.headLimit();
    if (this.headBytes < limit) {
      const part = chunk.subarray(0, limit - this.headBytes);
      this.head.push(part);
      this.headBytes += part.length;
    } else if (this.lineEnd >= MAX_RECORD_BYTES && this.afterBytes < SAMPLE_BYTES) {
      const from = Math.max(0, this.lineEnd - this.offset);
      const part = chunk.subarray(from, from + SAMPLE_BYTES - this.afterBytes);
      this.after.push(part);
      this.afterBytes += part.length;
    }
    this.offset += chunk.length;
  }

  /** Until a line break turns up, the head may grow to the record limit. */
  private headLimit(): number {
    if (this.lineEnd < 0) return MAX_RECORD_BYTES + SAMPLE_BYTES;
    if (this.lineEnd < SAMPLE_BYTES || this.lineEnd >= MAX_RECORD_BYTES) return SAMPLE_BYTES;
    return this.lineEnd + 1 + SAMPLE_BYTES;
  }

  sample(): Buffer {
    const head = Buffer.concat(this.head).subarray(0, this.lineEnd < 0 ? SAMPLE_BYTES : this.headLimit());
    return this.after.length ? Buffer.concat([head, ...this.after]) : head;
  }
}

async function scan(source: Source, memoryLimit: number): Promise<Scan> {
  const hash = createHash('sha256');
  const sampler = new Sampler();
  let kept: Buffer[] | undefined = [];
  let size = 0;
  for await (const chunk of decompressed(source) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    sampler.add(chunk);
    size += chunk.length;
    kept?.push(chunk);
    if (size > memoryLimit) kept = undefined;
  }
  return { sha256: hash.digest('hex'), size, head: sampler.sample(), kept };
}

/** Opens an input: hashes it, samples it and refuses binary content. See the module comment. */
export async function openInput(pathOrDash: string, options: OpenOptions = {}): Promise<InputFile> {
  const name = pathOrDash;
  const label = inputLabel(name);
  const opened = options.bytes ? Promise.resolve(memorySource(options.bytes)) : pathOrDash === '-' ? spool(options.stdin ?? process.stdin) : fileSource(pathOrDash);
  const source = await opened.catch(
    (err: unknown) => {
      throw inputError(err, label);
    },
  );
  let scanned: Scan;
  try {
    scanned = await scan(source, options.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  } catch (err) {
    await source.release();
    throw inputError(err, label);
  }
  const { sha256, size, head, kept } = scanned;
  const { encoding, bom } = encodingOf(head);
  // `stream: true` leaves out a character cut in half by the sample's end.
  const sample = new TextDecoder(encoding).decode(head, { stream: true }).replace(/\r\n?/g, '\n');
  const binary = looksBinary(sample);
  if (kept || binary) await source.release();
  if (binary) throw new PaperboyError('BINARY_FILE', `${label} is a binary file, not a text listing`);

  async function* bytes(): AsyncGenerator<Buffer> {
    if (kept) {
      yield* utf8(kept, encoding, bom);
      return;
    }
    try {
      yield* utf8(decompressed(source), encoding, bom);
    } catch (err) {
      throw inputError(err, label);
    } finally {
      await source.release();
    }
  }
  const content = (lines?: LineCap) => (lines ? capLines(lfLineBreaks(bytes()), lines) : lfLineBreaks(bytes()));
  return {
    name,
    sha256,
    size,
    sample,
    chunks: (lines) => lineChunks(content(lines)),
    async text(lines) {
      if (size > MAX_TEXT_BYTES) {
        throw new PaperboyError('BAD_INPUT', `${label} is too large to parse as one text; only line-oriented formats stream`);
      }
      const parts: Buffer[] = [];
      for await (const part of content(lines)) parts.push(part);
      return decoder.decode(Buffer.concat(parts));
    },
  };
}
/**
 * The items a parser yields for an input: streamed in chunks of lines when the parser allows.
 * A line over the record limit (where lines are records) and a record over a field limit
 * (record-limits.ts) are skipped items, like any malformed record.
 */
export async function* readItems(input: InputFile, parser: SourceParser, today: string): AsyncGenerator<ParseItem> {
  const longLines: number[] = [];
  const cap: LineCap | undefined = parser.longLines ? undefined : { maxBytes: MAX_RECORD_BYTES, onLongLine: (line) => longLines.push(line) };
  const pieces = parser.lineOriented ? input.chunks(cap) : oneText(input, cap);
  // Dropped lines are reported in line order among the parsed items.
  const dropped = function* (before: number): Generator<ParseItem> {
    while (longLines.length > 0 && longLines[0]! < before) {
      yield { ok: false, line: longLines.shift()!, reason: `line longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB, the limit of a record` };
    }
  };
  for await (const { text, firstLine } of pieces) {
    for (const item of parser.parse(text, { file: input.name, today, firstLine })) {
      yield* dropped(item.line);
      const problem = item.ok ? recordProblem(item.record) : undefined;
      yield problem ? { ok: false, line: item.line, reason: problem } : item;
    }
    yield* dropped(Infinity);
  }
}

async function* oneText(input: InputFile, cap: LineCap | undefined): AsyncGenerator<TextChunk> {
  yield { text: await input.text(cap), firstLine: 1 };
}
