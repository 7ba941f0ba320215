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
  /** The first 64 KiB, decoded: what detectors look at. */
  readonly sample: string;
  /** The whole text. */
  text(): Promise<string>;
  /** The text in pieces of whole lines (about 4 MiB each), each with the line it starts on. */
  chunks(): AsyncIterable<TextChunk>;
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

/** NUL bytes in UTF-8, or more than 10% undecodable or control characters. */
function looksBinary(head: Buffer, encoding: Encoding, sample: string): boolean {
  if (encoding === 'utf-8' && head.includes(0)) return true;
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
  /** The first SAMPLE_BYTES bytes. */
  head: Buffer;
  /** The whole content, when it is at most the memory limit. */
  kept?: Buffer[];
}

async function scan(source: Source, memoryLimit: number): Promise<Scan> {
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let kept: Buffer[] | undefined = [];
  let size = 0;
  for await (const chunk of decompressed(source) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (size < SAMPLE_BYTES) headParts.push(chunk.subarray(0, SAMPLE_BYTES - size));
    size += chunk.length;
    kept?.push(chunk);
    if (size > memoryLimit) kept = undefined;
  }
  return { sha256: hash.digest('hex'), size, head: Buffer.concat(headParts), kept };
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
  const sample = new TextDecoder(encoding).decode(head, { stream: true });
  const binary = looksBinary(head, encoding, sample);
  if (kept || binary) await source.release();
  if (binary) throw new PaperboyError('BINARY_FILE', `${label} is a binary file, not a text listing`);

  async function* content(): AsyncGenerator<Buffer> {
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
  return {
    name,
    sha256,
    size,
    sample,
    chunks: () => lineChunks(content()),
    async text() {
      if (size > MAX_TEXT_BYTES) {
        throw new PaperboyError('BAD_INPUT', `${label} is too large to parse as one text; only line-oriented formats stream`);
      }
      const parts: Buffer[] = [];
      for await (const part of content()) parts.push(part);
      return decoder.decode(Buffer.concat(parts));
    },
  };
}
/** The items a parser yields for an input: streamed in chunks of lines when the parser allows. */
export async function* readItems(input: InputFile, parser: SourceParser, today: string): AsyncGenerator<ParseItem> {
  if (!parser.lineOriented) {
    yield* parser.parse(await input.text(), { file: input.name, today, firstLine: 1 });
    return;
  }
  for await (const { text, firstLine } of input.chunks()) {
    yield* parser.parse(text, { file: input.name, today, firstLine });
  }
}
