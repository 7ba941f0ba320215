/**
 * Benchmark (not a test): topics in `paperboy serve` on the ~75,000 real arXiv papers (not
 * embedded, so topics are clustered on TF-IDF). Ingests the listings, or copies the library at
 * $PAPERBOY_TOPICS_SERVE_LIBRARY (its topic model is then discarded in the copy).
 *
 * (a) The first topics request of a server whose library has no topic model: the real server (a
 *     child process on loopback) is asked GET /api/topics, and meanwhile GET /api/search, one
 *     request after another, until the topics answer 200. Reports how long the topics took and
 *     the search latencies during the build: a server that builds in its own thread stops
 *     answering for the whole build.
 * (b) Topic pages in process (`app.request()`) once the model is built: one topic's page and API
 *     against the list's, and what they compute (topicOverview of every topic, and of one),
 *     beside the cost of the path a topic's page took before: every topic's series, each
 *     topic's papers found by a pass of its own.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/core/config.js';
import { createApp } from '../src/http/app.js';
import { Library } from '../src/library/library.js';
import { refreshLexicalIndex } from '../src/search/lexical-cache.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { TOPIC_MODEL } from '../src/topics/topic-cache.js';
import { topicOverview } from '../src/topics/topic-report.js';
import { ingestListings, listingFiles, startServer, stopServer, timingSummary, type BenchResult } from './bench-support.js';
import { loadQueries } from './ingest-search.js';

const TODAY = '2026-11-22';
/** Longest the first build may take before the benchmark gives up. */
const BUILD_LIMIT_MS = 15 * 60_000;

const loadAverage = () => os.loadavg().map((x) => +x.toFixed(2));

/** The library to measure, in `lib`: a copy of the one given, else the listings ingested. */
async function prepareLibrary(lib: string): Promise<{ skipped: string } | { ingestSeconds?: number }> {
  const given = process.env.PAPERBOY_TOPICS_SERVE_LIBRARY;
  if (given) {
    mkdirSync(lib, { recursive: true });
    for (const f of readdirSync(given).filter((f) => f.startsWith('library.sqlite'))) copyFileSync(path.join(given, f), path.join(lib, f));
    return {};
  }
  const listings = listingFiles();
  if (listings.skipped !== undefined) return { skipped: listings.skipped };
  const { files } = listings;
  const store = SqliteStore.open(lib);
  const t = performance.now();
  await ingestListings(store, files, TODAY);
  await store.close();
  return { ingestSeconds: +((performance.now() - t) / 1000).toFixed(1) };
}

/** (a) The first topics request, and /api/search answered one after another meanwhile. */
async function firstBuild(lib: string) {
  const { url, child } = await startServer(lib);
  try {
    const queries = loadQueries();
    for (const q of queries) await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`).then((r) => r.arrayBuffer()); // warm-up
    const t0 = performance.now();
    let ready: number | undefined;
    let firstStatus: number | undefined;
    const first = fetch(`${url}/api/topics`).then(async (r) => {
      firstStatus = r.status;
      await r.arrayBuffer();
      if (r.status === 200) ready ??= performance.now();
      return performance.now() - t0;
    });
    const search: number[] = [];
    let lastPoll = 0;
    for (let i = 0; ready === undefined; i++) {
      if (performance.now() - t0 > BUILD_LIMIT_MS) throw new Error('the topics were not ready in time');
      const t = performance.now();
      await fetch(`${url}/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}`).then((r) => r.arrayBuffer());
      // Every search asked before the topics were ready counts, however late its answer.
      if (ready === undefined || ready > t) search.push(performance.now() - t);
      // Until then the topics answer 503 (building): ask again every 2 s, as Retry-After would.
      if (firstStatus === 503 && ready === undefined && performance.now() - lastPoll > 2000) {
        lastPoll = performance.now();
        const r = await fetch(`${url}/api/topics`);
        await r.arrayBuffer();
        if (r.status === 200) ready = performance.now();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return {
      firstTopicsResponse: { status: firstStatus, ms: +(await first).toFixed(0) },
      topicsReadySeconds: +((ready - t0) / 1000).toFixed(1),
      apiSearchDuringBuild: timingSummary(search),
    };
  } finally {
    await stopServer(child);
  }
}

/** (b) One topic's page and API against the list's, in process. */
async function topicPages(lib: string) {
  const library = Library.open(loadConfig({ data: lib, env: { PAPERBOY_TODAY: TODAY } }));
  try {
    const app = createApp(library);
    const model = (await library.topics())!;
    // The largest topic and a small one.
    const counts = model.counts();
    const largest = model.topics[counts.indexOf(Math.max(...counts))]!.id;
    const smallest = model.topics[counts.indexOf(Math.min(...counts))]!.id;
    const compute = (f: () => unknown, n = 30) => {
      const times: number[] = [];
      for (let i = 0; i < n + 1; i++) {
        const t = performance.now();
        f();
        if (i > 0) times.push(performance.now() - t);
      }
      return timingSummary(times);
    };
    const time = async (url: string, n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n + 1; i++) {
        const t = performance.now();
        const res = await app.request(url);
        await res.text();
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        if (i > 0) times.push(performance.now() - t); // the first is a warm-up
      }
      return timingSummary(times);
    };
    return {
      papers: model.size,
      topics: model.topics.length,
      overviewAll: compute(() => topicOverview(model)),
      overviewOne: compute(() => topicOverview(model, [0])),
      baselineEveryTopicOwnPass: compute(() => {
        const range = model.weekRange();
        return model.topics.map((_, t) => model.series(model.rowsOf([t])[0]!, range));
      }),
      apiTopicLargest: await time(`/api/topics/${largest}`, 30),
      apiTopicSmallest: await time(`/api/topics/${smallest}`, 30),
      pageTopicLargest: await time(`/topics/${largest}`, 30),
      apiTopics: await time('/api/topics', 10),
      pageTopics: await time('/topics', 10),
    };
  } finally {
    await library.close();
  }
}

export async function benchTopicsServe(): Promise<BenchResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-topics-serve-'));
  const lib = path.join(work, 'library');
  try {
    const prepared = await prepareLibrary(lib);
    if ('skipped' in prepared) return { name: 'topics-serve', skipped: prepared.skipped };
    // No topic model (an unknown version is discarded), and the lexical index ready.
    const store = SqliteStore.open(lib);
    await store.putArtifact(TOPIC_MODEL.name, { version: 0, seq: 0, bytes: new Uint8Array() });
    await refreshLexicalIndex(store);
    const papers = (await store.stats()).papers;
    await store.close();
    const loadBefore = loadAverage();
    const build = await firstBuild(lib);
    const pages = await topicPages(lib);
    return { name: 'topics-serve', papers, ...prepared, firstBuild: build, topicPages: pages, loadAverage: { before: loadBefore, after: loadAverage() } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `npx tsx bench/topics-serve.ts` runs it alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchTopicsServe();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
