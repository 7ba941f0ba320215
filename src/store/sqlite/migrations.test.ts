import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.js';
import { VERSION_4_REUSED_IDS, createLibraryAtVersion, runSql } from '../test-support/library-at-version.js';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from './sqlite-store.js';

let dir: string;
let store: SqliteStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-migrations-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 5: ids handed out are never given again', () => {
  it('keeps every row of a schema-4 library and starts subscription ids past every id a digest named', async () => {
    createLibraryAtVersion(dir, 4, VERSION_4_REUSED_IDS);
    store = SqliteStore.open(dir);

    expect((await store.listSubscriptions()).map((s) => [s.id, s.userId, s.kind, s.value, s.createdAt])).toEqual([
      [1, 1, 'search', 'dense retrieval', '2024-01-01T00:00:00.000Z'],
      [2, 2, 'search', 'private topic of bob', '2024-01-05T00:00:00.000Z'],
    ]);
    expect((await store.listUsers()).map((u) => [u.id, u.name, u.email])).toEqual([
      [1, 'ada', 'ada@example.org'],
      [2, 'bob', 'bob@example.org'],
    ]);
    // Nothing hanging off the users went with the rebuilt tables.
    expect((await store.sessionUser('hash-bob', '2025-01-01T00:00:00.000Z'))?.user.name).toBe('bob');
    expect((await store.listApiTokens(1)).map((t) => [t.id, t.name])).toEqual([[1, 'laptop']]);
    expect((await store.useApiToken('token-bob', '2025-01-01T00:00:00.000Z'))?.user.name).toBe('bob');
    expect(await store.upvotedBy(2, [1, 2])).toEqual(new Set([2]));
    expect(await store.sentPapers(1, [1, 2])).toEqual(new Set([1, 2]));

    // Subscription 3 was emailed and removed: its link may still be in an inbox, so 3 is never given again.
    const next = await store.createSubscription({ userId: 2, kind: 'author', value: 'Ana Müller' });
    expect(next.id).toBe(4);
    await store.deleteSubscription(next.id);
    expect((await store.createSubscription({ userId: 1, kind: 'author', value: 'Ana Müller' })).id).toBe(5);
    await expect(store.createSubscription({ userId: 1, kind: 'search', value: 'dense retrieval' })).rejects.toMatchObject({ code: 'CONFLICT' });

    // API token ids (in DELETE /api/tokens/:id) are not given again either.
    const token = await store.createApiToken({ tokenHash: 'token-ada-2', name: 'phone', userId: 1 });
    expect(token.id).toBe(3);
    await store.deleteApiToken(1, token.id);
    expect((await store.createApiToken({ tokenHash: 'token-bob-2', name: 'cron', userId: 2 })).id).toBe(4);

    // User ids are in "unsubscribe from all" links: a user row is never deleted, so no id comes back.
    expect(() => runSql(dir, 'DELETE FROM users WHERE id = 2')).toThrow(/never deleted/);
    expect((await store.userById(2))?.name).toBe('bob');
  });

  it('upgrades an empty schema-4 library: the first ids are 1', async () => {
    createLibraryAtVersion(dir, 4, `INSERT INTO users (id, name, password_hash, created_at) VALUES (1, 'ada', 'x', '2024-01-01T00:00:00.000Z');`);
    store = SqliteStore.open(dir);
    expect((await store.createSubscription({ userId: 1, kind: 'search', value: 'retrieval' })).id).toBe(1);
    expect((await store.createApiToken({ tokenHash: 'h', name: 'laptop', userId: 1 })).id).toBe(1);
  });
});

describe('migration 6: artifacts move out of the database into files', () => {
  it('writes each stored artifact to its own file, byte for byte with its version and seq, and drops the table', async () => {
    const big = Buffer.alloc(100_000, 7);
    big[99_999] = 1;
    createLibraryAtVersion(dir, 5, '');
    const db = new Database(path.join(dir, DATABASE_FILE));
    const put = db.prepare('INSERT INTO artifacts (name, version, seq, bytes, updated_at) VALUES (?, ?, ?, ?, ?)');
    put.run('builtin-embedding-model', 1, 42, big, '2024-01-01T00:00:00.000Z');
    put.run('lexical-bm25', 3, 41, Buffer.from([1, 2, 3]), '2024-01-01T00:00:00.000Z');
    db.close();

    store = SqliteStore.open(dir);
    const model = await store.getArtifact('builtin-embedding-model');
    expect([model?.version, model?.seq, Buffer.from(model!.bytes).equals(big)]).toEqual([1, 42, true]);
    const lexical = await store.getArtifact('lexical-bm25');
    expect([lexical?.version, lexical?.seq, [...lexical!.bytes]]).toEqual([3, 41, [1, 2, 3]]);
    expect(readdirSync(path.join(dir, 'artifacts')).sort()).toEqual(['builtin-embedding-model.artifact', 'lexical-bm25.artifact']);
    expect(() => runSql(dir, 'SELECT 1 FROM artifacts')).toThrow(/no such table/);
  });

  it('upgrades a library without artifacts, creating no files', async () => {
    createLibraryAtVersion(dir, 5, '');
    store = SqliteStore.open(dir);
    expect(await store.getArtifact('lexical-bm25')).toBeUndefined();
    expect(existsSync(path.join(dir, 'artifacts'))).toBe(false);
  });
});
