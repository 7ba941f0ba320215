import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.js';
import { closeTempStore, openTempStore } from '../test-support/temp-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => ({ dir, store } = openTempStore('paperboy-accounts-')));
afterEach(() => closeTempStore({ dir, store }));

describe('users, sessions and API tokens in the store', () => {
  it('keeps users with unique names (case-insensitive)', async () => {
    expect(await store.userCount()).toBe(0);
    const ada = await store.createUser({ name: 'Ada', passwordHash: 'scrypt$h', admin: true });
    expect(ada).toMatchObject({ name: 'Ada', admin: true, passwordHash: 'scrypt$h' });
    await expect(store.createUser({ name: 'ada', passwordHash: 'x', admin: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.userByName('ADA'))?.id).toBe(ada.id);
    expect((await store.userById(ada.id))?.name).toBe('Ada');
    expect(await store.userByName('nobody')).toBeUndefined();
    expect(await store.userCount()).toBe(1);
  });

  it('finds unexpired sessions by hash, deletes and prunes them', async () => {
    const ada = await store.createUser({ name: 'ada', passwordHash: 'x', admin: false });
    await store.createSession({ idHash: 'h1', userId: ada.id, expiresAt: '2030-01-01T00:00:00.000Z' });
    await store.createSession({ idHash: 'h2', userId: ada.id, expiresAt: '2020-01-01T00:00:00.000Z' });
    const now = '2025-01-01T00:00:00.000Z';
    expect((await store.sessionUser('h1', now))?.user.name).toBe('ada');
    expect(await store.sessionUser('h2', now)).toBeUndefined();
    expect(await store.pruneSessions(now)).toBe(1);
    await store.deleteSession('h1');
    expect(await store.sessionUser('h1', now)).toBeUndefined();
  });

  it('keeps API tokens by hash, records their use, and revokes only the owner’s', async () => {
    const ada = await store.createUser({ name: 'ada', passwordHash: 'x', admin: false });
    const bob = await store.createUser({ name: 'bob', passwordHash: 'x', admin: false });
    const token = await store.createApiToken({ tokenHash: 't1', name: 'laptop', userId: ada.id });
    expect(token).toMatchObject({ name: 'laptop', userId: ada.id });
    expect(token.lastUsedAt).toBeUndefined();
    const used = await store.useApiToken('t1', '2025-02-02T00:00:00.000Z');
    expect(used?.user.name).toBe('ada');
    expect(used?.token.lastUsedAt).toBe('2025-02-02T00:00:00.000Z');
    expect(await store.useApiToken('nope', '2025-02-02T00:00:00.000Z')).toBeUndefined();
    expect((await store.listApiTokens(ada.id)).map((t) => t.name)).toEqual(['laptop']);
    expect(await store.deleteApiToken(bob.id, token.id)).toBe(false);
    expect(await store.deleteApiToken(ada.id, token.id)).toBe(true);
    expect(await store.listApiTokens(ada.id)).toEqual([]);
  });
});
