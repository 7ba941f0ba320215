/**
 * The shapes of `paperboy ask`: what the pipeline (ask/ask.ts) takes and returns, and the
 * AnswerEngine interface its two engines implement (extractive, no LLM; and an LLM through
 * llm/LlmProvider). The CLI, the HTTP API and the web app code against these.
 */
import type { Bm25Index } from '../lexical/bm25-index.js';
import type { Semantic } from '../search/search.js';
import type { Store } from '../store/store.js';

/** How to retrieve (active retrieval: decide before searching what kind of question this is). */
export type QuestionKind = 'library' | 'recent' | 'paper' | 'claim';

export interface AskPlan {
  kind: QuestionKind;
  /** The search query the first round runs (later rounds reformulate it). */
  query: string;
  /** Set for kind 'paper': the one paper the answer must come from (public id). */
  paperId?: string;
  /** Set for kind 'recent': the earliest date (ISO) evidence should prefer. */
  since?: string;
  /** One line on why this plan, for --json and the UI ("mentions 'latest': prefer recent papers"). */
  why: string;
}

/** One sentence of one paper's abstract; `sentenceIndex` counts from 0 in ask/sentences.ts's split. */
export interface EvidenceSentence {
  paperId: string;
  docId: number;
  sentenceIndex: number;
  text: string;
  title: string;
  date?: string;
  /** Relevance to the question (higher is better; comparable within one retrieval). */
  score: number;
}

export interface Citation {
  paperId: string;
  sentenceIndex: number;
  /** The cited sentence, exactly as ask/sentences.ts splits it from the paper. */
  quote: string;
}

export interface Statement {
  /** What was verified: for the extractive engine, the quoted sentence itself. */
  text: string;
  citations: Citation[];
  /** For a claim: whether this statement's evidence supports or contradicts it. */
  stance?: 'supports' | 'contradicts';
  /**
   * The statement as shown: its paper named and first-person references resolved to it
   * ("Rectify-Router (2024) handles dropped tokens …"; ask/compose-answer.ts). Set by the pipeline.
   */
  shown?: string;
}

/** How sure paperboy is of an answer: how far its best evidence clears what background queries reach (ask/background.ts). */
export type Confidence = 'high' | 'medium' | 'low';

export interface Answer {
  question: string;
  plan: AskPlan;
  /** The answer as prose with numbered citation marks [1], [2] … in statement order. */
  answer: string;
  /** Every citation here has passed verification (ask/verify-citations.ts). */
  statements: Statement[];
  abstained: boolean;
  /** Retrieval rounds run (1 when the first evidence sufficed). */
  rounds: number;
  /** When abstaining: what the library does contain that came closest. */
  note?: string;
  /** The engine that wrote the answer ('extractive' or 'llm:<model>'). */
  engine: string;
  /** The words the question asks about within its topic (ask/focus.ts): every cited sentence addresses them. */
  focus: string[];
  /** What was checked and how sure paperboy is, one sentence every surface shows (ask/compose-answer.ts checkedNote). */
  checked: string;
  /** For an answer: how sure paperboy is. */
  confidence?: Confidence;
  /**
   * The evidence test (ask.ts): the best focus score of a citable sentence, and what the
   * background queries reached in this library (absent when no sentence was citable).
   */
  calibration?: { best: number; background: number[] };
}

/** Writes statements from evidence; the pipeline verifies whatever it returns. */
export interface AnswerEngine {
  readonly name: string;
  draft(question: string, plan: AskPlan, evidence: EvidenceSentence[], options: { signal?: AbortSignal; onDelta?: (text: string) => void }): Promise<Statement[]>;
  /** The retrieval plan, given the rules' (ask/route-question.ts) for a question not about one paper; absent: the rules' plan. */
  plan?(question: string, rules: AskPlan, options: { signal?: AbortSignal }): Promise<AskPlan>;
  /** A better query when too little survived verification; undefined to let the pipeline's own reformulation run. */
  reformulate?(question: string, plan: AskPlan, evidence: EvidenceSentence[], options: { signal?: AbortSignal }): Promise<string | undefined>;
}

/** What the pipeline reads. */
export interface AskSources {
  store: Store;
  lexical: Bm25Index;
  semantic?: Semantic | undefined;
  /** Unit term vectors of the built-in embedding model (of the terms it knows), when the library is embedded with it: near neighbours of focus words. */
  termVectors?: ((terms: readonly string[]) => ReadonlyMap<string, Float32Array>) | undefined;
}

/** Progress, for streaming (server-sent events) and the CLI. */
export type AskEvent =
  | { type: 'plan'; plan: AskPlan }
  | { type: 'round'; round: number; query: string }
  | { type: 'evidence'; round: number; evidence: EvidenceSentence[] }
  | { type: 'delta'; text: string }
  | { type: 'statement'; statement: Statement }
  | { type: 'answer'; answer: Answer };

export interface AskOptions {
  /** Scope the question to one paper (any id getPaper takes). */
  paperId?: string;
  /** Default: the extractive engine. */
  engine?: AnswerEngine;
  /** Only these papers may be cited (standing questions over new papers only). */
  docIds?: Set<number>;
  /** Retrieval rounds at most (default 3). */
  maxRounds?: number;
  /** Abstain below this evidence strength, 0..1 (default ask.ts's RELEVANCE_FLOOR); for tuning and evaluation. */
  relevanceFloor?: number;
  /** Today's date (ISO), for 'recent' questions. */
  today: string;
  onEvent?: (event: AskEvent) => void;
  signal?: AbortSignal;
}
