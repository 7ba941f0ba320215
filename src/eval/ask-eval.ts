/**
 * `paperboy eval-ask`: `ask` measured on a real library. Listings go through the real ingest
 * pipeline into a temporary library (or an existing library is read as it is, `library`: nothing
 * is written to it), every question of a question file (eval/ask-questions.ts) is asked with the
 * extractive engine, and the answers are scored per kind:
 *   - answerable: the share answered with at least one citation from an expected paper, the share
 *     whose quotes contain a key phrase, and citation precision (cited papers among the expected
 *     ones, over all papers cited for answerable questions), with the share abstained;
 *   - unanswerable: the share abstained (out of domain, near domain, all);
 *   - claims: the share answered citing an expected paper with the expected stance.
 * Mode 'hybrid' asks on hybrid retrieval: a temporary library is first embedded with the built-in
 * model trained on it (as `paperboy embed` does); an existing one must already be embedded.
 * Latency is what `ask()` takes in this process (the server's share of a request).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask } from '../ask/ask.js';
import type { Answer, AskSources } from '../ask/ask-types.js';
import { PaperboyError } from '../core/errors.js';
import { startIngest } from '../ingest/pipeline.js';
import type { Bm25Index } from '../lexical/bm25-index.js';
import { LEXICAL_INDEX, refreshLexicalIndex } from '../search/lexical-cache.js';
import { openSemantic } from '../search/open-semantic.js';
import type { Semantic } from '../search/search.js';
import { catchUp, loadDerived } from '../store/derived-cache.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { normaliseWhitespace } from '../ask/sentences.js';
import { percentile } from '../core/percentile.js';
import type { AskQuestion } from './ask-questions.js';
import { embedEvalLibrary } from './run-eval.js';

export const ASK_EVAL_MODES = ['lexical', 'hybrid'] as const;
export type AskEvalMode = (typeof ASK_EVAL_MODES)[number];

export interface AskEvalOptions {
  today: string;
  mode?: AskEvalMode;
  /** Only questions of this half. */
  half?: 'tune' | 'test';
  onProgress?: (papers: number) => void;
  onQuestion?: (asked: number) => void;
}

/** One question's outcome, for the report and for reading what went wrong. */
export interface AskJudgement {
  id: string;
  kind: AskQuestion['kind'];
  domain?: 'out' | 'near' | undefined;
  half?: 'tune' | 'test' | undefined;
  q: string;
  abstained: boolean;
  confidence?: string | undefined;
  /** The evidence test: best focus score and the background queries' (Answer.calibration). */
  calibration?: Answer['calibration'];
  /** Papers cited, in order of first citation. */
  cited: string[];
  /** Cited papers that are expected. */
  expectedCited: string[];
  keyFound: boolean;
  /** Claims: the stance the answer gives the expected papers it cites (their statements' majority). */
  stance?: 'support' | 'contradict' | undefined;
  correct: boolean;
  ms: number;
}

export interface AskEvalMetrics {
  answerable: { n: number; answeredWithExpected: number; keyPhrase: number; citationPrecision: number; abstained: number };
  unanswerable: { n: number; abstained: number; outOfDomain: { n: number; abstained: number }; nearDomain: { n: number; abstained: number } };
  claims: { n: number; rightPaperAndStance: number; rightPaper: number; abstained: number };
}

export interface AskEvalResult {
  mode: AskEvalMode;
  questions: number;
  library: { papers: number; dir?: string };
  metrics: AskEvalMetrics;
  latency: { p50ms: number; p95ms: number; meanms: number };
  judgements: AskJudgement[];
}

/** Asks every question (of the half) on the library and scores the answers. */
export async function runAskEval(
  source: { listings: string[] } | { library: string },
  questions: readonly AskQuestion[],
  options: AskEvalOptions,
): Promise<AskEvalResult> {
  const mode = options.mode ?? 'lexical';
  const chosen = questions.filter((q) => !options.half || q.half === options.half);
  const opened = 'library' in source ? await openExisting(source.library, mode) : await buildFromListings(source.listings, mode, options);
  try {
    const judgements: AskJudgement[] = [];
    for (const q of chosen) {
      const t = performance.now();
      const answer = await ask(opened.sources, q.q, { today: options.today });
      judgements.push(judgeAnswer(q, answer, performance.now() - t));
      options.onQuestion?.(judgements.length);
    }
    const times = judgements.map((j) => j.ms);
    return {
      mode,
      questions: chosen.length,
      library: { papers: (await opened.sources.store.stats()).papers, ...('library' in source ? { dir: source.library } : {}) },
      metrics: askEvalMetrics(judgements),
      latency: { p50ms: round(percentile(times, 50)), p95ms: round(percentile(times, 95)), meanms: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)) },
      judgements,
    };
  } finally {
    await opened.close();
  }
}


