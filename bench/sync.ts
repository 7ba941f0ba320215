/**
 * Benchmark (not a test): `paperboy sync` end to end against a local HTTP server that plays the
 * real arXiv listings of ../shared/datasets/arxiv-daily as arXiv API Atom pages (each distinct
 * paper once, newest first, pages of 1,000, as the API would page them), with no politeness
 * delay. Measures the first sync (papers/s, including HTTP, XML parsing and the ingest pipeline),
 * an incremental second run (its cursor stops it at the first page) and a full re-sync with
 * the cursor forgotten (every page again: idempotent, nothing may be added).
 */
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { arxivApiSource } from '../src/sync/arxiv-api.js';
import { runSync, type SourceReport } from '../src/sync/run-sync.js';
import { removeSource } from '../src/sync/sync-state.js';
import { peakRssMb, sharedDir, type BenchResult } from './bench-support.js';

const PAGE = 1000;

interface Row {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  categories: string[];
  date: string;
  comment?: string | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function atomPage(rows: Row[], start: number, total: number): Buffer {
  const entries = rows.map((r) => {
    const t = `${r.date}T12:00:00Z`;
    return `  <entry>
    <id>http://arxiv.org/abs/${r.id}v1</id>
    <updated>${t}</updated>
    <published>${t}</published>
    <title>${esc(r.title)}</title>
    <summary>${esc(r.summary)}</summary>
${r.authors.map((a) => `    <author><name>${esc(a)}</name></author>`).join('\n')}
${r.comment ? `    <arxiv:comment>${esc(r.comment)}</arxiv:comment>\n` : ''}    <link href="http://arxiv.org/abs/${r.id}v1" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="${r.categories[0]}"/>
${r.categories.map((c) => `    <category term="${c}"/>`).join('\n')}
  </entry>`;
  });
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title>arXiv Query</title>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>${start}</opensearch:startIndex>
  <opensearch:itemsPerPage>${PAGE}</opensearch:itemsPerPage>
${entries.join('\n')}
</feed>
`);
}

async function loadRows(dir: string): Promise<Row[]> {
  const byId = new Map<string, Row>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort()) {
    const lines = createInterface({ input: createReadStream(path.join(dir, f)).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Row;
      if (!byId.has(row.id)) byId.set(row.id, row);
    }
  }
  return [...byId.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

async function timed(run: () => Promise<SourceReport[]>): Promise<{ seconds: number; report: SourceReport }> {
  const t = performance.now();
  const [report] = await run();
  if (report!.error) throw new Error(report!.error.message);
  return { seconds: +((performance.now() - t) / 1000).toFixed(2), report: report! };
}

export async function benchSync(): Promise<BenchResult> {
  const dataDir = path.join(sharedDir(), 'datasets', 'arxiv-daily');
  if (!existsSync(dataDir)) return { name: 'sync', skipped: `no data at ${dataDir}` };
  const rows = await loadRows(dataDir);
  const pages = new Map<number, Buffer>();
  for (let start = 0; start < rows.length; start += PAGE) pages.set(start, atomPage(rows.slice(start, start + PAGE), start, rows.length));
  const empty = atomPage([], rows.length, rows.length);
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const start = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('start') ?? 0);
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    res.end(pages.get(start) ?? empty);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-sync-'));
  const store = SqliteStore.open(work);
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    const source = arxivApiSource({ kind: 'arxiv', categories: ['cs'], pageSize: PAGE, max: rows.length, baseUrl: base });
    const options = { today: '2026-11-22', http: { minDelayMs: 0 } };
    const first = await timed(() => runSync(store, [source], options));
    const firstRequests = requests;
    requests = 0;
    const second = await timed(() => runSync(store, [source], options));
    const secondRequests = requests;
    await removeSource(store, source.key);
    requests = 0;
    const full = await timed(() => runSync(store, [source], options));
    return {
      name: 'sync',
      data: { distinctPapers: rows.length, pages: pages.size, pageSize: PAGE, pageMB: +((pages.get(0)?.length ?? 0) / 2 ** 20).toFixed(2) },
      firstSync: {
        seconds: first.seconds,
        papersPerSecond: Math.round(first.report.records / first.seconds),
        requests: firstRequests,
        records: first.report.records,
        added: first.report.added,
        merged: first.report.merged,
      },
      incrementalSecondRun: { seconds: second.seconds, requests: secondRequests, added: second.report.added },
      fullResyncWithoutCursor: { seconds: full.seconds, requests, records: full.report.records, added: full.report.added, merged: full.report.merged },
      peakRssMB: peakRssMb(),
    };
  } finally {
    await store.close();
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
