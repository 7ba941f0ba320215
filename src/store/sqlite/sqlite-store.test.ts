import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareRecord } from '../../ingest/prepare.js';
import { resolveBatch } from '../../ingest/resolve.js';
import type { PaperRecord } from '../../core/paper.js';
import { DATABASE_FILE, SqliteStore, migrate } from './sqlite-store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { closeTempStore, ingestRecords, openTempStore } from '../test-support/temp-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => ({ dir, store } = openTempStore('paperboy-store-')));
afterEach(() => closeTempStore({ dir, store }));

const abstract = (topic: string) =>
  `We introduce a method for ${topic} that learns from unlabeled text and improves accuracy on six benchmarks, ` +
  `outperforming strong baselines while using fewer parameters and less compute than previous approaches to ${topic}.`;

const ingest = (records: PaperRecord[], file = '/data/sample.jsonl') => ingestRecords(store, records, file);

describe('SqliteStore', () => {
  it('creates the schema at the latest version in WAL mode', () => {
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('migrates step by step and refuses a library from a newer paperboy', () => {
    const db = new Database(':memory:');
    const next = { version: SCHEMA_VERSION + 1, description: 'test', sql: 'CREATE TABLE extra (x INTEGER) STRICT;' };
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(migrate(db, [...MIGRATIONS, next])).toBe(SCHEMA_VERSION + 1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeTruthy();
    expect(() => migrate(db)).toThrow(/newer than this paperboy/);
    db.close();
  });

  it('upgrades a version 1 library to the latest, keeping its papers', async () => {
    const old = path.join(dir, 'v1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(old);
    const db = new Database(path.join(old, DATABASE_FILE));
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    db.prepare(
      `INSERT INTO papers (id, title, title_derived, abstract, authors, categories, trust, seq, created_at, updated_at)
       VALUES ('p1', 'Kept Across Upgrades', 0, 'text', '[]', '[]', '{}', 1, 'now', 'now')`,
    ).run();
    db.close();
    const upgraded = SqliteStore.open(old);
    expect((await upgraded.getPaper('p1'))?.title).toBe('Kept Across Upgrades');
    expect(await upgraded.vectorCounts()).toEqual({});
    await upgraded.close();
  });

  it('upgrades a version 2 library to the latest (accounts, upvotes), keeping papers and vectors', async () => {
    const old = path.join(dir, 'v2');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(old);
    const db = new Database(path.join(old, DATABASE_FILE));
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toBe(2);
    db.prepare(
      `INSERT INTO papers (id, title, title_derived, abstract, authors, categories, date, upvotes, trust, seq, created_at, updated_at)
       VALUES ('p1', 'Kept Across Upgrades', 0, 'text', '[]', '[]', '2024-05-01', 7, '{}', 1, 'now', 'now')`,
    ).run();
    db.prepare("INSERT INTO vectors (model, paper, seq, vector) VALUES ('m', 1, 1, x'0000803f')").run();
    db.close();
    const upgraded = SqliteStore.open(old);
    expect(await upgraded.vectorCounts()).toEqual({ m: 1 });
    const user = await upgraded.createUser({ name: 'ada', passwordHash: 'scrypt$x', admin: true });
    await upgraded.setUpvote(user.id, 1, true);
    const day = await upgraded.listByDate({ from: '2024-05-01', to: '2024-05-01', sort: 'upvotes', limit: 5 });
    expect(day.items.map((i) => [i.paper.title, i.upvotes])).toEqual([['Kept Across Upgrades', 8]]);
    await upgraded.close();
    const check = new Database(path.join(old, DATABASE_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('upgrades a version 3 library to the latest (subscriptions, digests), keeping users and upvotes', async () => {
    const old = path.join(dir, 'v3');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(old);
    const db = new Database(path.join(old, DATABASE_FILE));
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toBe(3);
    db.prepare(
      `INSERT INTO papers (id, title, title_derived, abstract, authors, categories, date, trust, seq, created_at, updated_at)
       VALUES ('p1', 'Kept Across Upgrades', 0, 'text', '[]', '[]', '2024-05-01', '{}', 1, '2024-05-01T00:00:00.000Z', 'now')`,
    ).run();
    db.prepare("INSERT INTO users (name, password_hash, admin, created_at) VALUES ('ada', 'scrypt$x', 0, 'now')").run();
    db.prepare("INSERT INTO upvotes (user, paper, created_at) VALUES (1, 1, 'now')").run();
    db.close();
    const upgraded = SqliteStore.open(old);
    const ada = (await upgraded.userByName('ada'))!;
    expect(ada.email).toBeUndefined();
    expect(await upgraded.upvotedBy(ada.id, [1])).toEqual(new Set([1]));
    await upgraded.setUserEmail(ada.id, 'ada@example.org');
    const sub = await upgraded.createSubscription({ userId: ada.id, kind: 'search', value: 'upgrades' });
    expect(await upgraded.papersAddedSince('2024-04-30T00:00:00.000Z')).toEqual([1]);
    await upgraded.recordDigest(ada.id, [{ docId: 1, subscriptionId: sub.id }], '2024-05-02T00:00:00.000Z');
    expect(await upgraded.userByName('ada')).toMatchObject({ email: 'ada@example.org', lastDigestAt: '2024-05-02T00:00:00.000Z' });
    await upgraded.close();
    const check = new Database(path.join(old, DATABASE_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('stores vectors per model, and knows which papers need embedding', async () => {
    await ingest([
      { arxivId: '2401.00001', title: 'Paper One About Dense Retrieval', abstract: abstract('retrieval') },
      { arxivId: '2402.00002', title: 'Paper Two About Image Segmentation', abstract: abstract('segmentation') },
    ]);
    const todo = await store.textsToEmbed('m1', 10);
    expect(todo.map((t) => t.title)).toEqual(['Paper One About Dense Retrieval', 'Paper Two About Image Segmentation']);
    await store.putVectors('m1', [{ docId: todo[0]!.docId, seq: todo[0]!.seq, vector: new Float32Array([0.6, 0.8]) }]);
    expect((await store.textsToEmbed('m1', 10)).map((t) => t.docId)).toEqual([todo[1]!.docId]);
    await store.putVectors('m2', [{ docId: todo[1]!.docId, seq: todo[1]!.seq, vector: new Float32Array([1, 0]) }]);
    expect(await store.vectorCounts()).toEqual({ m1: 1, m2: 1 });
    const all = [];
    for await (const rows of store.iterateVectors('m1')) all.push(...rows);
    expect(all).toEqual([{ docId: todo[0]!.docId, vector: new Float32Array([0.6, 0.8]) }]);
    expect(await store.dropVectorsExcept('m2')).toBe(1);
    expect(await store.vectorCounts()).toEqual({ m2: 1 });
    // A paper changed after it was embedded needs embedding again.
    await ingest([{ arxivId: '2402.00002', title: 'Paper Two About Image Segmentation', abstract: abstract('segmentation'), authors: ['New Author'] }], '/data/other.jsonl');
    expect((await store.textsToEmbed('m2', 10)).map((t) => t.docId)).toContain(todo[1]!.docId);
  });

  it('keeps settings', async () => {
    expect(await store.getSetting('embedding')).toBeUndefined();
    await store.setSetting('embedding', '{"kind":"builtin"}');
    expect(await store.getSetting('embedding')).toBe('{"kind":"builtin"}');
  });

  it('rolls back a failed migration, keeping the previous version', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken = { version: SCHEMA_VERSION + 1, description: 'broken', sql: 'CREATE TABLE ok (x); THIS IS NOT SQL;' };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
    db.close();
  });

  it('finds a paper by id, by arXiv id with a version, and by DOI', async () => {
    await ingest([
      { arxivId: '2401.00001', title: 'Learning to Retrieve Passages Well', abstract: abstract('retrieval'), doi: '10.1000/abc' },
    ]);
    expect((await store.getPaper('2401.00001'))?.title).toBe('Learning to Retrieve Passages Well');
    expect((await store.getPaper('arXiv:2401.00001v3'))?.id).toBe('2401.00001');
    expect((await store.getPaper('https://doi.org/10.1000/ABC'))?.id).toBe('2401.00001');
    expect(await store.getPaper('2401.99999')).toBeUndefined();
  });

  it('filters by author words, category (archive prefix too) and date range', async () => {
    await ingest([
      { arxivId: '2401.00001', title: 'Paper One About Dense Retrieval', abstract: abstract('retrieval'), authors: ['Jane Doe', 'Ana Müller'], categories: ['cs.IR', 'cs.CL'], date: '2024-01-05' },
      { arxivId: '2402.00002', title: 'Paper Two About Image Segmentation', abstract: abstract('segmentation'), authors: ['John Roe'], categories: ['cs.CV'], date: '2024-02-10' },
    ]);
    const ids = async (f: Parameters<SqliteStore['filterDocIds']>[0]) => {
      const set = await store.filterDocIds(f);
      const papers = await store.getPapersByDocIds([...(set ?? [])]);
      return papers.map((p) => p.paper.id).sort();
    };
    expect(await store.filterDocIds({})).toBeUndefined();
    expect(await ids({ authors: ['muller'] })).toEqual(['2401.00001']);
    expect(await ids({ authors: ['Doe Jane'] })).toEqual(['2401.00001']);
    // Words of one filter must belong to the same author.
    expect(await ids({ authors: ['Jane Müller'] })).toEqual([]);
    expect(await ids({ categories: ['cs'] })).toEqual(['2401.00001', '2402.00002']);
    expect(await ids({ categories: ['cs.cv'] })).toEqual(['2402.00002']);
    expect(await ids({ categories: ['c%'] })).toEqual([]);
    expect(await ids({ from: '2024-02-01' })).toEqual(['2402.00002']);
    expect(await ids({ to: '2024-01-31', categories: ['cs'] })).toEqual(['2401.00001']);
  });

  it('advances the change counter and lists changed texts after a seq', async () => {
    expect(await store.currentSeq()).toBe(0);
    await ingest([{ arxivId: '2401.00001', title: 'Paper One About Dense Retrieval', abstract: abstract('retrieval') }]);
    const seq = await store.currentSeq();
    expect(seq).toBe(1);
    await ingest([{ arxivId: '2402.00002', title: 'Paper Two About Image Segmentation', abstract: abstract('segmentation') }]);
    const changed = [];
    for await (const rows of store.iterateTexts(seq)) changed.push(...rows);
    expect(changed.map((r) => r.title)).toEqual(['Paper Two About Image Segmentation']);
  });

  it('stores and replaces artifacts byte for byte', async () => {
    expect(await store.getArtifact('x')).toBeUndefined();
    await store.putArtifact('x', { version: 1, seq: 5, bytes: new Uint8Array([1, 2, 3]) });
    await store.putArtifact('x', { version: 2, seq: 6, bytes: new Uint8Array([4, 5]) });
    const got = await store.getArtifact('x');
    expect(got?.version).toBe(2);
    expect(got?.seq).toBe(6);
    expect([...got!.bytes]).toEqual([4, 5]);
  });

  it('leaves the library unchanged when a batch fails midway', async () => {
    const fileId = await store.beginFile({ path: '/f', format: 'csv', sha256: 'x' });
    const batch = [prepareRecord('/f', 'csv', 1, { title: 'A Paper That Never Lands Here', abstract: abstract('x') })];
    await expect(
      store.withWriteLock((tx) =>
        tx.ingestBatch(fileId, batch, () => new Map(), (lookup) => {
          const writes = resolveBatch(batch, lookup);
          writes.records.push({ ...writes.records[0]!, paperId: 'no-such-paper' });
          return writes;
        }),
      ),
    ).rejects.toThrow();
    expect((await store.stats()).papers).toBe(0);
  });
});
