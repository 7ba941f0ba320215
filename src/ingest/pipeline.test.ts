import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { startIngest, type IngestOptions } from './pipeline.js';
import { linesOf, nearDuplicateLine } from './test-support/synthetic-papers.js';
import type { Store } from '../store/store.js';

/** One input in its own session, as `paperboy ingest FILE` does (in this thread unless asked). */
async function ingestInput(store: Store, input: string, options: IngestOptions) {
  const session = await startIngest(store);
  const report = await session.ingest(input, { thread: false, ...options });
  await session.finish();
  return report;
}

let dir: string;
let store: SqliteStore;
const today = '2026-11-22';

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-ingest-'));
  store = SqliteStore.open(path.join(dir, 'lib'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

// Three invented papers, each in several shapes.
const A = {
  id: '2405.01234',
  title: 'Sparse Routers That Never Drop Tokens',
  abstract:
    'Mixture-of-Experts models route each token to a few experts, but capacity limits force routers to drop ' +
    'tokens when experts overflow. We propose NoDrop, a router that reassigns overflowing tokens to experts with ' +
    'spare capacity on the same device, which removes dropped tokens without extra communication and improves ' +
    'perplexity on four language modelling benchmarks.',
};
const B = {
  id: '2406.04321',
  title: 'Calibrating Reward Models Against Length Bias',
  abstract:
    'Reward models used for aligning language models prefer longer answers regardless of their quality. We ' +
    'estimate the length bias of a reward model from its own scores and subtract it after the fact, a post-hoc ' +
    'calibration that needs no extra data or training and improves agreement with human preference judgements.',
};
const C = {
  title: 'Retrieval When Unsure: Active Retrieval for Long Answers',
  abstract:
    'Long-form answers from language models contain facts the model is unsure about. Our method retrieves ' +
    'documents only when an upcoming sentence has low-confidence tokens, using the sentence as the query, and ' +
    'regenerates it with the retrieved evidence, improving factual accuracy over single-time retrieval baselines.',
};

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const daily = (p: typeof A, date: string, version = '') => ({
  id: p.id + version,
  title: p.title,
  summary: p.abstract.replace(/(.{70}\S*) /g, '$1\n'),
  authors: ['Ada Lovelace', 'Alan Turing'],
  categories: ['cs.CL', 'cs.LG'],
  comment: null,
  date,
});

describe('ingest pipeline', () => {
  it('merges the same paper across days, versions and formats into one record with every source', async () => {
    const listing = write('listing.jsonl', jsonl([daily(A, '2024-05-02'), daily(A, '2024-05-03', 'v2'), daily(B, '2024-06-07')]));
    const dump = write('dump.txt', `Abstract:${A.abstract}\nAbstract:${C.abstract}\n`);
    const bib = write(
      'refs.bib',
      `@article{c2024, title = {${C.title}}, author = {Hopper, Grace and Knuth, Donald}, year = 2024, abstract = {${C.abstract}}}\n`,
    );

    const r1 = await ingestInput(store, listing, { today });
    expect(r1).toMatchObject({ format: 'arxiv-jsonl', records: 3, added: 2, merged: 1, unchanged: 0, skipped: [] });
    const r2 = await ingestInput(store, dump, { today });
    // A's abstract joins the arXiv paper; C is new, with a derived title for now.
    expect(r2).toMatchObject({ format: 'abstract-dump', records: 2, added: 1, merged: 1 });
    const cDerived = (await store.stats()).titlesDerived;
    expect(cDerived).toBe(1);
    const r3 = await ingestInput(store, bib, { today });
    expect(r3).toMatchObject({ format: 'bibtex', added: 0, merged: 1 });

    const stats = await store.stats();
    expect(stats.papers).toBe(3);
    expect(stats.records).toBe(6);
    expect(stats.mergedDuplicates).toBe(3);
    expect(stats.titlesDerived).toBe(0);
    expect(stats.mergesByReason).toEqual({ arxiv: 1, 'near-duplicate': 2 });

    const a = await store.getPaper('2405.01234v2');
    expect(a?.title).toBe(A.title);
    expect(a?.titleDerived).toBe(false);
    expect(a?.date).toBe('2024-05-02');
    expect(a?.sources.map((s) => s.format).sort()).toEqual(['abstract-dump', 'arxiv-jsonl', 'arxiv-jsonl']);
    expect(a?.sources.every((s) => path.isAbsolute(s.file) && s.line > 0)).toBe(true);

    // The bibtex title replaced C's derived title, and its authors arrived.
    const c = (await store.getPapersByDocIds([3]))[0]?.paper;
    expect(c?.title).toBe(C.title);
    expect(c?.titleDerived).toBe(false);
    expect(c?.authors).toEqual(['Grace Hopper', 'Donald Knuth']);
  });

  it('reads in a worker thread with the same outcome as in this thread', async () => {
    const rows = [daily(A, '2024-05-02'), daily(B, '2024-06-07'), daily(A, '2024-05-03', 'v2')];
    const listing = write('threads.jsonl', `${jsonl(rows)}{broken\n`);
    const other = SqliteStore.open(path.join(dir, 'lib2'));
    try {
      const inWorker = await ingestInput(store, listing, { today, thread: true, batchSize: 1 });
      const inThread = await ingestInput(other, listing, { today, thread: false, batchSize: 1 });
      expect(inWorker).toEqual(inThread);
      expect(inWorker).toMatchObject({ records: 3, added: 2, merged: 1, skipped: [{ line: 4 }] });
      expect((await store.stats()).papers).toBe((await other.stats()).papers);
      const missing = await ingestInput(store, path.join(dir, 'absent.jsonl'), { today, thread: true });
      expect(missing.error?.code).toBe('FILE_NOT_FOUND');
    } finally {
      await other.close();
    }
  });

  it('prefetches the next input while storing this one, with the same outcome', async () => {
    const one = write('one.jsonl', jsonl([daily(A, '2024-05-02')]));
    const two = write('two.jsonl', jsonl([daily(B, '2024-06-07'), daily(A, '2024-05-03', 'v2')]));
    const missing = path.join(dir, 'missing.jsonl');
    const session = await startIngest(store);
    session.prefetch(two, { today });
    session.prefetch(missing, { today });
    expect(await session.ingest(one, { today })).toMatchObject({ added: 1 });
    expect(await session.ingest(two, { today })).toMatchObject({ records: 2, added: 1, merged: 1 });
    expect((await session.ingest(missing, { today })).error?.code).toBe('FILE_NOT_FOUND');
    // A prefetched input never ingested is let go at the end.
    session.prefetch(one, { today });
    await session.finish();
    expect((await store.stats()).papers).toBe(2);
  });

  describe('beside another writer (a second connection, as another process has)', () => {
    let other: SqliteStore;
    beforeEach(() => {
      other = SqliteStore.open(path.join(dir, 'lib'));
    });
    afterEach(() => other.close());
    const theirs = () => write('theirs.jsonl', linesOf(0, 40));
    /** Other records of their papers: no ids, other titles, abstracts near-identical. */
    const nearTheirs = () => write('near-theirs.jsonl', linesOf(0, 40, nearDuplicateLine));

    it('resolves each batch against papers the other committed after the session began', async () => {
      const session = await startIngest(store);
      expect(await ingestInput(other, theirs(), { today })).toMatchObject({ added: 40 });
      expect(await session.ingest(nearTheirs(), { today, thread: false })).toMatchObject({ added: 0, merged: 40 });
      await session.finish();
      expect((await store.stats()).papers).toBe(40);
    });

    it('saves its band index as of what it saw, so the next session catches up with the rest', async () => {
      const session = await startIngest(store);
      await ingestInput(other, theirs(), { today });
      // Saved after theirs, without having seen their papers.
      await session.finish();
      expect(await ingestInput(store, nearTheirs(), { today })).toMatchObject({ added: 0, merged: 40 });
    });
  });

  it('changes nothing when the same file is ingested twice', async () => {
    const listing = write('listing.jsonl', jsonl([daily(A, '2024-05-02'), daily(B, '2024-06-07')]));
    await ingestInput(store, listing, { today });
    const before = await store.stats();
    const seq = await store.currentSeq();
    const again = await ingestInput(store, listing, { today });
    expect(again).toMatchObject({ records: 2, added: 0, merged: 0, unchanged: 2 });
    const after = await store.stats();
    expect(after.papers).toBe(before.papers);
    expect(after.records).toBe(before.records);
    expect(await store.currentSeq()).toBe(seq);
  });

  it('is indifferent to the order sources arrive in', async () => {
    const files = [
      write('one.jsonl', jsonl([daily(A, '2024-05-03', 'v2')])),
      write('two.txt', `Abstract:${A.abstract}\n`),
      write('three.jsonl', jsonl([{ ...daily(A, '2024-05-02'), authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'] }])),
    ];
    const other = SqliteStore.open(path.join(dir, 'lib2'));
    try {
      for (const f of files) await ingestInput(store, f, { today });
      for (const f of [...files].reverse()) await ingestInput(other, f, { today });
      const x = await store.getPaper(A.id);
      const y = await other.getPaper(A.id);
      const strip = (p: typeof x) => ({ ...p, sources: p?.sources.length });
      expect(strip(y)).toEqual(strip(x));
      expect(x?.authors).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it('skips malformed records with line and reason, and keeps the rest', async () => {
    const file = write('mixed.jsonl', `${JSON.stringify(daily(A, '2024-05-02'))}\n{not json\n${JSON.stringify(daily(B, '2024-06-07'))}\n`);
    const r = await ingestInput(store, file, { today });
    expect(r.records).toBe(2);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]?.line).toBe(2);
    expect(r.skipped[0]?.reason).toMatch(/json/i);
    const stats = await store.stats();
    expect(stats.papers).toBe(2);
    expect(stats.skippedRecords).toEqual([{ file, line: 2, reason: r.skipped[0]?.reason }]);
  });

  it('reports an unrecognised or binary file by name without throwing', async () => {
    const bin = write('blob.bin', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 9, 10]));
    const r = await ingestInput(store, bin, { today });
    expect(r.error?.code).toBe('BINARY_FILE');
    expect(r.error?.message).toContain('blob.bin');
    const missing = await ingestInput(store, path.join(dir, 'nope.txt'), { today });
    expect(missing.error?.code).toBe('FILE_NOT_FOUND');
  });

  it('reports a file the parser library refuses as that file\'s error and ingests the files around it', async () => {
    const good = write('good.jsonl', jsonl([daily(A, '2024-05-02')]));
    const xxe = write('xxe.xml', '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<feed><entry><title>&xxe;</title></entry></feed>\n');
    const after = write('after.jsonl', jsonl([daily(B, '2024-06-07')]));
    for (const thread of [false, true]) {
      const session = await startIngest(store);
      const reports = [];
      for (const file of [good, xxe, after]) reports.push(await session.ingest(file, { today, thread }));
      await session.finish();
      expect(reports.map((r) => r.error?.code)).toEqual([undefined, 'BAD_INPUT', undefined]);
      expect(reports[1]?.error?.message).toMatch(/^\S*xxe\.xml: unusable XML: External entities are not supported$/);
      expect((await store.stats()).papers).toBe(2);
    }
  });

  it('reads gzip transparently and stdin as "-"', async () => {
    const gz = write('listing.data', gzipSync(jsonl([daily(A, '2024-05-02')])));
    expect(await ingestInput(store, gz, { today })).toMatchObject({ format: 'arxiv-jsonl', added: 1 });
    const r = await ingestInput(store, '-', { today, stdin: Readable.from([jsonl([daily(B, '2024-06-07')])]) });
    expect(r).toMatchObject({ added: 1 });
    const b = await store.getPaper(B.id);
    expect(b?.sources[0]?.file).toMatch(/^stdin:/);
  });

  it('keeps two different arXiv ids apart unless their abstracts are near-identical, and lists such merges', async () => {
    const sameTitle = { ...B, id: '2407.11111', abstract: A.abstract.replace('NoDrop', 'SpareRoute') };
    const resubmitted = { ...C, id: '2408.22222' };
    const again = { ...C, id: '2409.33333' };
    // A listing that carries another paper's abstract under its own, different title.
    const borrowed = { ...C, id: '2410.44444', title: 'Outcome Verifiers for Olympiad Geometry Proofs' };
    const file = write(
      'ids.jsonl',
      jsonl([daily(B, '2024-06-07'), daily(sameTitle, '2024-07-01'), daily(resubmitted as typeof A, '2024-08-01'), daily(again as typeof A, '2024-09-01'), daily(borrowed as typeof A, '2024-10-01')]),
    );
    await ingestInput(store, file, { today });
    const stats = await store.stats();
    // Same title, different abstract: two papers. Same abstract and title under two ids: one
    // paper, listed. Same abstract, different title: two papers.
    expect(stats.papers).toBe(4);
    expect(stats.crossIdMerges).toEqual([expect.objectContaining({ paperId: '2408.22222', otherArxivId: '2409.33333' })]);
  });
});
