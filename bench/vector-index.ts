/**
 * Benchmark (not a test): ExactIndex and HnswIndex on synthetic clustered unit vectors (no data
 * needed), 75k documents at 256 and 384 dimensions: build time, query latency (unfiltered and with
 * filters of several selectivities), recall@10 of HNSW against the exact scan, serialize and
 * deserialize time and size, and memory. Then the exact scan's latency by library size and HNSW's
 * recall by search expansion, which choose-index.ts's threshold and defaults rest on.
 *
 * The vectors: 1,000 random centres, each document a centre plus Gaussian noise of norm 1,
 * normalised (two documents of one cluster have cosine ~0.5, of two clusters ~0): a query's 10th
 * neighbour sits near cosine 0.55, as with sentence embeddings of abstracts. Queries are fresh
 * draws around the same centres. Random uniform vectors are not used: in 256 dimensions every
 * pair is near-orthogonal, which no embedding model produces and which makes recall meaningless.
 */
import os from 'node:os';
import { ExactIndex } from '../src/vector/exact-index.js';
import { HnswIndex } from '../src/vector/hnsw-index.js';
import type { VectorHit, VectorIndex } from '../src/vector/vector-index.js';
import { clusteredVectors } from '../src/vector/test-support/clustered-vectors.js';
import { peakRssMb, percentile, type BenchResult } from './bench-support.js';

