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
import { abstractDumpParser } from './abstract-dump.js';
import { detectFormat } from './detect.js';
import { jsonlParser } from './jsonl.js';
import { FIELD_LIMITS, MAX_RECORD_BYTES } from './record-limits.js';
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

  it('keeps the records around a NUL byte and skips the one holding it', async () => {
    const lines = dumpLines(6);
    lines[2] = lines[2]!.replace('Padding', 'Pad\0ding');
    const input = await openInput(write('nul.txt', lines.join('\n')));
    const items = await collect(input, abstractDumpParser);
    expect(items.filter((i) => i.ok).map((i) => i.line)).toEqual([1, 2, 4, 5, 6]);
    expect(items.filter((i) => !i.ok)).toEqual([{ ok: false, line: 3, reason: 'abstract holds a NUL byte (a damaged record)' }]);
  });

  it('reads CR-only line endings (old Mac files) as line breaks, for detection and parsing', async () => {
    const dump = await openInput(write('cr.txt', `${dumpLines(10).join('\r')}\r`));
    expect(detectFormat(dump.sample, dump.name).parser.format).toBe('abstract-dump');
    expect((await collect(dump, abstractDumpParser)).map((i) => i.ok && i.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const jsonl = await openInput(write('cr.jsonl', dailyLines(3).replaceAll('\n', '\r')));
    expect(detectFormat(jsonl.sample, jsonl.name).parser.format).toBe('arxiv-jsonl');
    expect(await collect(jsonl)).toHaveLength(3);
    // CRLF split across two reads stays one line break.
    const crlf = await openInput('-', { stdin: Readable.from([Buffer.from('{"id": "2503.00001", "title": "A"}\r'), Buffer.from('\n{"id": "2503.00002", "title": "B"}\r\n')]) });
    expect((await collect(crlf)).map((i) => i.line)).toEqual([1, 2]);
  });

  it('samples a first line longer than 64 KiB whole, so a JSON lines file is detected as one', async () => {
    const authors = Array.from({ length: 200 }, (_, i) => `Author Number ${i} of a Large Collaboration ${'x'.repeat(60)}`);
    const long = JSON.stringify({ title: 'A Long First Line', abstract: 'Long words here. '.repeat(2800), authors });
    const input = await openInput(write('long-first.jsonl', `${long}\n${'{"title": "Short", "abstract": "Short abstract."}\n'.repeat(3)}`));
    expect(input.sample.length).toBeGreaterThan(64 * 1024);
    expect(detectFormat(input.sample, input.name).parser.format).toBe('jsonl');
    expect((await collect(input, jsonlParser)).map((i) => i.ok)).toEqual([true, true, true, true]);
  });

  it('drops a line over the record limit unread, with a report, and keeps the lines around it', async () => {
    const huge = `Abstract: ${'x'.repeat(MAX_RECORD_BYTES + 10)}`;
    const text = [...dumpLines(2), huge, ...dumpLines(2)].join('\n');
    for (const memoryLimit of [undefined, 1024 * 1024]) {
      const input = await openInput(write('huge-line.txt', text), { memoryLimit });
      expect(input.sample.length).toBeLessThan(2 * 64 * 1024);
      const items = await collect(input, abstractDumpParser);
      expect(items.map((i) => [i.line, i.ok])).toEqual([[1, true], [2, true], [3, false], [4, true], [5, true]]);
      expect(items[2]).toMatchObject({ reason: 'line longer than 4 MiB, the limit of a record' });
    }
    // First in a JSON lines file, it still leaves the file JSON lines, detected by the lines after it.
    const first = await openInput(write('huge-first.jsonl', `{"title": "Huge", "abstract": "${'z'.repeat(MAX_RECORD_BYTES)}"}\n${dailyLines(3)}`));
    expect(detectFormat(first.sample, first.name).parser.format).toBe('arxiv-jsonl');
    expect((await collect(first)).map((i) => [i.line, i.ok])).toEqual([[1, false], [2, true], [3, true], [4, true]]);
    // Streamed parsers drop it the same way, whatever chunk it falls in.
    const jsonl = await openInput(write('huge-line.jsonl', `${dailyLines(2)}{"id": "2503.99999", "title": "${'y'.repeat(MAX_RECORD_BYTES)}"}\n${dailyLines(1)}`));
    expect((await collect(jsonl)).map((i) => [i.line, i.ok])).toEqual([[1, true], [2, true], [3, false], [4, true]]);
  });

  it('skips a record with a field over its limit, naming the field, and keeps one at the limit', async () => {
    const abstract = (n: number) => `Abstract: ${'word '.repeat(n / 5)}`;
    const input = await openInput(write('caps.txt', [abstract(FIELD_LIMITS.abstract), abstract(FIELD_LIMITS.abstract + 5)].join('\n')));
    const items = await collect(input, abstractDumpParser);
    expect(items.map((i) => i.ok)).toEqual([true, false]);
    expect(items[1]).toMatchObject({ line: 2, reason: 'abstract of 50,004 characters, over the limit of 50,000' });
  });
});

/** Abstract-dump lines, `count` of them. */
function dumpLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Abstract: Paper ${i + 1} studies things. ${'Padding words. '.repeat(20)}`);
}
