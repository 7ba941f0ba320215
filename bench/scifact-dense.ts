/**
 * SciFact (BEIR) train split: nDCG@10 of BM25, of the built-in embedding model trained on the
 * corpus alone (never on claims or qrels), and of their fusions (each at its best weight, and that
 * weight checked two-fold: tuned on the even claims and scored on the odd ones, and vice versa);
 * plus train time and embedding throughput. `npm run bench scifact-dense` records the defaults;
 * alone, `npx tsx bench/scifact-dense.ts ['{"epochs": 6, ...}']` tries other TrainOptions.
 * Skips with a message when the shared datasets are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainStaticModel, type TrainOptions } from '../src/embeddings/builtin/train.js';
import { Bm25Index } from '../src/lexical/bm25-index.js';
import { minMaxFusion, type ScoredHit, weightedRrf, zScoreFusion } from '../src/rank/fusion.js';
import { tokenize } from '../src/text/analyze.js';
import { toPlainText } from '../src/text/normalise.js';
import { sharedDir, type BenchResult } from './bench-support.js';

const NAME = 'scifact-dense';
const DIR = path.join(sharedDir(), 'datasets', 'scifact');
const DEPTH = 100; // candidates taken from each list before fusion

interface Doc {
  id: string;
  title: string;
  text: string;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** trec_eval's ndcg_cut.10: gain = relevance, discount log2(rank + 1), ideal from the qrels. */
export function ndcgAt10(ranked: string[], rels: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    dcg += (rels.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...rels.values()].sort((x, y) => y - x).slice(0, 10);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export async function benchScifactDense(options: TrainOptions = {}): Promise<BenchResult> {
  if (!existsSync(path.join(DIR, 'corpus.jsonl'))) return { name: NAME, skipped: `no SciFact data at ${DIR}` };
  const corpus = readJsonl<{ _id: string; title: string; text: string }>(path.join(DIR, 'corpus.jsonl')).map(
    (d): Doc => ({ id: d._id, title: toPlainText(d.title), text: toPlainText(d.text) }),
  );
  const queries = readJsonl<{ _id: string; text: string }>(path.join(DIR, 'queries-train.jsonl'));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(path.join(DIR, 'qrels-train.tsv'), 'utf8').split('\n').slice(1)) {
    const [q, d, s] = line.split('\t');
    if (!q || !d || !s) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(s));
  }
  const judged = queries.filter((q) => qrels.has(q._id));

  // Lexical.
  const bm25 = new Bm25Index();
  corpus.forEach((d, i) => bm25.upsert(i, { title: d.title, body: d.text }));
  const lexical = judged.map((q) =>
    bm25.search({ should: tokenize(q.text), must: [], mustNot: [], prefixes: [] }, { limit: DEPTH }),
  );

  // Dense.
  let t0 = performance.now();
  let lastLog = 0;
  const model = trainStaticModel(
    corpus.map((d) => ({ title: d.title, abstract: d.text })),
    options,
    (p) => {
      const now = performance.now();
      if (now - lastLog > 5000) {
        lastLog = now;
        process.stderr.write(`  epoch ${p.epoch + 1}/${p.epochs} ${(p.done * 100).toFixed(0)}% loss ${p.loss.toFixed(3)}\n`);
      }
    },
  );
  const trainSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const docVecs = model.embed(corpus.map((d) => `${d.title}\n${d.text}`));
  const embedSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  model.embed(corpus.map((d) => `${d.title}\n${d.text}`));
  const warmEmbedSeconds = (performance.now() - t0) / 1000;
  const queryVecs = model.embed(judged.map((q) => q.text));
  const dim = model.dimensions;
  const docMatrix = new Float32Array(corpus.length * dim);
  docVecs.forEach((v, i) => docMatrix.set(v, i * dim));
  const denseScores = (qv: Float32Array): Float64Array => {
    const out = new Float64Array(corpus.length);
    for (let i = 0; i < corpus.length; i++) {
      let s = 0;
      const base = i * dim;
      for (let k = 0; k < dim; k++) s += qv[k]! * docMatrix[base + k]!;
      out[i] = s;
    }
    return out;
  };
  const allDense = queryVecs.map(denseScores);
  const dense = allDense.map((scores) => topK(scores, DEPTH));

  const evaluate = (runs: ScoredHit[][], subset?: number[]) => {
    const idx = subset ?? judged.map((_, i) => i);
    let sum = 0;
    for (const i of idx) sum += ndcgAt10(runs[i]!.map((h) => corpus[h.docId]!.id), qrels.get(judged[i]!._id)!);
    return sum / idx.length;
  };
  /** Dense scores of the lexical candidates only (re-ranking BM25's top DEPTH). */
  const denseOnLexical = lexical.map((hits, i) => hits.map((h) => ({ docId: h.docId, score: allDense[i]![h.docId]! })));

  const weights = Array.from({ length: 21 }, (_, i) => i / 20);
  type Fuser = (w: number) => ScoredHit[][];
  const fusers: Record<string, Fuser> = {
    'z-score union': (w) => judged.map((_, i) => zScoreFusion(lexical[i]!, dense[i]!, { weight: w })),
    'z-score rerank': (w) => judged.map((_, i) => zScoreFusion(lexical[i]!, denseOnLexical[i]!, { weight: w })),
    'min-max union': (w) => judged.map((_, i) => minMaxFusion(lexical[i]!, dense[i]!, { weight: w })),
    'weighted RRF': (w) => judged.map((_, i) => weightedRrf(lexical[i]!, dense[i]!, { weight: w })),
  };
  const results: BenchResult = {
    name: NAME,
    split: 'train',
    corpus: corpus.length,
    queries: judged.length,
    depth: DEPTH,
    options,
    vocabulary: model.vocabularySize,
    dimensions: dim,
    modelBytes: model.serialize().length,
    trainSeconds: +trainSeconds.toFixed(1),
    embedDocsPerSecond: Math.round(corpus.length / embedSeconds),
    embedDocsPerSecondWarm: Math.round(corpus.length / warmEmbedSeconds),
    lexical: +evaluate(lexical).toFixed(4),
    dense: +evaluate(dense).toFixed(4),
    rrf60: +evaluate(judged.map((_, i) => weightedRrf(lexical[i]!, dense[i]!))).toFixed(4),
  };
  // Two-fold check of the tuned weight: tune on even claims, score on odd, and vice versa.
  const even = judged.map((_, i) => i).filter((i) => i % 2 === 0);
  const odd = judged.map((_, i) => i).filter((i) => i % 2 === 1);
  for (const [name, fuse] of Object.entries(fusers)) {
    const runs = weights.map((w) => fuse(w));
    const scores = runs.map((r) => evaluate(r));
    const best = scores.indexOf(Math.max(...scores));
    const cv = (tune: number[], test: number[]) => {
      const s = runs.map((r) => evaluate(r, tune));
      return evaluate(runs[s.indexOf(Math.max(...s))]!, test) * test.length;
    };
    const twoFold = (cv(even, odd) + cv(odd, even)) / judged.length;
    results[name] = { weight: weights[best], ndcg: +scores[best]!.toFixed(4), twoFold: +twoFold.toFixed(4) };
  }
  return results;
}

function topK(scores: Float64Array, k: number): ScoredHit[] {
  const idx = Array.from(scores.keys()).sort((x, y) => scores[y]! - scores[x]! || x - y);
  return idx.slice(0, k).map((docId) => ({ docId, score: scores[docId]! }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchScifactDense(JSON.parse(process.argv[2] ?? '{}') as TrainOptions), null, 1)}\n`);
}
