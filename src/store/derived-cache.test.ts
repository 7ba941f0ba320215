import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshDerived, type DerivedKind } from './derived-cache.js';
import type { SqliteStore } from './sqlite/sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from './test-support/temp-store.js';

/** A toy derived value: the titles seen, in order of application. */
const kind = (version = 1): DerivedKind<string[]> => ({
  name: 'titles',
  version,
  empty: () => [],
  deserialize: (b) => {
    const v = JSON.parse(new TextDecoder().decode(b)) as unknown;
    if (!Array.isArray(v)) throw new Error('bad');
    return v as string[];
  },
  serialize: (v) => new TextEncoder().encode(JSON.stringify(v)),
  apply: (v, doc) => void v.push(doc.title),
});

let dir: string;
let store: SqliteStore;
beforeEach(() => ({ dir, store } = openTempStore('paperboy-derived-')));
afterEach(() => closeTempStore({ dir, store }));

const add = (title: string) => ingestRecords(store, [{ title, abstract: `${title} abstract` }], '/f', 'csv');

describe('derived cache', () => {
  it('builds, saves, then catches up only with papers changed since', async () => {
    await add('First Paper Title Here');
    expect(await refreshDerived(store, kind())).toEqual(['First Paper Title Here']);
    await add('Second Paper Title Here');
    // Loaded from the artifact, plus the one paper written after it.
    expect(await refreshDerived(store, kind())).toEqual(['First Paper Title Here', 'Second Paper Title Here']);
    expect((await store.getArtifact('titles'))?.seq).toBe(await store.currentSeq());
  });

  it('rebuilds from scratch when the cached version is unknown or the bytes are corrupt', async () => {
    await add('First Paper Title Here');
    await store.putArtifact('titles', { version: 1, seq: await store.currentSeq(), bytes: new TextEncoder().encode('"not a list"') });
    expect(await refreshDerived(store, kind())).toEqual(['First Paper Title Here']);
    expect(await refreshDerived(store, kind(2))).toEqual(['First Paper Title Here']);
  });
});