const DOCS = 75_000;
const QUERIES = 200;
const K = 10;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number, digits = 2) => +x.toFixed(digits);
/** Resident set in MB, after a full GC when node runs with --expose-gc (else GC noise shows). */
const rssMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 2 ** 20);
};
/** CPU time of the whole process (all threads, usearch's included) since `from`, in ms. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return Math.round((u.user + u.system) / 1000);
};

function timeQueries(queries: Float32Array[], run: (q: Float32Array) => VectorHit[]): { p50: number; p95: number; results: VectorHit[][] } {
  for (const q of queries.slice(0, 10)) run(q); // warm-up
  const times: number[] = [];
  const results: VectorHit[][] = [];
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    results.push(run(q));
    times.push(ms(t0));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), results };
}

function recallAt(found: VectorHit[][], truth: VectorHit[][]): number {
  let hit = 0;
  let all = 0;
  found.forEach((f, i) => {
    const want = new Set(truth[i]!.map((h) => h.docId));
    hit += f.filter((h) => want.has(h.docId)).length;
    all += want.size;
  });
  return round(hit / all, 4);
}

const FILTERS: Record<string, (docId: number) => boolean> = {
  '0.5%': (id) => id % 200 === 3,
  '5%': (id) => id % 20 === 3,
  '10%': (id) => id % 10 === 3,
  '50%': (id) => id % 2 === 1,
};

function timeRoundTrip<T extends VectorIndex>(index: T, deserialize: (b: Uint8Array) => T) {
  let t0 = process.hrtime.bigint();
  const bytes = index.serialize();
  const serializeMs = round(ms(t0), 1);
  const rssBefore = rssMb();
  t0 = process.hrtime.bigint();
  const copy = deserialize(Buffer.from(bytes)); // a Buffer, as the store returns
  const deserializeMs = round(ms(t0), 1);
  return { copy, bytesMB: round(bytes.length / 2 ** 20, 1), serializeMs, deserializeMs, deserializeRssDeltaMB: rssMb() - rssBefore };
}

async function benchDimensions(d: number): Promise<Record<string, unknown>> {
  const drawn = clusteredVectors(DOCS + QUERIES, d, 1000, 1, d);
  const vectors = drawn.slice(0, DOCS);
  const queries = drawn.slice(DOCS);
  const docIds = vectors.map((_, i) => i + 1);

  // Exact.
  let rss0 = rssMb();
  let t0 = process.hrtime.bigint();
  const exact = new ExactIndex(d);
  exact.upsert(docIds, vectors);
  const exactBuildMs = round(ms(t0), 1);
  const exactRssMB = rssMb() - rss0;
  const exactPlain = timeQueries(queries, (q) => exact.search(q, K));
  const exactFiltered: Record<string, unknown> = {};
  const truthFiltered: Record<string, VectorHit[][]> = {};
  for (const [name, f] of Object.entries(FILTERS)) {
    const r = timeQueries(queries, (q) => exact.search(q, K, f));
    exactFiltered[name] = { p50: r.p50, p95: r.p95 };
    truthFiltered[name] = r.results;
  }
  const exactTrip = timeRoundTrip(exact, (b) => ExactIndex.deserialize(b));
  const exactIdentical = queries.slice(0, 50).every((q) => JSON.stringify(exactTrip.copy.search(q, K)) === JSON.stringify(exact.search(q, K)));
  const tenth = exactPlain.results.reduce((s, r) => s + r[K - 1]!.score, 0) / QUERIES;

  // HNSW, default options.
  rss0 = rssMb();
  t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const hnsw = new HnswIndex(d);
  hnsw.upsert(docIds, vectors);
  const copyMs = round(ms(t0), 1);
  hnsw.flush();
  const hnswBuildMs = round(ms(t0), 1);
  const hnswBuildCpuMs = cpuMs(cpu0);
  const hnswRssMB = rssMb() - rss0;
  const hnswPlain = timeQueries(queries, (q) => hnsw.search(q, K));
  const hnswFiltered: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(FILTERS)) {
    const r = timeQueries(queries, (q) => hnsw.search(q, K, f));
    hnswFiltered[name] = { p50: r.p50, p95: r.p95, recallAt10: recallAt(r.results, truthFiltered[name]!) };
  }
  const hnswTrip = timeRoundTrip(hnsw, (b) => HnswIndex.deserialize(b));
  const hnswIdentical = queries.slice(0, 50).every((q) => JSON.stringify(hnswTrip.copy.search(q, K)) === JSON.stringify(hnsw.search(q, K)));

  // Recall and latency by search expansion (a query-time setting: reloaded from the same bytes).
  const bytes = hnsw.serialize();
  const byExpansion: Record<string, unknown> = {};
  for (const ef of [16, 32, 64, 128, 256]) {
    const index = HnswIndex.deserialize(bytes, { expansionSearch: ef });
    const r = timeQueries(queries, (q) => index.search(q, K));
    byExpansion[`ef${ef}`] = { p50: r.p50, p95: r.p95, recallAt10: recallAt(r.results, exactPlain.results) };
  }

  return {
    dimensions: d,
    docs: DOCS,
    meanTenthNeighbourCosine: round(tenth, 3),
    exact: {
      buildMs: exactBuildMs,
      rssDeltaMB: exactRssMB,
      query: { p50: exactPlain.p50, p95: exactPlain.p95 },
      filtered: exactFiltered,
      bytesMB: exactTrip.bytesMB,
      serializeMs: exactTrip.serializeMs,
      deserializeMs: exactTrip.deserializeMs,
      deserializeRssDeltaMB: exactTrip.deserializeRssDeltaMB,
      roundTripIdentical: exactIdentical,
    },
    hnsw: {
      options: hnsw.options,
      buildMs: hnswBuildMs,
      copyIntoIndexMs: copyMs,
      buildMsPerDoc: round(hnswBuildMs / DOCS, 3),
      buildCpuMs: hnswBuildCpuMs,
      rssDeltaMB: hnswRssMB,
      query: { p50: hnswPlain.p50, p95: hnswPlain.p95, recallAt10: recallAt(hnswPlain.results, exactPlain.results) },
      filtered: hnswFiltered,
      bytesMB: hnswTrip.bytesMB,
      serializeMs: hnswTrip.serializeMs,
      deserializeMs: hnswTrip.deserializeMs,
      deserializeRssDeltaMB: hnswTrip.deserializeRssDeltaMB,
      roundTripIdentical: hnswIdentical,
      byExpansion,
    },
  };
}

/** The exact scan's latency by library size, for choose-index's threshold. */
function exactBySize(d: number, sizes: number[]): Record<string, unknown> {
  const max = sizes[sizes.length - 1]!;
  const drawn = clusteredVectors(max + QUERIES, d, 1000, 1, 11);
  const queries = drawn.slice(max);
  const out: Record<string, unknown> = {};
  for (const n of sizes) {
    const index = new ExactIndex(d);
    index.upsert(
      Array.from({ length: n }, (_, i) => i),
      drawn.slice(0, n),
    );
    const r = timeQueries(queries, (q) => index.search(q, K));
    out[`n${n}`] = { p50: r.p50, p95: r.p95 };
  }
  return out;
}

export async function benchVectorIndex(): Promise<BenchResult> {
  const result: BenchResult = { name: 'vector-index', loadAverageAtStart: os.loadavg().map((x) => round(x, 1)) };
  for (const d of [256, 384]) {
    process.stderr.write(`  ${DOCS} x ${d} …\n`);
    result[`d${d}`] = await benchDimensions(d);
  }
  process.stderr.write('  exact scan by size …\n');
  result.exactBySize256 = exactBySize(256, [2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000]);
  result.exactBySize384 = exactBySize(384, [5_000, 20_000, 50_000, 100_000]);
  result.peakRssMB = peakRssMb();
  result.loadAverageAtEnd = os.loadavg().map((x) => round(x, 1));
  return result;
}
