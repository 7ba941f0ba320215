import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQrels, readQueries, type BeirQrels, type BeirQuery } from './beir.js';
import { plainQuery } from '../search/query-parser.js';
import { buildEvalLibrary, evaluate, lexicalRetriever, runEval, type EvalLibrary } from './run-eval.js';

const fixture = (name: string) => new URL(`./fixtures/tiny/${name}`, import.meta.url).pathname;
const files = { corpus: fixture('corpus.jsonl'), queries: fixture('queries.jsonl'), qrels: fixture('qrels.tsv') };
const today = '2026-11-22';

// The tiny set, by hand. d3 and d6 share a 5-word title, so ingest merges them into one paper.
// q1 "copper lattices in cold storage": only d1 has those words → d1 first: nDCG 1, recall 1, MRR 1.
// q2 "owl migration": only the d3+d6 paper matches; it reads as [d3, d6] (corpus order).
//     DCG = 1/log2(2) (d3, grade 1) + 2/log2(3) (d6, grade 2) = 1 + 1.261860 = 2.261860;
//     ideal [d6, d3] = 2 + 1/log2(3) = 2.630930 → nDCG 0.859719; recall 2/2; MRR 1.
// q3 "honey production in winter": no document has these words → 0, 0, 0.
// q4 is judged with grade 0 only and q5 not at all: both left out. q9 is judged but has no query.
// Means over 3 queries: nDCG (1 + 0.859719 + 0) / 3 = 0.619906; recall 2/3; MRR 2/3.
const Q2_NDCG = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3));

describe('runEval on the tiny BEIR set', () => {
  it('gives the hand-computed figures in lexical mode', async () => {
    const r = await runEval(files, { mode: 'lexical', today, thread: false });
    expect(r.metrics['ndcg@10']).toBeCloseTo((1 + Q2_NDCG) / 3, 10);
    expect(r.metrics['ndcg@10']).toBeCloseTo(0.619906, 6);
    expect(r.metrics['recall@100']).toBeCloseTo(2 / 3, 10);
    expect(r.metrics['mrr@10']).toBeCloseTo(2 / 3, 10);
    expect(r.metrics.queries).toBe(3);
    expect(r.missingQueries).toBe(1);
    expect(r.latenciesMs).toHaveLength(3);
    expect(r.library).toMatchObject({ docs: 6, papers: 5, skipped: 0, mergesByReason: { title: 1 } });
  });

  it('evaluates only the first n judged queries', async () => {
    // q1 alone: 1, 1, 1.
    const r = await runEval(files, { mode: 'lexical', today, thread: false, limitQueries: 1 });
    expect(r.metrics).toEqual({ 'ndcg@10': 1, 'recall@100': 1, 'mrr@10': 1, queries: 1 });
  });

  it('embeds the corpus with the built-in model for semantic and hybrid modes', async () => {
    for (const mode of ['semantic', 'hybrid'] as const) {
      const r = await runEval(files, { mode, today, thread: false });
      expect(r.metrics.queries).toBe(3);
      // Every judged document is in the tiny corpus, so 100 deep finds all of them.
      expect(r.metrics['recall@100']).toBe(1);
      expect(r.metrics['ndcg@10']).toBeGreaterThan(0);
    }
  });

  it('fails on a malformed qrels file with its name and line', async () => {
    await expect(runEval({ ...files, qrels: files.corpus }, { mode: 'lexical', today, thread: false })).rejects.toThrow(
      `${files.corpus}:1: expected 3 columns`,
    );
  });
});

describe('the evaluation library', () => {
  let library: EvalLibrary;
  let queries: BeirQuery[];
  let qrels: BeirQrels;
  beforeAll(async () => {
    library = await buildEvalLibrary(files.corpus, { today, thread: false });
    queries = await readQueries(files.queries);
    qrels = await readQrels(files.qrels);
  });
  afterAll(async () => {
    const where = library.store.location;
    await library.close();
    expect(existsSync(where)).toBe(false);
  });

  it('maps each paper back to every corpus document it absorbed', async () => {
    const ids: string[][] = [];
    for await (const texts of library.store.iterateTexts(0)) {
      for (const { docId, paper } of await library.store.getPapersByDocIds(texts.map((t) => t.docId))) {
        expect(library.paperIdOf(docId)).toBe(paper.id);
        ids.push([...library.corpusIds(paper.id)]);
      }
    }
    expect(ids.sort()).toEqual([['d1'], ['d2'], ['d3', 'd6'], ['d4'], ['d5']]);
    expect(library.corpusIds('no-such-paper')).toEqual([]);
  });

  it('takes any retriever: modes plug in as a function from query to ranked paper ids', async () => {
    const [owlPaper] = await (await lexicalRetriever(library))('owl migration');
    // Every query gets the owl paper: q1 loses everything, q2 is as above, q3 stays 0.
    const r = await evaluate(library, queries, qrels, async () => [owlPaper!]);
    expect(r.metrics['ndcg@10']).toBeCloseTo(Q2_NDCG / 3, 10);
    const none = await evaluate(library, queries, qrels, async () => []);
    expect(none.metrics).toEqual({ 'ndcg@10': 0, 'recall@100': 0, 'mrr@10': 0, queries: 3 });
  });

  it('searches through the query language, or with every word as plain text', async () => {
    const parsed = await lexicalRetriever(library);
    const plain = await lexicalRetriever(library, { plain: true });
    const [d1] = await parsed('copper lattices');
    // "-lattices" excludes d1 in the query language; as plain text it is one more word of d1.
    expect(await parsed('copper -lattices')).toEqual([]);
    expect(await plain('copper -lattices')).toEqual([d1]);
    expect(await plain('cold:storage "copper')).toEqual([d1]);
  });

  it('builds a plain query from the words of any text', () => {
    expect(plainQuery('IL-6 ratio: 2 "+x"').lexical).toEqual({ should: ['il', '6', 'ratio', '2', 'x'], must: [], mustNot: [], prefixes: [] });
    expect(plainQuery(' - ').empty).toBe(true);
  });
});
