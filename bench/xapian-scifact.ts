/**
 * Benchmark (not a test): SciFact train (BEIR) with Xapian BM25 as a peer, in the same run.
 * paperboy: the corpus through the real ingest pipeline and lexical index (eval/run-eval.ts),
 * claims through the product's search (query language) and as a plain OR of their words.
 * Xapian 1.4 (bench/xapian_bm25.py): title weight 2 + text, English stemming, OR of the stemmed
 * query terms, the same k1 0.9 / b 0.4. Both are scored by eval/metrics.ts. Reports nDCG@10,
 * Recall@100, MRR@10, query latency p50/p95 and index build time for each.
 * Skips with a message when ../shared or python3-xapian is absent.
 * Run alone: npx tsx bench/xapian-scifact.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readQrels, readQueries } from '../src/eval/beir.js';
import { aggregate, isJudged, scoreQuery } from '../src/eval/metrics.js';
import { buildEvalLibrary, DEPTH, evaluate, lexicalRetriever, type EvalReport, type Retrieve } from '../src/eval/run-eval.js';
import { refreshLexicalIndex } from '../src/search/lexical-cache.js';
import { parseQuery } from '../src/search/query-parser.js';
import { percentile, sharedDir, type BenchResult } from './bench-support.js';

const NAME = 'xapian-scifact';
const here = path.dirname(fileURLToPath(import.meta.url));
/** Queries run before timing, so JIT compilation is not measured (Xapian is compiled C++). */
const WARM_UP = 100;
const round = (x: number, digits = 4) => +x.toFixed(digits);

/** A Python that can import xapian: $PAPERBOY_PYTHON, python3, or Debian's own (pyenv shims hide it). */
function findPython(): string | undefined {
  const candidates = [process.env.PAPERBOY_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  return candidates.find((py) => spawnSync(py, ['-c', 'import xapian'], { stdio: 'ignore' }).status === 0);
}

function figures(report: Pick<EvalReport, 'metrics' | 'latenciesMs'>) {
  const m = report.metrics;
  return {
    'ndcg@10': round(m['ndcg@10']),
    'recall@100': round(m['recall@100']),
    'mrr@10': round(m['mrr@10']),
    queries: m.queries,
    p50ms: percentile(report.latenciesMs, 50),
    p95ms: percentile(report.latenciesMs, 95),
  };
}

export async function benchXapianScifact(): Promise<BenchResult> {
  const dir = path.join(sharedDir(), 'datasets', 'scifact');
  const files = { corpus: path.join(dir, 'corpus.jsonl'), queries: path.join(dir, 'queries-train.jsonl'), qrels: path.join(dir, 'qrels-train.tsv') };
  const absent = Object.values(files).find((f) => !existsSync(f));
  if (absent) return { name: NAME, skipped: `no SciFact data: ${absent} is missing` };
  const python = findPython();
  if (!python) return { name: NAME, skipped: 'python3-xapian is not installed (Debian: apt-get install python3-xapian)' };

  const queries = await readQueries(files.queries);
  const qrels = await readQrels(files.qrels);
  const judged = queries.filter((q) => isJudged(qrels.get(q.id)));
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-xapian-'));
  try {
    // Xapian: the same judged queries, in the same order.
    const judgedFile = path.join(work, 'queries.jsonl');
    writeFileSync(judgedFile, judged.map((q) => JSON.stringify({ _id: q.id, text: q.text })).join('\n') + '\n');
    const run = spawnSync(python, [path.join(here, 'xapian_bm25.py'), files.corpus, judgedFile, String(DEPTH)], {
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
    });
    if (run.status !== 0) throw new Error(`xapian_bm25.py failed (${run.status}): ${run.stderr}`);
    const xapian = JSON.parse(run.stdout) as { version: string; buildSeconds: number; runs: Record<string, string[]>; latenciesMs: number[] };
    const xapianMetrics = aggregate(judged.map((q) => scoreQuery(xapian.runs[q.id] ?? [], qrels.get(q.id)!)));

    // paperboy.
    const library = await buildEvalLibrary(files.corpus, { today: '2026-11-22' });
    try {
      const timed = async (retrieve: Retrieve) => {
        for (const q of judged.slice(0, WARM_UP)) await retrieve(q.text);
        return evaluate(library, queries, qrels, retrieve);
      };
      const parsed = await timed(await lexicalRetriever(library));
      const plain = await timed(await lexicalRetriever(library, { plain: true }));
      // The index alone, as Xapian's figure is: no paper loading, no snippets.
      const index = await refreshLexicalIndex(library.store);
      const rankOnly: number[] = [];
      for (const q of judged.slice(0, WARM_UP)) index.search(parseQuery(q.text).lexical, { limit: DEPTH });
      for (const q of judged) {
        const t = performance.now();
        index.search(parseQuery(q.text).lexical, { limit: DEPTH });
        rankOnly.push(performance.now() - t);
      }
      return {
        name: NAME,
        data: { docs: library.docs, queries: judged.length, split: 'train' },
        paperboy: {
          ingestSeconds: round(library.ingestSeconds, 2),
          indexSeconds: round(library.indexSeconds, 2),
          papers: library.papers,
          mergesByReason: library.mergesByReason,
          search: figures(parsed),
          searchPlainOr: figures(plain),
          rankOnly: { p50ms: percentile(rankOnly, 50), p95ms: percentile(rankOnly, 95) },
        },
        xapian: {
          version: xapian.version,
          settings: 'BM25 k1 0.9 b 0.4, title wdf x2 + text, English stemming (STEM_ALL), OR of query terms',
          buildSeconds: round(xapian.buildSeconds, 2),
          ...figures({ metrics: xapianMetrics, latenciesMs: xapian.latenciesMs }),
        },
      };
    } finally {
      await library.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchXapianScifact(), null, 2)}\n`);
}
