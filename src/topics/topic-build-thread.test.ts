import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { loadDerived } from '../store/derived-cache.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { themeCorpus } from './test-support/theme-corpus.js';
import { buildTopicsInThread } from './topic-build-thread.js';
import { TOPIC_MODEL } from './topic-cache.js';

let t: { dir: string; store: SqliteStore };
beforeEach(() => {
  t = openTempStore('paperboy-topic-build-');
});
afterEach(() => closeTempStore(t));

describe('buildTopicsInThread', () => {
  it('builds the model in a worker thread and saves it in the library', async () => {
    await ingestRecords(t.store, themeCorpus(10));
    const build = buildTopicsInThread(loadConfig({ data: t.dir, env: {} }));
    expect(build.settled).toBe(false);
    await build.done;
    expect(build.settled).toBe(true);
    const saved = await loadDerived(t.store, TOPIC_MODEL);
    expect(saved.seq).toBe(await t.store.currentSeq());
    expect(saved.value?.size).toBe(30);
  });

  it('saves nothing when stopped', async () => {
    await ingestRecords(t.store, themeCorpus(10));
    const build = buildTopicsInThread(loadConfig({ data: t.dir, env: {} }));
    await build.stop();
    await expect(build.done).rejects.toThrow(/topics worker stopped/);
    expect((await loadDerived(t.store, TOPIC_MODEL)).value).toBeUndefined();
  });
});
