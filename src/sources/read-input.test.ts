import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInput, readItems, type InputFile } from './read-input.js';
import { arxivJsonlParser } from './arxiv-jsonl.js';
import { csvParser } from './csv.js';
import type { ParseItem } from './source-parser.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-read-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const collect = async (input: InputFile, parser = arxivJsonlParser) => {
  const items: ParseItem[] = [];
  for await (const item of readItems(input, parser, '2025-11-20')) items.push(item);
  return items;
};
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err);

/** JSON lines of the daily shape, `count` of them, ids numbered from 1. */
const dailyLines = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `2503.${String(i + 1).padStart(5, '0')}`, title: `Paper ${i + 1}`, summary: 'Padding words. '.repeat(40), date: '2025-03-18' }),
  ).join('\n') + '\n';

describe('openInput', () => {
  it('reads a plain file: sample, size and a hash of the content', async () => {
    const path = fixturePath('daily-listing-sample.jsonl');
    const raw = readFileSync(path);
    const input = await openInput(path);
    expect(input.name).toBe(path);
    expect(input.size).toBe(raw.length);
    expect(input.sample).toBe(raw.toString('utf8'));
    expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await collect(input)).map((i) => i.ok && i.record.date)).toEqual(['2025-03-26', '2025-03-26', '2025-03-27']);
  });

  it('reads gzip transparently by its magic bytes, whatever the name, with the same hash', async () => {
    const path = fixturePath('kaggle-sample.jsonl');
    const plain = await openInput(path);
    const gzipped = await openInput(write('looks-plain.txt', gzipSync(readFileSync(path))));
    expect(gzipped.sha256).toBe(plain.sha256);
    expect(gzipped.sample).toBe(plain.sample);
    expect(await collect(gzipped)).toEqual(await collect(plain));
  });

  it('drops a UTF-8 BOM and decodes UTF-16 with a BOM', async () => {
    const text = 'title,abstract\nÜber Puddles,Ça marche.\n';
    const utf8 = await openInput(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
    expect(utf8.sample).toBe(text);
    expect(await utf8.text()).toBe(text);
    const utf16 = await openInput(write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect(utf16.sample).toBe(text);
    expect(await collect(utf16, csvParser)).toEqual([{ ok: true, line: 2, record: { title: 'Über Puddles', abstract: 'Ça marche.' } }]);
  });

  it('refuses binary files, missing files and directories with their codes', async () => {
    const random = randomBytes(4096);
    random[100] = 0;
    const binary = write('blob.jsonl', random);
    expect(await rejection(openInput(binary))).toMatchObject({ code: 'BINARY_FILE', message: expect.stringContaining(binary) });
    // Without NULs, invalid UTF-8 and control characters give it away.
    const noNuls = write('blob.txt', Buffer.from(random.map((b) => b || 0x80)));
    expect(await rejection(openInput(noNuls))).toMatchObject({ code: 'BINARY_FILE' });
    const missing = join(dir, 'nope.jsonl');
    expect(await rejection(openInput(missing))).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining(missing) });
    expect(await rejection(openInput(dir))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is a directory/) });
    const corrupt = write('corrupt.gz', Buffer.concat([gzipSync('{"id": "2503.00001"}\n'.repeat(50)).subarray(0, 30), Buffer.alloc(8, 1)]));
    expect(await rejection(openInput(corrupt))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/corrupt gzip/) });
  });

  it('opens an empty file as empty text with no items', async () => {
    const input = await openInput(write('empty.jsonl', ''));
    expect(input.size).toBe(0);
    expect(input.sample).toBe('');
    expect(await collect(input)).toEqual([]);
  });

  it('reads standard input from an injected stream, gzipped too', async () => {
    const content = readFileSync(fixturePath('daily-listing-sample.jsonl'));
    const input = await openInput('-', { stdin: Readable.from([gzipSync(content)]) });
    expect(input.name).toBe('-');
    expect(input.sample).toBe(content.toString('utf8'));
    expect(await collect(input)).toHaveLength(3);
    // Small inputs are kept in memory, so they can be read again.
    expect(await collect(input)).toHaveLength(3);
  });

  it('reads bytes already in memory (a fetched page), gzipped or not, under the name given', async () => {
    const text = '{"id": "2503.11731", "title": "T"}\n';
    for (const bytes of [new TextEncoder().encode(text), new Uint8Array(gzipSync(text))]) {
      const input = await openInput('https://example.org/page?n=1', { bytes });
      expect(input.name).toBe('https://example.org/page?n=1');
      expect(await input.text()).toBe(text);
      expect(input.size).toBe(text.length);
    }
  });

  it('streams line-oriented parsers in chunks of whole lines, numbering lines across chunks', async () => {
    const text = dailyLines(20_000); // about 14 MiB: four chunks
    const path = write('big.jsonl.gz', gzipSync(text));
    for (const memoryLimit of [undefined, 1024 * 1024]) {
      const input = await openInput(path, { memoryLimit });
      const pieces = [];
      for await (const chunk of input.chunks()) pieces.push(chunk);
      expect(pieces.length).toBeGreaterThan(2);
      expect(pieces.every((p) => p.text.endsWith('\n'))).toBe(true);
      expect(pieces.map((p) => p.text).join('')).toBe(text);
      const items = await collect(input);
      expect(items).toHaveLength(20_000);
      expect(items.every((item, i) => item.ok && item.line === i + 1 && item.record.title === `Paper ${i + 1}`)).toBe(true);
    }
  });

  it('spools large standard input and reads it once', async () => {
    const text = dailyLines(3_000);
    const input = await openInput('-', { stdin: Readable.from([Buffer.from(text)]), memoryLimit: 64 * 1024 });
    expect(input.size).toBe(Buffer.byteLength(text));
    expect(await collect(input)).toHaveLength(3_000);
    expect(await rejection(collect(input))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/read twice/) });
  });
});
