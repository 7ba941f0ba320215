/**
 * docs/evaluation.md, generated from bench/results/*.json so that its figures are the recorded
 * ones: `npm run docs:evaluation` writes it, and bench/evaluation-doc.test.ts fails when the
 * committed file is not what this produces (run a benchmark, then regenerate).
 *
 * Each section renders one benchmark's results; a results file no section knows is still listed
 * at the end, so a new benchmark never goes unmentioned. The prose carries no figure of its own:
 * every number comes from the results.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, 'results');
export const DOC_FILE = path.join(here, '..', 'docs', 'evaluation.md');

/** A benchmark's recorded results, as bench/run.ts writes them. */
type Results = Record<string, unknown>;

export function loadResults(dir = RESULTS_DIR): Map<string, Results> {
  const all = new Map<string, Results>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    all.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Results);
  }
  return all;
}

// ---------------------------------------------------------------- reading and formatting

/** The value at a dotted path ("search.hybrid.p50ms"), or undefined. */
function at(value: unknown, dotted: string): unknown {
  let v = value;
  for (const key of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A number at `dotted`, formatted with `digits` decimals (and thousands separators), or "–". */
function n(value: unknown, dotted: string, digits = 0): string {
  const v = at(value, dotted);
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Where a section's figures come from: the command, the date, the machine and its load (or `loadNote`). */
function provenance(name: string, r: Results, loadNote?: string): string {
  const machine = at(r, 'machine') as { cpus?: number; cpu?: string; node?: string } | undefined;
  const load = at(r, 'loadAverage');
  const loads = Array.isArray(load) ? load : Array.isArray(at(load, 'before')) ? (at(load, 'before') as number[]) : undefined;
  const parts = [
    `\`npm run bench ${name}\``,
    typeof r.at === 'string' ? `run ${r.at.slice(0, 10)}` : undefined,
    machine ? `${machine.cpus} × ${machine.cpu}, Node ${machine.node}` : undefined,
    loadNote ?? (loads ? `load average ${loads.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min)` : 'load average not recorded'),
  ];
  return `<sub>${parts.filter(Boolean).join(' · ')} · \`bench/results/${name}.json\`</sub>`;
}

// ---------------------------------------------------------------- sections

interface Section {
  /** The results files it renders. */
  uses: string[];
  render(all: Map<string, Results>): string | undefined;
}

const prf = (r: unknown, part: string) => `${n(r, `${part}.precision`, 3)} / ${n(r, `${part}.recall`, 3)} / ${n(r, `${part}.f1`, 3)}`;

const SECTIONS: Section[] = [
  {
    uses: ['xapian-scifact', 'scifact-dense'],
    render(all) {
      const x = all.get('xapian-scifact');
      const d = all.get('scifact-dense');
      const out: string[] = ['## Search quality on SciFact'];
      out.push(
        `SciFact (BEIR format, train split): ${n(x ?? d, x ? 'data.queries' : 'queries')} scientific claims as queries over ` +
          `${n(x ?? d, x ? 'data.docs' : 'corpus')} abstracts, scored with nDCG@10, Recall@100 and MRR@10 ` +
          '(`paperboy eval` computes the same on any BEIR-format data).',
      );
      if (x && !x.skipped) {
        out.push(
          table(
            ['lexical retrieval', 'nDCG@10', 'Recall@100', 'MRR@10', 'p50 / p95 ms a query'],
            [
              ['paperboy BM25, the claim through the query language', 'paperboy.search'],
              ['paperboy BM25, a plain OR of the words', 'paperboy.searchPlainOr'],
              [`Xapian ${String(at(x, 'xapian.version') ?? '')} BM25 (C++), the same parameters`, 'xapian'],
            ].map(([label, key]) => [label!, n(x, `${key}.ndcg@10`, 3), n(x, `${key}.recall@100`, 3), n(x, `${key}.mrr@10`, 3), `${n(x, `${key}.p50ms`, 2)} / ${n(x, `${key}.p95ms`, 2)}`]),
          ),
        );
        out.push(provenance('xapian-scifact', x));
      }
      if (d && !d.skipped) {
        const fusions = ['z-score union', 'z-score rerank', 'min-max union', 'weighted RRF'];
        out.push(
          'The built-in model, trained on the corpus alone (no claims, no judgements), and its fusions ' +
            `with BM25 (the ${n(d, 'depth')} best of each list). Each fusion is shown at its best weight, and ` +
            'two-fold: the weight tuned on the even claims scored on the odd ones and vice versa, which is ' +
            'what to expect from a weight not tuned on the test itself.',
        );
        out.push(
          table(
            ['ranking', 'weight of the model (BM25: 1 − it)', 'nDCG@10 at the best weight', 'nDCG@10, two-fold'],
            [
              ['BM25 alone', '', n(d, 'lexical', 3), ''],
              ['built-in model alone', '', n(d, 'dense', 3), ''],
              ['reciprocal rank fusion (k 60)', '', n(d, 'rrf60', 3), ''],
              ...fusions.map((f) => [f, n(d, `${f}.weight`, 2), n(d, `${f}.ndcg`, 3), n(d, `${f}.twoFold`, 3)]),
            ],
          ),
        );
        out.push(
          `Training took ${n(d, 'trainSeconds', 1)} s (${n(d, 'vocabulary')} terms, ${n(d, 'dimensions')} dimensions); ` +
            `embedding ran at ${n(d, 'embedDocsPerSecond')} abstracts a second (${n(d, 'embedDocsPerSecondWarm')} warm).`,
        );
        out.push(provenance('scifact-dense', d));
      }
      return out.length > 2 ? out.join('\n\n') : undefined;
    },
  },
  {
    uses: ['ask-evidence'],
    render(all) {
      const r = all.get('ask-evidence');
      if (!r || r.skipped) return undefined;
      const ex = at(r, 'extractive');
      const hy = at(r, 'hybrid');
      const base = at(r, 'baseline');
      const out = ['## Ask: evidence on SciFact claims'];
      out.push(
        `\`${String(r.command)}\` asks every one of the ${n(r, 'claims')} train claims (${n(ex, 'claimsWithoutEvidence')} of them ` +
          'with no evidence in the corpus) against the corpus in a temporary library, with no LLM. Cited papers are ' +
          'compared with the gold evidence abstracts and cited sentences with the gold rationale sentences (micro ' +
          'precision / recall / F1). The baseline cites the top lexical hit’s sentence sharing most words with the ' +
          'claim and never abstains. `ask` ran on lexical retrieval, then on the same library embedded with the ' +
          'built-in model, on hybrid retrieval, as it does once a library is embedded.',
      );
      out.push(
        table(
          ['', '`ask`, lexical', '`ask`, hybrid', 'baseline (lexical)'],
          [
            ['abstract P / R / F1', prf(ex, 'abstract'), prf(hy, 'abstract'), prf(base, 'abstract')],
            ['sentence P / R / F1', prf(ex, 'sentence'), prf(hy, 'sentence'), prf(base, 'sentence')],
            ['abstains: no evidence (↑) / with evidence (↓)', `${n(ex, 'abstainNoEvidence', 2)} / ${n(ex, 'abstainWithEvidence', 2)}`, `${n(hy, 'abstainNoEvidence', 2)} / ${n(hy, 'abstainWithEvidence', 2)}`, `${n(base, 'abstainNoEvidence', 2)} / ${n(base, 'abstainWithEvidence', 2)}`],
            ['stance accuracy (SUPPORT/CONTRADICT of the gold abstracts cited)', n(ex, 'stance.accuracy', 3), n(hy, 'stance.accuracy', 3), ''],
            ['rounds a claim', n(ex, 'meanRounds', 2), n(hy, 'meanRounds', 2), ''],
            ['ms a claim', n(ex, 'msPerClaim', 0), n(hy, 'msPerClaim', 0), ''],
          ],
        ),
      );
      const sweep = at(r, 'sweep');
      const hybridSweep = at(hy, 'sweep');
      if (Array.isArray(sweep)) {
        out.push(
          `Abstention is a trade-off set by the relevance floor (default ${n(ex, 'floor', 1)}; \`--sweep\`): the higher the floor, ` +
            'the more `ask` abstains, on claims without evidence and with it.',
        );
        const hybridAt = (floor: unknown) => (Array.isArray(hybridSweep) ? hybridSweep.find((s) => at(s, 'floor') === floor) : undefined);
        out.push(
          table(
            ['floor', 'lexical: abstract P / R / F1', 'lexical: sentence F1', 'lexical: abstains (no evidence / with)', 'hybrid: abstract P / R / F1', 'hybrid: abstains (no evidence / with)'],
            sweep.map((s) => {
              const h = hybridAt(at(s, 'floor'));
              return [
                n(s, 'floor', 1),
                prf(s, 'abstract'),
                n(s, 'sentence.f1', 3),
                `${n(s, 'abstainNoEvidence', 2)} / ${n(s, 'abstainWithEvidence', 2)}`,
                h ? prf(h, 'abstract') : '–',
                h ? `${n(h, 'abstainNoEvidence', 2)} / ${n(h, 'abstainWithEvidence', 2)}` : '–',
              ];
            }),
          ),
        );
      }
      if (at(hy, 'embedding')) {
        out.push(
          `Embedding the ${n(hy, 'embedding.vectors')} abstracts with the built-in model took ${n(hy, 'embedding.seconds', 1)} s; ` +
            `a hybrid claim embedded ${n(hy, 'embedding.textsPerClaim', 0)} texts.`,
        );
      }
      out.push(provenance('ask-evidence', r));
      return out.join('\n\n');
    },
  },
  {
    uses: ['ask-real'],
    render(all) {
      const r = all.get('ask-real');
      if (!r || r.skipped) return undefined;
      const pct = (v: unknown, dotted: string) => {
        const x = at(v, dotted);
        return typeof x === 'number' ? `${Math.round(100 * x)}%` : '–';
      };
      const row = (label: string, f: (half: unknown) => string) => [label, ...['lexical', 'hybrid'].flatMap((m) => ['test', 'tune'].map((h) => f(at(r, `${m}.${h}`))))];
      return [
        '## Ask: questions on the arXiv library',
        `\`${String(r.command)}\` asks the ${n(r, 'questions')} questions of \`bench/ask-questions.jsonl\` (answerable ones with the arXiv ids ` +
          'of the papers that answer them, unanswerable ones out of and near the library’s domain, claims with a stance) on the ' +
          `${n(r, 'lexical.library.papers')}-paper library of the arXiv listings. The thresholds were set on the tune half; the test half is held out.`,
        table(
          ['', 'lexical, test', 'lexical, tune', 'hybrid, test', 'hybrid, tune'],
          [
            row('answerable: answered with an expected paper', (h) => pct(h, 'answerable.answeredWithExpected')),
            row('answerable: citation precision', (h) => n(h, 'answerable.citationPrecision', 2)),
            row('answerable: a key phrase quoted', (h) => pct(h, 'answerable.keyPhrase')),
            row('unanswerable: abstained (out of domain / near)', (h) => `${pct(h, 'unanswerable.abstained')} (${pct(h, 'unanswerable.outOfDomain.abstained')} / ${pct(h, 'unanswerable.nearDomain.abstained')})`),
            row('claims: right paper and stance', (h) => pct(h, 'claims.rightPaperAndStance')),
          ],
        ),
        `Latency of \`ask\` in the process (the server’s share of a request), all questions: lexical p50 ${n(r, 'lexical.latency.p50ms')} ms, ` +
          `p95 ${n(r, 'lexical.latency.p95ms')} ms; hybrid p50 ${n(r, 'hybrid.latency.p50ms')} ms, p95 ${n(r, 'hybrid.latency.p95ms')} ms.`,
        provenance('ask-real', r, `load average ${(at(r, 'lexical.loadAverage') as number[] | undefined)?.map((x) => x.toFixed(1)).join(' / ') ?? '–'} (1/5/15 min, at the end of the lexical run)`),
      ].join('\n\n');
    },
  },
  {
    uses: ['ask-embedded'],
    render(all) {
      const r = all.get('ask-embedded');
      if (!r || r.skipped) return undefined;
      return [
        '### What one question sends to the embedding model',
        `\`ask\` on SciFact embedded with the built-in model, every train claim (${n(r, 'claims')}): per question ` +
          `${n(r, 'perQuestion.rounds', 2)} rounds, ${n(r, 'perQuestion.embedCalls', 1)} calls to the model, ` +
          `${n(r, 'perQuestion.textsEmbedded', 0)} texts embedded of which ${n(r, 'perQuestion.distinctTexts', 0)} distinct, ` +
          `${n(r, 'perQuestion.endpointRequests', 1)} requests to an endpoint taking 64 texts a request; ${n(r, 'msPerClaim', 1)} ms a claim.`,
        provenance('ask-embedded', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['topics'],
    render(all) {
      const r = all.get('topics');
      if (!r || r.skipped) return undefined;
      const labels = (space: string) => (at(r, `${space}.labels`) as string[] | undefined)?.slice(0, 5).map((l) => `“${l}”`).join(', ') ?? '–';
      return [
        '## Topics',
        `The topic model of the ${n(r, 'papers')}-paper arXiv library (${n(r, 'topics')} topics), against each paper’s primary ` +
          `arXiv category (${n(r, 'primaryCategories')} of them): normalised mutual information, adjusted Rand index and purity ` +
          '(higher is better), beside random topics of the same sizes.',
        table(
          ['clustered on', 'NMI', 'ARI', 'purity', 'build s', 'placing 1,000 new papers, ms'],
          [
            ['the built-in embeddings', n(r, 'embedding.nmi', 3), n(r, 'embedding.ari', 3), n(r, 'embedding.purity', 2), n(r, 'embedding.buildSeconds', 0), n(r, 'embedding.placePer1000Ms', 0)],
            ['TF-IDF (no embeddings)', n(r, 'tfidf.nmi', 3), n(r, 'tfidf.ari', 3), n(r, 'tfidf.purity', 2), n(r, 'tfidf.buildSeconds', 0), n(r, 'tfidf.placePer1000Ms', 0)],
            ['random topics, same sizes', n(r, 'baselineRandomSameSizes.nmi', 3), n(r, 'baselineRandomSameSizes.ari', 3), n(r, 'baselineRandomSameSizes.purity', 2), '', ''],
          ],
        ),
        `First labels on embeddings: ${labels('embedding')}; on TF-IDF: ${labels('tfidf')}.`,
        provenance('topics', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['semantic-search'],
    render(all) {
      const r = all.get('semantic-search');
      if (!r || r.skipped) return undefined;
      const figures = (at(r, 'relatedPapers.figures') as unknown[] | undefined) ?? [];
      const out = ['## Semantic search and related papers'];
      out.push(
        `On the ${n(r, 'papers')}-paper arXiv library: training the built-in model took ${n(r, 'train.seconds', 0)} s ` +
          `(${n(r, 'train.vocabulary')} terms, ${n(r, 'train.dimensions')} dimensions), embedding ${n(r, 'embed.libraryEmbedSeconds', 0)} s ` +
          `(${n(r, 'embed.papersPerSecond')} papers a second) and building the vector index ${n(r, 'embed.vectorIndexBuildSeconds', 0)} s.`,
      );
      out.push(
        table(
          ['in process, warm', 'p50 ms', 'p95 ms'],
          ['ann', 'semantic', 'hybrid', 'lexical', 'related'].map((mode) => [mode === 'ann' ? 'vector index alone' : mode, n(r, `search.${mode}.p50ms`, 2), n(r, `search.${mode}.p95ms`, 2)]),
        ),
      );
      if (figures.length > 0) {
        out.push(
          `Related papers: the share of a paper’s ${n(figures[0], 'k')} related papers that share its primary category, over ` +
            `${n(figures[0], 'queries')} papers, beside an arxiv-sanity-style TF-IDF baseline (chance: ${n(r, 'relatedPapers.chance.sumP2', 3)}).`,
        );
        out.push(
          table(
            ['', 'same-category share', '95% CI', 'p50 ms'],
            figures.map((f) => [String(at(f, 'name')), n(f, 'sameCategoryShare', 3), `${n(f, 'ci95.0', 3)}–${n(f, 'ci95.1', 3)}`, n(f, 'latency.p50ms', 2)]),
          ),
        );
      }
      out.push(provenance('semantic-search', r));
      return out.join('\n\n');
    },
  },
  {
    uses: ['ingest-search'],
    render(all) {
      const r = all.get('ingest-search');
      if (!r || r.skipped) return undefined;
      return [
        '## Ingest and lexical search',
        `The ${n(r, 'data.rows')} real arXiv listing rows (${n(r, 'data.files')} files) into a fresh library: ` +
          `${n(r, 'ingestCli.seconds', 1)} s by the CLI (${n(r, 'ingestCli.rowsPerSecond')} rows a second, the search index included), ` +
          `${n(r, 'ingest.papers')} papers after merging ${n(r, 'ingest.mergedDuplicates')} duplicates; the database is ` +
          `${n(r, 'ingest.databaseMB', 0)} MB. Search on ${n(r, 'search.queries')} queries, beside raw SQLite FTS5 on the same texts:`,
        table(
          ['', 'p50 ms', 'p95 ms', 'p99 ms'],
          [
            ['paperboy search (with snippets)', n(r, 'search.paperboy.p50ms', 2), n(r, 'search.paperboy.p95ms', 2), n(r, 'search.paperboy.p99ms', 2)],
            ['paperboy ranking only', n(r, 'search.paperboyRankingOnly.p50ms', 2), n(r, 'search.paperboyRankingOnly.p95ms', 2), ''],
            ['SQLite FTS5, ORDER BY bm25()', n(r, 'search.sqliteFts5.p50ms', 2), n(r, 'search.sqliteFts5.p95ms', 2), n(r, 'search.sqliteFts5.p99ms', 2)],
            ['`paperboy search` as a process (lexical library)', n(r, 'search.cliProcess.p50ms', 0), '', ''],
          ],
        ),
        provenance('ingest-search', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['fuzz-parsers'],
    render(all) {
      const r = all.get('fuzz-parsers');
      if (!r || r.skipped) return undefined;
      const refused = (at(r, 'refusedFiles') as Record<string, number> | undefined) ?? {};
      return [
        '### Hostile and broken input',
        `\`${String(r.command)}\`: ${n(r, 'inputs')} mutated fixtures of every format (${n(r, 'inputBytes')} bytes) through reading, ` +
          `parsing, preparing and rendering, ${n(r, 'inputsPerSecond')} inputs a second: ${n(r, 'records')} records read, ` +
          `${n(r, 'skippedRecords')} skipped and reported, files refused ${Object.entries(refused).map(([code, count]) => `${code} ${count.toLocaleString('en-GB')}`).join(', ')}; ` +
          `${n(r, 'failures')} failures. The slowest input took ${n(r, 'slowestInput.ms')} ms (${n(r, 'slowestInput.bytes')} bytes); peak RSS ${n(r, 'peakRssMb')} MB.`,
        provenance('fuzz-parsers', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['web'],
    render(all) {
      const r = all.get('web');
      if (!r || r.skipped) return undefined;
      const pages: Array<[string, string]> = [['home', 'the daily list'], ['busiestDay', 'the busiest day'], ['week', 'a week'], ['paper', 'a paper'], ['search', 'search']];
      return [
        '## Web app',
        `\`paperboy serve\` on the ${n(r, 'library.papers')}-paper library: page render times, then \`/api/search\` under load ` +
          `(${n(r, 'apiSearchUnderLoad.connections')} connections for ${n(r, 'apiSearchUnderLoad.seconds', 0)} s).`,
        table(
          ['page', 'p50 ms', 'p95 ms', 'KB'],
          pages.map(([key, label]) => [label, n(r, `render.${key}.p50ms`, 1), n(r, `render.${key}.p95ms`, 1), n(r, `render.${key}.avgKB`, 1)]),
        ),
        `\`/api/search\`: ${n(r, 'apiSearchUnderLoad.requestsPerSecond', 0)} requests a second, latency p50 ${n(r, 'apiSearchUnderLoad.latency.p50ms')} ms, ` +
          `p99 ${n(r, 'apiSearchUnderLoad.latency.p99ms')} ms, ${n(r, 'apiSearchUnderLoad.errors')} errors.`,
        provenance('web', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['topics-serve'],
    render(all) {
      const r = all.get('topics-serve');
      if (!r || r.skipped) return undefined;
      return [
        '### Topics in a running server',
        `The first topics request in \`paperboy serve\` on the ${n(r, 'papers')}-paper library without a topic model answers ` +
          `${n(r, 'firstBuild.firstTopicsResponse.status')} in ${n(r, 'firstBuild.firstTopicsResponse.ms')} ms and starts the build in a worker ` +
          `thread; the topics were ready after ${n(r, 'firstBuild.topicsReadySeconds', 0)} s, during which \`/api/search\` answered ` +
          `${n(r, 'firstBuild.apiSearchDuringBuild.n')} times (p50 ${n(r, 'firstBuild.apiSearchDuringBuild.p50ms', 1)} ms, ` +
          `max ${n(r, 'firstBuild.apiSearchDuringBuild.maxms', 0)} ms). A topic’s page computes its own topic’s series ` +
          `(p50 ${n(r, 'topicPages.overviewOne.p50ms', 1)} ms) rather than every topic’s one pass at a time ` +
          `(p50 ${n(r, 'topicPages.baselineEveryTopicOwnPass.p50ms', 1)} ms).`,
        provenance('topics-serve', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['sync'],
    render(all) {
      const r = all.get('sync');
      if (!r || r.skipped) return undefined;
      return [
        '## Live sources',
        `The real listings served as arXiv API pages by a local server (${n(r, 'data.pages')} pages of ${n(r, 'data.pageSize')}) and synced end ` +
          `to end: ${n(r, 'firstSync.added')} papers in ${n(r, 'firstSync.seconds', 1)} s (${n(r, 'firstSync.papersPerSecond')} a second); ` +
          `a second sync stops at its cursor after ${n(r, 'incrementalSecondRun.requests')} request in ${n(r, 'incrementalSecondRun.seconds', 2)} s; ` +
          `a full re-sync without the cursor adds ${n(r, 'fullResyncWithoutCursor.added')} papers in ${n(r, 'fullResyncWithoutCursor.seconds', 1)} s.`,
        provenance('sync', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['digest'],
    render(all) {
      const r = all.get('digest');
      if (!r || r.skipped) return undefined;
      return [
        '## Digests',
        `${n(r, 'users')} users’ digests through a local SMTP server on the ${n(r, 'papers')}-paper library, its last ` +
          `${n(r, 'newPapers')} papers as the new ones: ${n(r, 'digestRunMs')} ms for the run (${n(r, 'papersPerDigest.median')} papers ` +
          `in the median digest), feeds p50 ${n(r, 'feedMs.p50', 0)} ms. Then ${n(r, 'crowd.users')} users with ${n(r, 'crowd.subscriptions')} ` +
          `subscriptions (${n(r, 'crowd.distinctSubscriptions')} distinct) in one run: ${n(r, 'crowd.digestRunMs')} ms, ` +
          `${n(r, 'crowd.sent')} digests sent.`,
        provenance('digest', r),
      ].join('\n\n');
    },
  },
  {
    uses: ['concurrent-writers'],
    render(all) {
      const r = all.get('concurrent-writers');
      if (!r || r.skipped) return undefined;
      const runs = (at(r, 'twoIngests') as unknown[] | undefined) ?? [];
      return [
        '## Concurrent writers',
        `Two CLI ingests of the real listings into one library at once: ` +
          runs.map((x) => `${n(x, 'papers')} papers in ${n(x, 'wallSeconds', 1)} s`).join(', then ') +
          ` (the same papers as one ingest). ${n(r, 'searchesDuringIngest.all.n')} searches against \`serve\` during a CLI ingest: ` +
          `p50 ${n(r, 'searchesDuringIngest.all.p50ms', 0)} ms, max ${n(r, 'searchesDuringIngest.all.maxms', 0)} ms, ` +
          `${n(r, 'searchesDuringIngest.all.over2s')} over 2 s.`,
        provenance('concurrent-writers', r, `1-minute load average as each part started: ${[...runs, at(r, 'searchesDuringIngest')].map((x) => n(x, 'loadAverage1mAtStart', 1)).join(', ')}`),
      ].join('\n\n');
    },
  },
  {
    uses: ['cli'],
    render(all) {
      const r = all.get('cli');
      if (!r || r.skipped) return undefined;
      const cell = (run: string) => `${n(r, `${run}.wallMs`)} / ${n(r, `${run}.cpuMs`)} ms, ${n(r, `${run}.peakRssMb`)} MB`;
      const rows = ['embedded', 'lexical'].flatMap((lib) =>
        ['search', 'related', 'ask'].map((cmd) => [
          `${cmd}, ${lib}`,
          cell(`${lib}.after.${cmd}.warm`),
          cell(`${lib}.after.${cmd}.cold`),
          at(r, `${lib}.before`) ? cell(`${lib}.before.${cmd}.warm`) : '–',
          at(r, `${lib}.served`) ? cell(`${lib}.served.${cmd}.warm`) : '–',
        ]),
      );
      return [
        '## The CLI on a 75,000-paper library',
        'The real `paperboy` command spawned on copies of the 75k arXiv library, embedded and lexical only: wall / CPU time and peak memory, ' +
          'warm (median of 3) and cold (the first call after an ingest), beside the code before this change, and warm while a `paperboy serve` runs on the library (which then answers for the CLI).',
        table(['command, library', 'warm', 'cold', 'before, warm', 'served, warm'], rows),
        provenance('cli', r),
      ].join('\n\n');
    },
  },
];

export function renderEvaluationDoc(all: Map<string, Results>): string {
  const parts = [
    '# paperboy: evaluation',
    '<!-- Generated by `npm run docs:evaluation` (bench/evaluation-doc.ts) from bench/results/*.json: do not edit by hand. -->',
    'What was measured, and how. Every figure below is read from a benchmark’s recorded results ' +
      '(`npm run bench NAME` writes `bench/results/NAME.json`; the benchmarks read `../shared` and skip without it), ' +
      'and each section names its run, its machine and the load average when it was recorded. Times on a ' +
      'loaded two-core machine are pessimistic; quality figures do not depend on load.',
  ];
  const rendered = new Set<string>();
  for (const section of SECTIONS) {
    const text = section.render(all);
    if (text === undefined) continue;
    parts.push(text);
    for (const name of section.uses) if (all.has(name)) rendered.add(name);
  }
  const others = [...all.keys()].filter((name) => !rendered.has(name));
  if (others.length > 0) {
    parts.push(
      '## Other results',
      others
        .map((name) => {
          const r = all.get(name)!;
          return `- \`bench/results/${name}.json\`${typeof r.skipped === 'string' ? `: skipped (${r.skipped})` : ''}`;
        })
        .join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(DOC_FILE, renderEvaluationDoc(loadResults()));
  process.stderr.write(`wrote ${path.relative(process.cwd(), DOC_FILE)}\n`);
}
