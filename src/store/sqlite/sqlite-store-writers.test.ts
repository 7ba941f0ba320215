/**
 * The store's write lock and its faults: a full disk (the store's test hook, room for only so
 * many pages), writers of this process and of another (a second connection, as another process
 * has), and readers beside them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperRecord } from '../../ingest/test-support/synthetic-papers.js';
import { closeTempStore, ingestRecords, openTempStore } from '../test-support/temp-store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { DATABASE_FILE, SqliteStore, migrate } from './sqlite-store.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => ({ dir, store } = openTempStore('paperboy-writers-')));
afterEach(() => closeTempStore({ dir, store }));

const papers = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => paperRecord(from + k));

describe('a full disk', () => {
  it('is STORAGE_FULL, and the batch that met it stays wholly out', async () => {
    await ingestRecords(store, papers(0, 10));
    const full = SqliteStore.open(dir, { roomForPages: 4 });
    try {
      const failed = ingestRecords(full, papers(10, 500));
      await expect(failed).rejects.toMatchObject({ code: 'STORAGE_FULL', message: 'the disk holding the library is full: free some space and try again' });
      expect((await full.stats()).papers).toBe(10);
      await expect(full.putArtifact('big', { version: 1, seq: 0, bytes: new Uint8Array(1 << 20) })).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    } finally {
      await full.close();
    }
  });
});

describe('the write lock', () => {
  it("makes this process's other writes wait for its holder, so its rollback never takes them along", async () => {
    let written = false;
    const failing = store.withWriteLock(async () => {
      void store.setSetting('colour', 'teal').then(() => (written = true));
      // Turns of the event loop go by: the write still waits.
      await new Promise((r) => setImmediate(r));
      expect(written).toBe(false);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    await expect.poll(() => written).toBe(true);
    expect(await store.getSetting('colour')).toBe('teal');
  });

  it('held by another connection: reads go on, a token is used and a derived save skipped, none waiting', async () => {
    await ingestRecords(store, papers(0, 3));
    const user = await store.createUser({ name: 'ann', passwordHash: 'x', admin: false });
    await store.createApiToken({ tokenHash: 'th', name: 'script', userId: user.id });
    const other = SqliteStore.open(dir);
    try {
      await other.withWriteLock(async () => {
        expect((await store.getPaper('2501.00001'))?.title).toMatch(/^Study 1 of /);
        expect((await store.useApiToken('th', '2026-01-01T00:00:00.000Z'))?.user.name).toBe('ann');
        expect(await store.putArtifact('index', () => ({ version: 1, seq: 3, bytes: new Uint8Array([1]) }), { ifIdle: true })).toBe(false);
      });
      expect(await store.getArtifact('index')).toBeUndefined();
      // The token's last use is a note, skipped while the lock was held.
      expect((await store.listApiTokens(user.id))[0]!.lastUsedAt).toBeFalsy();
      expect(await store.putArtifact('index', { version: 1, seq: 3, bytes: new Uint8Array([1]) }, { ifIdle: true })).toBe(true);
      expect((await store.useApiToken('th', '2026-01-02T00:00:00.000Z'))?.token.lastUsedAt).toBe('2026-01-02T00:00:00.000Z');
      // Written where the main connection reads it.
      expect((await store.listApiTokens(user.id)).map((t) => t.lastUsedAt)).toEqual(['2026-01-02T00:00:00.000Z']);
    } finally {
      await other.close();
    }
  });
});

describe('migrations', () => {
  it('leave a library another process created meanwhile as it is', () => {
    const file = path.join(dir, 'new', DATABASE_FILE);
    mkdirSync(path.dirname(file));
    const mine = new Database(file);
    const theirs = new Database(file);
    // This connection reads the version (0), then the other creates the whole schema before
    // this one applies its first migration.
    const interleaved = Object.assign([...MIGRATIONS], {
      [Symbol.iterator]: function* () {
        migrate(theirs);
        yield* MIGRATIONS;
      },
    });
    expect(migrate(mine, interleaved)).toBe(SCHEMA_VERSION);
    mine.close();
    theirs.close();
  });
});
