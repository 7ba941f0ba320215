/**
 * Derived data (indexes, models) as files in the data directory, one file an artifact, read in
 * parts: a command reads only what it needs (a search: a few posting lists, not the whole index).
 * Only the store module uses this file.
 *
 * Layout (little-endian): the payload first, at offset 0, so another reader can map it as it is;
 * then, 8-byte aligned, a CRC-32 per 4 KiB block of the payload; then a 72-byte trailer: u32 magic
 * "PBAF", u32 file format version, u32 the owner's format version, u32 block size, f64 the library
 * seq the artifact reflects, f64 payload bytes, 32 bytes SHA-256 of the payload, u32 CRC-32 of the
 * trailer before it, u32 zero.
 *
 * Written to a temporary file, synced, then renamed over the old one: a reader sees the old
 * artifact or the new one, never half of one (a crash leaves a temporary file, removed by a later
 * save). A file cut short has no valid trailer or the wrong size, and is refused when opened; a
 * block whose bytes no longer match its CRC is refused when it is read. There is no size limit:
 * the payload is written from parts, and read by range.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ByteSource } from '../core/byte-source.js';
import { PaperboyError } from '../core/errors.js';

const MAGIC = 0x46414250; // "PBAF" read as a little-endian u32
const FILE_FORMAT_VERSION = 1;
const BLOCK = 4096;
const TRAILER_BYTES = 72;
const SUFFIX = '.artifact';
/** A temporary file older than this is left over from a writer that died: a save removes it. */
const STALE_TEMP_MS = 3_600_000;

export interface ArtifactMeta {
  /** The owner's format version. */
  version: number;
  /** The library seq the artifact reflects. */
  seq: number;
}

/** Reads parts of one artifact file; every byte returned was checked against its block's CRC. */
export interface ArtifactReader extends ArtifactMeta, ByteSource {
  readonly name: string;
  /** Payload bytes. */
  readonly length: number;
  /** SHA-256 of the payload, hex, computed when it was written. */
  readonly sha256: string;
  /**
   * Bytes [offset, offset + length) of the payload, in a buffer of their own. Throws
   * STORE_FAILURE (details.corruptArtifact) when a block does not match its checksum; the file is
   * then removed, so the next command rebuilds it.
   */
  read(offset: number, length: number): Uint8Array;
  /** As `read`, into `into` (one buffer for a whole scan). */
  readInto(offset: number, into: Uint8Array): void;
  /** The whole payload, checked. */
  readAll(): Uint8Array;
  close(): void;
}

/** The error a damaged artifact file is reported with. */
function corruptArtifact(name: string, why: string): PaperboyError {
  return new PaperboyError('STORE_FAILURE', `the library's ${name} file is damaged (${why}); it was removed and will be rebuilt`, { corruptArtifact: name });
}

export const isCorruptArtifact = (err: unknown): boolean =>
  err instanceof PaperboyError && typeof err.details?.corruptArtifact === 'string';

/** The folder of the data directory that holds the artifact files. */
export const ARTIFACTS_DIR = 'artifacts';

const align8 = (n: number) => Math.ceil(n / 8) * 8;
export const isArtifactName = (name: string) => /^[a-z0-9][a-z0-9-]*$/.test(name);

export function artifactPath(dir: string, name: string): string {
  if (!isArtifactName(name)) throw new RangeError(`invalid artifact name ${JSON.stringify(name)}`);
  return path.join(dir, `${name}${SUFFIX}`);
}

/** The store's error for a full disk, whether SQLite or a file write met it. */
export const storageFull = () => new PaperboyError('STORAGE_FULL', 'the disk holding the library is full: free some space and try again');

/** What a full disk or a quota says, as the store's own error; anything else as it is. */
function fileError(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return storageFull();
  return err;
}

export interface WriteArtifactOptions {
  /** Tests only: fail as a full disk would when the file would take more than this many bytes. */
  roomForBytes?: number;
}

/**
 * Writes an artifact atomically: `parts` are its payload, one after another (no single buffer
 * needs to hold it all).
 */
export function writeArtifactFile(dir: string, name: string, meta: ArtifactMeta, parts: readonly Uint8Array[], options: WriteArtifactOptions = {}): void {
  const file = artifactPath(dir, name);
  const length = parts.reduce((n, p) => n + p.length, 0);
  const blocks = Math.ceil(length / BLOCK);
  const total = align8(length) + 4 * blocks + TRAILER_BYTES;
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, name);
  if (options.roomForBytes !== undefined && total > options.roomForBytes) throw fileError(Object.assign(new Error('no room'), { code: 'ENOSPC' }));
  const temp = path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    const crcs = new Uint32Array(blocks);
    const sha = createHash('sha256');
    let at = 0;
    let crc = 0;
    for (const part of parts) {
      sha.update(part);
      // CRC per block, across part boundaries.
      for (let i = 0; i < part.length; ) {
        const take = Math.min(part.length - i, BLOCK - (at % BLOCK));
        crc = zlib.crc32(part.subarray(i, i + take), crc);
        i += take;
        at += take;
        if (at % BLOCK === 0 || at === length) {
          crcs[Math.ceil(at / BLOCK) - 1] = crc;
          crc = 0;
        }
      }
      writeAll(fd, part);
    }
    const tail = new Uint8Array(align8(length) - length + 4 * blocks + TRAILER_BYTES);
    const table = align8(length) - length;
    tail.set(new Uint8Array(crcs.buffer), table);
    const trailer = new DataView(tail.buffer, table + 4 * blocks, TRAILER_BYTES);
    trailer.setUint32(0, MAGIC, true);
    trailer.setUint32(4, FILE_FORMAT_VERSION, true);
    trailer.setUint32(8, meta.version, true);
    trailer.setUint32(12, BLOCK, true);
    trailer.setFloat64(16, meta.seq, true);
    trailer.setFloat64(24, length, true);
    tail.set(sha.digest(), table + 4 * blocks + 32);
    trailer.setUint32(64, zlib.crc32(tail.subarray(table + 4 * blocks, table + 4 * blocks + 64)), true);
    writeAll(fd, tail);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
    syncDirectory(dir);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw fileError(err);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** So the rename survives a power cut (a directory cannot be opened for syncing everywhere: best effort). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here; the rename itself is still atomic.
  }
}

