/**
 * Benchmark (not a test): the web app over the real arXiv library (../shared/datasets/arxiv-daily,
 * ~75,000 papers; not embedded, so search is lexical and related papers are "more like this").
 *
 * (a) Page render times in process (`app.request()`, no sockets): the home page, the busiest day,
 *     a week, 200 paper pages and 100 search pages. Targets: p50 < 20 ms.
 * (b) The real server (`paperboy serve`, a child process on loopback) under autocannon: 10
 *     connections for 20 s on GET /api/search, rotating over bench/queries.txt. Targets: at least
 *     300 requests/s, p99 < 100 ms.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/core/config.js';
import { createApp } from '../src/http/app.js';
import { Library } from '../src/library/library.js';
import { refreshLexicalIndex } from '../src/search/lexical-cache.js';
import { ingestListings, listingFiles, peakRssMb, startServer, stopServer, timingSummary, type BenchResult } from './bench-support.js';
import { loadQueries } from './ingest-search.js';

/** The part of autocannon's programmatic API used here (it ships no types). */
interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests?: AutocannonRequest[] }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;


export async function benchWeb(): Promise<BenchResult> {
  const listings = listingFiles();
  if (listings.skipped !== undefined) return { name: 'web', skipped: listings.skipped };
  const { files } = listings;
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-web-'));
  const lib = path.join(work, 'library');
  let server: ChildProcess | undefined;
  try {
    // The library: the real pipeline, then the lexical index (no embeddings).
    const library = Library.open(loadConfig({ data: lib, env: { PAPERBOY_TODAY: '2026-11-22' } }));
    const t0 = performance.now();
    await ingestListings(library.store, files, '2026-11-22');
    const ingestSecs = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await refreshLexicalIndex(library.store);
    const indexSecs = (performance.now() - t1) / 1000;
    const papers = (await library.store.stats()).papers;

    // (a) Render times in process.
    const app = createApp(library);
    const get = async (url: string) => {
      const t = performance.now();
      const res = await app.request(url);
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
      return { ms, bytes: body.length };
    };
    const timeAll = async (urls: string[]) => {
      const times: number[] = [];
      let bytes = 0;
      for (const u of urls) {
        const r = await get(u);
        times.push(r.ms);
        bytes += r.bytes;
      }
      return { ...timingSummary(times), avgKB: +(bytes / urls.length / 1024).toFixed(1) };
    };
    const days = await library.store.dayCounts('0000-01-01', '9999-12-31');
    const busiest = days.reduce((a, b) => (b.papers > a.papers ? b : a));
    // 200 papers from 20 days spread over the listing, 10 each.
    const paperIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const day = days[Math.floor((i * days.length) / 20)]!.date;
      const { items } = await library.store.listByDate({ from: day, to: day, sort: 'upvotes', limit: 10 });
      paperIds.push(...items.map((it) => it.paper.id));
    }
    const queries = loadQueries();
    const warm = performance.now();
    await get('/'); // first request: CSRF secret, lexical index load
    await get(`/paper/${encodeURIComponent(paperIds[0]!)}`);
    const firstRequestsMs = performance.now() - warm;
    const render = {
      home: await timeAll(Array.from({ length: 50 }, () => '/')),
      busiestDay: { date: busiest.date, papers: busiest.papers, ...(await timeAll(Array.from({ length: 50 }, () => `/day/${busiest.date}`))) },
      week: await timeAll(Array.from({ length: 20 }, () => `/week/${busiest.date}`)),
      paper: await timeAll(paperIds.map((id) => `/paper/${encodeURIComponent(id)}`)),
      search: await timeAll(queries.map((q) => `/search?q=${encodeURIComponent(q)}`)),
      firstRequestsMs: +firstRequestsMs.toFixed(1),
    };
    await library.close();

    // (b) The real server under load.
    const started = await startServer(lib);
    server = started.child;
    for (const q of queries) await fetch(`${started.url}/api/search?q=${encodeURIComponent(q)}`).then((r) => r.arrayBuffer()); // warm-up
    let next = 0;
    const load = await autocannon({
      url: started.url,
      connections: 10,
      duration: 20,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `/api/search?q=${encodeURIComponent(queries[next++ % queries.length]!)}` }),
        },
      ],
    });
    await stopServer(server);
    server = undefined;

    const api = {
      connections: 10,
      seconds: load.duration,
      requests: load.requests.total,
      requestsPerSecond: +load.requests.average.toFixed(1),
      latency: { p50ms: load.latency.p50, p90ms: load.latency.p90, p99ms: load.latency.p99, maxms: load.latency.max, meanms: +load.latency.mean.toFixed(2) },
      errors: load.errors,
      timeouts: load.timeouts,
      non2xx: load.non2xx,
    };
    return {
      name: 'web',
      library: { papers, files: files.length, ingestSeconds: +ingestSecs.toFixed(1), indexSeconds: +indexSecs.toFixed(1), embedded: false },
      render,
      apiSearchUnderLoad: api,
      peakRssMB: peakRssMb(),
      loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
      targets: {
        'home p50 < 20 ms': render.home.p50ms < 20,
        'day p50 < 20 ms': render.busiestDay.p50ms < 20,
        'paper p50 < 20 ms': render.paper.p50ms < 20,
        'api/search >= 300 req/s': api.requestsPerSecond >= 300,
        'api/search p99 < 100 ms': api.latency.p99ms < 100,
        'no errors': api.errors === 0 && api.non2xx === 0 && api.timeouts === 0,
      },
    };
  } finally {
    if (server) await stopServer(server);
    rmSync(work, { recursive: true, force: true });
  }
}

// `npx tsx bench/web.ts` runs it alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchWeb();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
