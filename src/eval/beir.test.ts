import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, readQrels, readQueries } from './beir.js';

const fixture = (name: string) => new URL(`./fixtures/tiny/${name}`, import.meta.url).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-beir-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function corpus(file: string) {
  const docs = [];
  for await (const doc of readCorpus(file)) docs.push(doc);
  return docs;
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err);

describe('readCorpus', () => {
  it('reads documents in file order with their lines', async () => {
    const docs = await corpus(fixture('corpus.jsonl'));
    expect(docs.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    expect(docs[0]).toEqual({
      id: 'd1',
      title: 'Copper Lattices in Cold Storage',
      text: 'Copper lattices keep their shape in cold storage for many months, as repeated measurements of their spacing show.',
      line: 1,
    });
  });

  it('reads numeric ids, missing titles, CRLF, a byte-order mark, blank lines and gzip', async () => {
    const text = '\uFEFF{"_id": 7, "text": "only text"}\r\n\r\n{"_id": "x", "title": "T", "text": null, "sentences": []}\n';
    for (const file of [write('mixed.jsonl', text), write('mixed.jsonl.gz', gzipSync(text))]) {
      expect(await corpus(file)).toEqual([
        { id: '7', title: '', text: 'only text', line: 1 },
        { id: 'x', title: 'T', text: '', line: 3 },
      ]);
    }
  });

  it('names file and line of a malformed document', async () => {
    const cases: [string, RegExp][] = [
      ['{"_id": "a", "text": "ok"}\n{"_id": "b", "text": \n', /:2: invalid JSON/],
      ['{"_id": "a", "text": "ok"}\n\n["not", "an object"]\n', /:3: expected a JSON object/],
      ['{"title": "no id", "text": "x"}\n', /:1: missing "_id"/],
      ['{"_id": "", "text": "x"}\n', /:1: missing "_id"/],
      ['{"_id": "a", "title": 3, "text": "x"}\n', /:1: "title" must be a string/],
      ['{"_id": "a", "text": "x"}\n{"_id": "a", "text": "y"}\n', /:2: "_id" "a" was already used on line 1/],
    ];
    for (const [i, [content, message]] of cases.entries()) {
      const file = write(`bad-${i}.jsonl`, content);
      const err = await rejection(corpus(file));
      expect(err).toMatchObject({ code: 'BAD_INPUT' });
      expect((err as Error).message).toContain(file);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('reports a missing file', async () => {
    await expect(corpus(path.join(dir, 'absent.jsonl'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(corpus(dir)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('readQueries', () => {
  it('reads ids and texts', async () => {
    const queries = await readQueries(fixture('queries.jsonl'));
    expect(queries).toHaveLength(5);
    expect(queries[1]).toEqual({ id: 'q2', text: 'owl migration' });
  });

  it('rejects a repeated id and a line without one', async () => {
    await expect(readQueries(write('q-dup.jsonl', '{"_id": "1", "text": "a"}\n{"_id": "1", "text": "b"}\n'))).rejects.toThrow(/:2: query "_id" "1"/);
    await expect(readQueries(write('q-noid.jsonl', '{"text": "a"}\n'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('readQrels', () => {
  it('reads graded judgements after the header', async () => {
    const qrels = await readQrels(fixture('qrels.tsv'));
    expect([...qrels.keys()]).toEqual(['q1', 'q2', 'q3', 'q4', 'q9']);
    expect(qrels.get('q2')).toEqual(new Map([['d3', 1], ['d6', 2]]));
    expect(qrels.get('q4')).toEqual(new Map([['d2', 0]]));
  });

  it('reads a file without a header, and keeps the last score of a repeated pair', async () => {
    const qrels = await readQrels(write('noheader.tsv', '1\t10\t1\n1\t11\t2\n1\t10\t0\n'));
    expect(qrels.get('1')).toEqual(new Map([['10', 0], ['11', 2]]));
  });

  it('names file and line of a malformed judgement', async () => {
    const two = write('two.tsv', 'query-id\tcorpus-id\tscore\nq1\td1\n');
    await expect(readQrels(two)).rejects.toThrow(`${two}:2: expected 3 columns`);
    const fraction = write('fraction.tsv', 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\thigh\n');
    await expect(readQrels(fraction)).rejects.toThrow(`${fraction}:3: the score must be a whole number, not "high"`);
  });
});
