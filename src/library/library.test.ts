/**
 * The library's topic model in a server: built off the request thread. The worker thread is
 * replaced here by a build that waits for the test's go (and then builds on a store connection
 * of its own, as the worker does), so "while the build runs" is a state, not a race.
 * topics/topic-build-thread.test.ts tests the real worker.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../core/config.js';
import { ingestRecords } from '../store/test-support/temp-store.js';
import { themeCorpus } from '../topics/test-support/theme-corpus.js';
import { testEnv, type TestEnv } from '../http/test-support/test-app.js';
import { TOPICS_REBUILD_PAUSE_MS, TOPICS_RETRY_AFTER } from './library.js';

const builds = vi.hoisted(() => ({
  started: 0,
  /** The latest build: `go` lets it run (or fail with the error given). */
  last: undefined as { go: (failure?: Error) => void; done: Promise<void> } | undefined,
}));

vi.mock('../topics/topic-build-thread.js', async () => {
  const { openStore } = await import('../store/open-store.js');
  const { refreshTopicModel } = await import('../topics/topic-cache.js');
  return {
    buildTopicsInThread(config: Config) {
      builds.started++;
      let go!: (failure?: Error) => void;
      let settled = false;
      const done = new Promise<Error | undefined>((resolve) => (go = resolve))
        .then(async (failure) => {
          if (failure) throw failure;
          const store = openStore(config);
          try {
            await refreshTopicModel(store);
          } finally {
            await store.close();
          }
        })
        .finally(() => (settled = true));
      done.catch(() => undefined);
      builds.last = { go, done };
      return {
        done,
        get settled() {
          return settled;
        },
        stop: async () => undefined,
      };
    },
  };
});

/** Response JSON, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

let t: TestEnv;
beforeEach(async () => {
  builds.started = 0;
  t = await testEnv({ fixtures: [] });
  await ingestRecords(t.library.store, themeCorpus(12));
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

/** Moves the clock past the pause after a failed build. */
const pauseOver = () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + TOPICS_REBUILD_PAUSE_MS + 1000);
};

const get = async (path: string) => {
  const res = await t.app.request(path);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
};
const json = async (path: string) => JSON.parse((await get(path)).text) as JsonBody;

/**
 * Builds the first model, then doubles the library: past the rebuild threshold (1.5× the papers it
 * was built on), so the next topics request starts a rebuild. Returns the first model.
 */
async function builtThenDoubled() {
  await t.library.topics().catch(() => undefined);
  builds.last!.go();
  const first = (await t.library.topics({ wait: true }))!;
  await ingestRecords(t.library.store, themeCorpus(12, 12), '/more.jsonl');
  return first;
}

describe('topics in a server', () => {
  it('keep every other request answered while the first model is built, then serve it', async () => {
    const api = await get('/api/topics');
    expect(api.status).toBe(503);
    expect(api.retryAfter).toBe(String(TOPICS_RETRY_AFTER));
    expect((JSON.parse(api.text) as JsonBody).error.code).toBe('TOPICS_BUILDING');
    const page = await get('/topics');
    expect(page.status).toBe(503);
    expect(page.retryAfter).toBe(String(TOPICS_RETRY_AFTER));
    expect(page.text).toContain('<h1>Topics are being built</h1>');
    for (const path of ['/api/topics/any', '/api/map', '/map']) expect((await get(path)).status, path).toBe(503);
    // The page says so under the menu entry that was asked for.
    expect((await get('/map')).text).toContain('<a href="/map" aria-current="page">Map</a>');
    expect(page.text).toContain('<a href="/topics" aria-current="page">Topics</a>');
    // Trending shows its papers meanwhile, and says the topics are coming.
    const trending = await json('/api/trending');
    expect(trending).toMatchObject({ topics: [], topicsBuilding: true });
    expect(trending.papers.length).toBeGreaterThan(0);
    const trendingPage = await get('/trending');
    expect(trendingPage.status).toBe(200);
    expect(trendingPage.text).toContain('The topics are being built');
    // The rest of the library answers meanwhile.
    const search = await get('/api/search?q=galaxies');
    expect(search.status).toBe(200);
    expect((JSON.parse(search.text) as JsonBody).hits.length).toBeGreaterThan(0);
    expect((await get('/')).status).toBe(200);
    expect(builds.started).toBe(1);

    builds.last!.go();
    const model = (await t.library.topics({ wait: true }))!;
    expect(model.size).toBe(36);
    const topics = (await json('/api/topics')).topics as JsonBody[];
    expect(topics.map((x) => x.id)).toEqual(model.topics.map((x) => x.id));
    expect((await get(`/topics/${encodeURIComponent(topics[0]!.id as string)}`)).status).toBe(200);
    expect((await json(`/api/topics/${encodeURIComponent(topics[1]!.id as string)}`)).topic.papers).toBe(topics[1]!.papers);
    // Served from the built model now (only topics that grew trend, so the list may be empty).
    const built = await json('/api/trending');
    expect(built.topicsBuilding).toBe(false);
    expect(built.partialWeek).toEqual(model.weekRange().partial ?? null);
    for (const x of built.topics as JsonBody[]) expect(model.topics.map((m) => m.id)).toContain(x.id);
    expect(builds.started).toBe(1);
  });

  it('report a failed build, and build again only after a pause', async () => {
    expect((await get('/api/topics')).status).toBe(503);
    const failed = builds.last!;
    failed.go(new Error('out of memory'));
    await failed.done.catch(() => undefined);
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await get('/api/topics')).status).toBe(500);
      expect(String(log.mock.calls[0])).toContain('out of memory');
      // A build that failed is not started again at once: it could fail every time.
      expect((await get('/api/topics')).status).toBe(500);
      expect(builds.started).toBe(1);
    } finally {
      log.mockRestore();
    }
    pauseOver();
    expect((await get('/api/topics')).status).toBe(503);
    expect(builds.started).toBe(2);
  });

  it('keep the model in use when a rebuild fails', async () => {
    const before = await builtThenDoubled();
    expect((await get('/api/topics')).status).toBe(200);
    builds.last!.go(new Error('out of memory'));
    await builds.last!.done.catch(() => undefined);
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const after = await json('/api/topics');
      expect(after.topics.map((x: JsonBody) => x.id)).toEqual(before.topics.map((x) => x.id));
      expect(String(log.mock.calls[0])).toContain('out of memory');
    } finally {
      log.mockRestore();
    }
    expect(builds.started).toBe(2);
    pauseOver();
    expect((await get('/api/topics')).status).toBe(200);
    expect(builds.started).toBe(3);
  });

  it('keep answering with the model in use, new papers placed in it, while it is rebuilt', async () => {
    const before = await builtThenDoubled();
    const during = await json('/api/topics');
    expect(during.papers).toBe(72);
    expect(during.topics.map((x: JsonBody) => x.id)).toEqual(before.topics.map((x) => x.id));
    expect(builds.started).toBe(2);

    builds.last!.go();
    await builds.last!.done;
    const after = await json('/api/topics');
    expect(after.papers).toBe(72);
    expect(after.topics.map((x: JsonBody) => x.id)).not.toEqual(before.topics.map((x) => x.id));
    // An old topic's address leads to its successor.
    const old = await t.app.request(`/topics/${encodeURIComponent(before.topics[0]!.id)}`);
    expect(old.status).toBe(301);
  });
});
