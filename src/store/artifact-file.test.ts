import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactPath, isCorruptArtifact, openArtifactFile, writeArtifactFile } from './artifact-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-artifact-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ at every offset, so a read from the wrong place shows. */
const pattern = (n: number, salt = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >>> 8) * 7 + salt) & 0xff);

describe('artifact files', () => {
  it('reads back any range of what was written in parts, with its version, seq and SHA-256', () => {
    // Parts that straddle the 4 KiB checksum blocks, and an empty part.
    const parts = [pattern(5000), new Uint8Array(0), pattern(3, 1), pattern(9000, 2)];
    const whole = Buffer.concat(parts);
    writeArtifactFile(dir, 'thing', { version: 7, seq: 123_456_789_012 }, parts);
    const r = openArtifactFile(dir, 'thing')!;
    try {
      expect([r.version, r.seq, r.length]).toEqual([7, 123_456_789_012, whole.length]);
      expect(r.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
      expect(Buffer.from(r.readAll()).equals(whole)).toBe(true);
      for (const [at, n] of [[0, 1], [4095, 2], [4096, 4096], [5001, 0], [100, 13_000], [whole.length - 1, 1]] as const) {
        expect(Buffer.from(r.read(at, n)).equals(whole.subarray(at, at + n))).toBe(true);
      }
      expect(() => r.read(whole.length - 1, 2)).toThrow(RangeError);
      // Into one reused buffer, at any offset.
      const into = new Uint8Array(5000);
      for (const at of [0, 3, 4093, whole.length - 5000]) {
        r.readInto(at, into);
        expect(Buffer.from(into).equals(whole.subarray(at, at + 5000))).toBe(true);
      }
    } finally {
      r.close();
    }
  });

  it('is absent until written, and an empty payload is an artifact too', () => {
    expect(openArtifactFile(dir, 'thing')).toBeUndefined();
    writeArtifactFile(dir, 'thing', { version: 1, seq: 0 }, []);
    const r = openArtifactFile(dir, 'thing')!;
    expect([r.length, r.readAll().length]).toEqual([0, 0]);
    r.close();
  });

  it('refuses a file cut short, and removes it so that it is rebuilt', () => {
    writeArtifactFile(dir, 'thing', { version: 1, seq: 5 }, [pattern(20_000)]);
    const file = artifactPath(dir, 'thing');
    for (const size of [statSync(file).size - 1, 20_000, 10, 0]) {
      writeArtifactFile(dir, 'thing', { version: 1, seq: 5 }, [pattern(20_000)]);
      truncateSync(file, size);
      expect(openArtifactFile(dir, 'thing')).toBeUndefined();
      expect(existsSync(file)).toBe(false);
    }
  });

  it('refuses a block whose bytes changed, when it is read, and removes the file', () => {
    writeArtifactFile(dir, 'thing', { version: 1, seq: 5 }, [pattern(20_000)]);
    const file = artifactPath(dir, 'thing');
    const bytes = readFileSync(file);
    bytes[9000]! ^= 0x10; // one bit, in the third block
    writeFileSync(file, bytes);
    const r = openArtifactFile(dir, 'thing')!;
    try {
      // Blocks around it still read.
      expect(Buffer.from(r.read(0, 8192)).equals(pattern(20_000).subarray(0, 8192))).toBe(true);
      let caught: unknown;
      try {
        r.read(8000, 2000);
      } catch (err) {
        caught = err;
      }
      expect(isCorruptArtifact(caught)).toBe(true);
      expect((caught as Error).message).toMatch(/damaged \(block 2 does not match its checksum\)/);
    } finally {
      r.close();
    }
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a trailer that was changed', () => {
    writeArtifactFile(dir, 'thing', { version: 1, seq: 5 }, [pattern(100)]);
    const file = artifactPath(dir, 'thing');
    const bytes = readFileSync(file);
    bytes[bytes.length - 72 + 16]! ^= 1; // the seq
    writeFileSync(file, bytes);
    expect(openArtifactFile(dir, 'thing')).toBeUndefined();
  });

  it('replaces atomically: an open reader keeps the file it opened, a new one sees the new file', () => {
    writeArtifactFile(dir, 'thing', { version: 1, seq: 1 }, [pattern(10_000, 1)]);
    const before = openArtifactFile(dir, 'thing')!;
    writeArtifactFile(dir, 'thing', { version: 1, seq: 2 }, [pattern(30_000, 2)]);
    const after = openArtifactFile(dir, 'thing')!;
    try {
      expect(Buffer.from(before.readAll()).equals(pattern(10_000, 1))).toBe(true);
      expect([after.seq, after.length]).toEqual([2, 30_000]);
      // No temporary file is left behind.
      expect(readdirSync(dir)).toEqual(['thing.artifact']);
    } finally {
      before.close();
      after.close();
    }
  });

  it('leaves the old artifact when a write fails, and removes temporary files a dead writer left', () => {
    writeArtifactFile(dir, 'thing', { version: 1, seq: 1 }, [pattern(100)]);
    const leftover = path.join(dir, '.thing.99999.abcd.tmp');
    writeFileSync(leftover, 'half an artifact');
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(leftover, hourAgo, hourAgo);
    expect(() => writeArtifactFile(dir, 'thing', { version: 1, seq: 2 }, [pattern(9000)], { roomForBytes: 4096 })).toThrow(/disk holding the library is full/);
    const r = openArtifactFile(dir, 'thing')!;
    expect(r.seq).toBe(1);
    r.close();
    expect(readdirSync(dir).sort()).toEqual(['thing.artifact']);
  });
});