/** Scores one answer against its question (pure). */
function judgeAnswer(q: AskQuestion, answer: Pick<Answer, 'abstained' | 'statements' | 'confidence' | 'calibration'>, ms: number): AskJudgement {
  const expected = new Set(q.papers);
  const cited = [...new Set(answer.statements.flatMap((s) => s.citations.map((c) => c.paperId)))];
  const expectedCited = cited.filter((id) => expected.has(id));
  const quotes = answer.statements.flatMap((s) => s.citations.map((c) => normaliseWhitespace(c.quote).toLowerCase()));
  const keyFound = q.keys.some((k) => quotes.some((quote) => quote.includes(normaliseWhitespace(k).toLowerCase())));
  let stance: AskJudgement['stance'];
  if (q.kind === 'claim') {
    let vote = 0;
    for (const s of answer.statements) {
      if (!s.stance || !s.citations.some((c) => expected.has(c.paperId))) continue;
      vote += s.stance === 'supports' ? 1 : -1;
    }
    stance = vote > 0 ? 'support' : vote < 0 ? 'contradict' : undefined;
  }
  const answered = !answer.abstained && cited.length > 0;
  const correct =
    q.kind === 'unanswerable' ? answer.abstained : q.kind === 'claim' ? answered && expectedCited.length > 0 && stance === q.stance : answered && expectedCited.length > 0;
  return {
    id: q.id, kind: q.kind, domain: q.domain, half: q.half, q: q.q,
    abstained: answer.abstained, confidence: answer.confidence, ...(answer.calibration ? { calibration: answer.calibration } : {}), cited, expectedCited, keyFound,
    ...(q.kind === 'claim' ? { stance } : {}),
    correct, ms: round(ms),
  };
}

/** The per-kind figures of a set of judgements (pure). */
export function askEvalMetrics(js: readonly AskJudgement[]): AskEvalMetrics {
  const share = (xs: readonly AskJudgement[], p: (j: AskJudgement) => boolean) => (xs.length ? round(xs.filter(p).length / xs.length, 3) : 0);
  const answerable = js.filter((j) => j.kind === 'answerable');
  const unanswerable = js.filter((j) => j.kind === 'unanswerable');
  const claims = js.filter((j) => j.kind === 'claim');
  const cited = answerable.reduce((a, j) => a + j.cited.length, 0);
  const good = answerable.reduce((a, j) => a + j.expectedCited.length, 0);
  const out = unanswerable.filter((j) => j.domain === 'out');
  const near = unanswerable.filter((j) => j.domain === 'near');
  return {
    answerable: {
      n: answerable.length,
      answeredWithExpected: share(answerable, (j) => j.correct),
      keyPhrase: share(answerable, (j) => !j.abstained && j.keyFound),
      citationPrecision: cited ? round(good / cited, 3) : 0,
      abstained: share(answerable, (j) => j.abstained),
    },
    unanswerable: {
      n: unanswerable.length,
      abstained: share(unanswerable, (j) => j.abstained),
      outOfDomain: { n: out.length, abstained: share(out, (j) => j.abstained) },
      nearDomain: { n: near.length, abstained: share(near, (j) => j.abstained) },
    },
    claims: {
      n: claims.length,
      rightPaperAndStance: share(claims, (j) => j.correct),
      rightPaper: share(claims, (j) => !j.abstained && j.expectedCited.length > 0),
      abstained: share(claims, (j) => j.abstained),
    },
  };
}

interface Opened {
  sources: AskSources;
  close(): Promise<void>;
}

/** An existing library, read only: the lexical index is caught up in memory, never saved back. */
async function openExisting(dir: string, mode: AskEvalMode): Promise<Opened> {
  const store = openStore({ dataDir: path.resolve(dir), today: '1970-01-01' });
  try {
    if ((await store.currentSeq()) === 0) throw new PaperboyError('BAD_INPUT', `${dir} holds no papers`);
    const derived = await loadDerived(store, LEXICAL_INDEX);
    await catchUp(store, LEXICAL_INDEX, derived);
    const semantic = mode === 'hybrid' ? await openSemantic(store) : undefined;
    if (mode === 'hybrid' && !semantic) throw new PaperboyError('NO_EMBEDDINGS', `${dir} is not embedded: run paperboy embed on it (or use --mode lexical)`);
    return { sources: sourcesOf(store, derived.value, semantic), close: async () => {
      await semantic?.provider.close?.();
      await store.close();
    } };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** A temporary library holding the listings, embedded for mode 'hybrid'; `close()` deletes it. */
async function buildFromListings(files: string[], mode: AskEvalMode, options: AskEvalOptions): Promise<Opened> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-eval-ask-'));
  const store = openStore({ dataDir: dir, today: options.today });
  const close = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const session = await startIngest(store);
    try {
      let before = 0;
      for (const [i, file] of files.entries()) {
        if (files[i + 1]) session.prefetch(files[i + 1]!, { today: options.today });
        const report = await session.ingest(file, { today: options.today, ...(options.onProgress ? { onProgress: (n: number) => options.onProgress!(before + n) } : {}) });
        if (report.error) throw new PaperboyError(report.error.code, `${file}: ${report.error.message}`);
        before += report.records;
      }
      await session.finish();
    } finally {
      // A prefetched file's reader thread would otherwise keep the process alive after an error.
      await session.close();
    }
    const lexical = await refreshLexicalIndex(store);
    const semantic = mode === 'hybrid' ? await embedEvalLibrary({ store }) : undefined;
    return { sources: sourcesOf(store, lexical, semantic), close: async () => {
      await semantic?.provider.close?.();
      await close();
    } };
  } catch (err) {
    await close();
    throw err;
  }
}

const sourcesOf = (store: Store, lexical: Bm25Index, semantic: Semantic | undefined): AskSources => ({ store, lexical, ...(semantic ? { semantic } : {}) });

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