function removeStaleTemps(dir: string, name: string): void {
  const prefix = `.${name}.`;
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const f = path.join(dir, entry);
    try {
      if (Date.now() - statSync(f).mtimeMs > STALE_TEMP_MS) rmSync(f, { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * Opens an artifact file; undefined when there is none, or when it is not a whole artifact (cut
 * short, or written by something else): such a file is removed, and the artifact is rebuilt.
 */
export function openArtifactFile(dir: string, name: string): ArtifactReader | undefined {
  const file = artifactPath(dir, name);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const reader = readerOf(fd, file, name);
    if (reader) return reader;
    discard(file, fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  closeSync(fd);
  return undefined;
}

function readerOf(fd: number, file: string, name: string): ArtifactReader | undefined {
  const size = fstatSync(fd).size;
  if (size < TRAILER_BYTES) return undefined;
  const t = new Uint8Array(TRAILER_BYTES);
  readExactly(fd, t, size - TRAILER_BYTES);
  const trailer = new DataView(t.buffer);
  if (trailer.getUint32(0, true) !== MAGIC || trailer.getUint32(64, true) !== zlib.crc32(t.subarray(0, 64))) return undefined;
  if (trailer.getUint32(4, true) !== FILE_FORMAT_VERSION) return undefined;
  const blockSize = trailer.getUint32(12, true);
  const length = trailer.getFloat64(24, true);
  if (!(blockSize > 0) || !Number.isSafeInteger(length) || length < 0) return undefined;
  const blocks = Math.ceil(length / blockSize);
  const tableAt = align8(length);
  if (size !== tableAt + 4 * blocks + TRAILER_BYTES) return undefined;
  const sha256 = Buffer.from(t.subarray(32, 64)).toString('hex');

  let open = true;
  /** Whole blocks read and checked, reused by `readInto`. */
  let scratch = new Uint8Array(0);
  /** Reads the blocks holding [offset, offset + want) into `into` (or a new buffer); returns it and where the range starts in it. */
  const readBlocks = (offset: number, want: number, into?: Uint8Array): { bytes: Uint8Array; at: number } => {
    if (!open) throw new Error(`the ${name} artifact was closed`);
    if (!(Number.isSafeInteger(offset) && Number.isSafeInteger(want) && offset >= 0 && want >= 0 && offset + want <= length)) {
      throw new RangeError(`bytes [${offset}, ${offset + want}) are outside the ${name} artifact (${length} bytes)`);
    }
    if (want === 0) return { bytes: new Uint8Array(0), at: 0 };
    const first = Math.floor(offset / blockSize);
    const last = Math.floor((offset + want - 1) / blockSize);
    const start = first * blockSize;
    const size = Math.min(length, (last + 1) * blockSize) - start;
    const bytes = into && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
    readExactly(fd, bytes, start);
    const crcs = new Uint8Array(4 * (last - first + 1));
    readExactly(fd, crcs, tableAt + 4 * first);
    const expected = new DataView(crcs.buffer);
    for (let b = first; b <= last; b++) {
      const from = (b - first) * blockSize;
      if (zlib.crc32(bytes.subarray(from, from + blockSize)) !== expected.getUint32(4 * (b - first), true)) {
        discard(file, fd);
        throw corruptArtifact(name, `block ${b} does not match its checksum`);
      }
    }
    return { bytes, at: offset - start };
  };
  const read = (offset: number, want: number): Uint8Array => {
    const { bytes, at } = readBlocks(offset, want);
    return bytes.subarray(at, at + want);
  };
  const readInto = (offset: number, into: Uint8Array): void => {
    const need = into.length + 2 * blockSize;
    if (scratch.length < need) scratch = new Uint8Array(need);
    const { bytes, at } = readBlocks(offset, into.length, scratch);
    into.set(bytes.subarray(at, at + into.length));
  };
  return {
    name,
    version: trailer.getUint32(8, true),
    seq: trailer.getFloat64(16, true),
    length,
    sha256,
    read,
    readInto,
    readAll: () => read(0, length),
    close: () => {
      if (open) closeSync(fd);
      open = false;
      scratch = new Uint8Array(0);
    },
  };
}

function readExactly(fd: number, into: Uint8Array, position: number): void {
  for (let at = 0; at < into.length; ) {
    const got = readSync(fd, into, at, into.length - at, position + at);
    if (got === 0) throw new PaperboyError('STORE_FAILURE', `an artifact file ended early (at byte ${position + at})`);
    at += got;
  }
}

/** Removes a damaged file, unless a writer has replaced it meanwhile (then the path names a good one). */
function discard(file: string, fd: number): void {
  try {
    const mine = fstatSync(fd);
    const now = statSync(file);
    if (mine.ino === now.ino && mine.dev === now.dev) rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}
