/**
 * `paperboy ask`: plan → gather → draft → verify, re-retrieving when too little survives, else
 * abstaining with what the library does contain.
 *
 * Retrieval is decided first (ask/route-question.ts: active retrieval), evidence is picked at
 * sentence level by MMR (ask/gather-evidence.ts), an engine drafts statements with citations, and
 * every citation is checked against the stored papers (ask/verify-citations.ts). When fewer than
 * MIN_STATEMENTS survive, or the evidence is below the relevance floor, the query is reformulated
 * (the engine's reformulate, else pseudo-relevance feedback) and retrieval runs again, at most
 * maxRounds times: verify-then-re-retrieve, as LLatrieval (Li et al. 2024) does with an LLM.
 */
import { PaperboyError } from '../core/errors.js';
import { memoizedProvider } from '../embeddings/memoized-provider.js';
import type { Answer, AnswerEngine, AskEvent, AskOptions, AskPlan, AskSources, Confidence, EvidenceSentence } from './ask-types.js';
import { backgroundScores } from './background.js';
import { arrangeStatements, checkedNote, composeAnswer } from './compose-answer.js';
import { EXTRACTIVE_ENGINE_NAME, extractiveEngine } from './extractive-engine.js';
import { focusWords } from './focus.js';
import { CANDIDATE_PAPERS, bestFocus, builtinTermVectors, gatherEvidence, type Gathered } from './gather-evidence.js';
import { feedbackQuery } from './reformulate.js';
import { routeQuestion } from './route-question.js';
import { verifyStatements } from './verify-citations.js';

export const DEFAULT_MAX_ROUNDS = 3;
/** Verified statements an answer needs. */
export const MIN_STATEMENTS = 1;
/**
 * Abstain below this evidence strength (the share of the question's idf mass the best evidence
 * sentence holds; for a claim, its best paper's, with the paper's search margin: gather-evidence.ts).
 * Tuned on SciFact train, the trade-off between answering claims that have evidence and abstaining
 * on those that have none (README, "Ask").
 */
export const RELEVANCE_FLOOR = 0.4;
/**
 * The question's best citable sentence must clear the best of its background queries by this
 * much (ask/background.ts): evidence no better than what chance finds in this library is none. A
 * library under BACKGROUND_LIBRARY_POOLS candidate pools has no background to speak of (the pool
 * is a large share of it, so a band's random words are the pool's own papers' words and the
 * background asks about what the library does hold): there the focus floor alone decides.
 * Set on eval-ask's tune half (bench/ask-questions.jsonl) with FOCUS_FLOOR and RELATIVE_FOCUS:
 * at 0.07 the near-domain questions answered by chance ("chess-playing agents", 0.06 over the
 * background) abstain and no answerable one does; at 0.1 answerable ones start to. Not for a
 * claim: its strength has its own calibration on SciFact (CLAIM_MARGIN_WEIGHT), which 0.07 cost
 * 0.025 abstract F1.
 */
export const BACKGROUND_MARGIN = 0.07;
export const BACKGROUND_LIBRARY_POOLS = 4;
/** Margins over the background that make an answer's confidence high or medium (else low). */
const HIGH_MARGIN = 0.3;
const MEDIUM_MARGIN = 0.15;
/** Papers named in an abstention's note. */
const CLOSEST = 3;

export async function ask(library: AskSources, question: string, options: AskOptions): Promise<Answer> {
  // Rounds re-read mostly the same candidate sentences: within one question, each text is embedded once.
  const sources: AskSources = library.semantic
    ? { ...library, semantic: { ...library.semantic, provider: memoizedProvider(library.semantic.provider) }, termVectors: library.termVectors ?? builtinTermVectors(library.semantic.provider) }
    : library;
  const engine = options.engine ?? extractiveEngine();
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  const floor = options.relevanceFloor ?? RELEVANCE_FLOOR;
  const emit = (e: AskEvent) => options.onEvent?.(e);
  const { plan, paperDocId } = await resolvePlan(sources, question, options, engine);
  emit({ type: 'plan', plan });
  const poolRequest = {
    kind: plan.kind,
    ...(paperDocId !== undefined ? { paperDocId } : {}),
    ...(plan.since ? { since: plan.since } : {}),
    ...(options.docIds ? { docIds: options.docIds } : {}),
  };

  const seen: EvidenceSentence[] = [];
  const closeness = new Map<string, number>();
  let query = plan.query;
  let rounds = 0;
  let anchorScores: ReadonlyMap<string, number> | undefined;
  let background: number[] | undefined;
  let last: Gathered | undefined;
  let calibration: Answer['calibration'];
  for (let round = 1; round <= maxRounds; round++) {
    options.signal?.throwIfAborted();
    rounds = round;
    emit({ type: 'round', round, query });
    const gathered = await gatherEvidence(sources, {
      ...poolRequest, query, question, anchor: plan.query, quoted: engine.name === EXTRACTIVE_ENGINE_NAME,
      ...(anchorScores ? { anchorScores } : {}), ...(last ? { anchorFocus: last.focus } : {}),
    });
    last = gathered;
    anchorScores ??= gathered.anchorScores;
    seen.push(...gathered.candidates);
    for (const [id, f] of gathered.paperFocus) closeness.set(id, Math.max(f, closeness.get(id) ?? 0));
    emit({ type: 'evidence', round, evidence: gathered.evidence });
    if (gathered.evidence.length > 0 && gathered.strength >= floor) {
      // Is this evidence more than chance finds in this library? (Asked once: the background depends on the question, not the round.)
      background ??= plan.kind === 'paper' || sources.lexical.size < BACKGROUND_LIBRARY_POOLS * CANDIDATE_PAPERS ? [] : await backgroundScores(sources, poolRequest, plan.query, gathered.focus, (focus, pool) => bestFocus(question, focus, pool, plan.kind !== 'claim'));
      calibration = { best: round3(gathered.focusBest), background: background.map(round3) };
      const bar = Math.max(0, ...background) + (plan.kind === 'claim' ? 0 : BACKGROUND_MARGIN);
      if (plan.kind === 'paper' || gathered.focusBest > bar) {
        const drafted = await engine.draft(question, { ...plan, query }, gathered.evidence, {
          ...(options.signal ? { signal: options.signal } : {}),
          onDelta: (text) => emit({ type: 'delta', text }),
        });
        // Verified against the stored abstracts as split (never against the evidence's own text), and against the focus.
        const verified = verifyStatements(drafted, {
          evidence: gathered.evidence, sentencesOf: gathered.sentencesOf, extractive: engine.name === EXTRACTIVE_ENGINE_NAME, citable: gathered.citable,
        });
        if (verified.statements.length >= MIN_STATEMENTS) {
          const papers = new Map(gathered.candidates.map((e) => [e.paperId, e]));
          const statements = arrangeStatements(verified.statements, papers);
          for (const statement of statements) emit({ type: 'statement', statement });
          const found = { abstained: false, focus: focusWords(gathered.focus), confidence: confidenceOf(gathered.focusBest, background), plan };
          const answer: Answer = {
            question, answer: composeAnswer(statements), statements, rounds, engine: engine.name, ...found, checked: checkedNote(found, background.length > 0), calibration,
          };
          emit({ type: 'answer', answer });
          return answer;
        }
      }
    }
    if (round === maxRounds) break;
    const next =
      (await engine.reformulate?.(question, { ...plan, query }, gathered.evidence, options.signal ? { signal: options.signal } : {})) ??
      feedbackQuery(query, gathered.candidates, sources.lexical);
    if (!next || next === query) break;
    query = next;
  }
  const focus = last ? focusWords(last.focus) : [];
  const note = closestNote(seen, closeness, focus, plan.kind === 'claim');
  const answer: Answer = {
    question, plan, answer: note, statements: [], abstained: true, rounds, note, engine: engine.name, focus,
    checked: checkedNote({ abstained: true, focus, plan }, (background?.length ?? 0) > 0), ...(calibration ? { calibration } : {}),
  };
  emit({ type: 'answer', answer });
  return answer;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** How far the best evidence clears the background's best. */
function confidenceOf(best: number, background: number[]): Confidence {
  const margin = best - Math.max(0, ...background);
  return margin >= HIGH_MARGIN ? 'high' : margin >= MEDIUM_MARGIN ? 'medium' : 'low';
}

/** The rule-based plan (or the engine's, given the rules'), with a named paper resolved to its public id and row (or the question treated as about the library when it names none we hold). */
async function resolvePlan(sources: AskSources, question: string, options: AskOptions, engine: AnswerEngine): Promise<{ plan: AskPlan; paperDocId?: number }> {
  const plan = routeQuestion(question, { today: options.today, ...(options.paperId ? { paperId: options.paperId } : {}) });
  if (plan.kind !== 'paper') return { plan: engine.plan ? await engine.plan(question, plan, options.signal ? { signal: options.signal } : {}) : plan };
  const paper = await sources.store.getPaper(plan.paperId!);
  const docId = paper ? await sources.store.docIdOf(paper.id) : undefined;
  if (paper && docId !== undefined) return { plan: { ...plan, paperId: paper.id }, paperDocId: docId };
  if (options.paperId) throw new PaperboyError('NOT_FOUND', `no paper ${options.paperId} in the library`);
  const { paperId: _paperId, ...rest } = plan;
  return { plan: { ...rest, kind: 'library', why: `mentions ${plan.paperId}, which is not in the library: search the library instead` } };
}

/** The abstention's note: the papers that come closest to the focus (`closeness`, a paper's best focus score; retrieval score breaks ties). */
function closestNote(seen: EvidenceSentence[], closeness: ReadonlyMap<string, number>, focus: string[], claim: boolean): string {
  const best = new Map<string, EvidenceSentence>();
  for (const s of [...seen].sort((a, b) => b.score - a.score)) if (!best.has(s.paperId)) best.set(s.paperId, s);
  const close = (s: EvidenceSentence) => closeness.get(s.paperId) ?? 0;
  const closest = [...best.values()].sort((a, b) => close(b) - close(a) || b.score - a.score).slice(0, CLOSEST);
  if (closest.length === 0) return 'The library has no paper that shares words with this question, so there is nothing to answer from.';
  const about = focus.length ? ` about “${focus.join(' ')}”` : '';
  const lead = claim
    ? `The library has nothing for or against this claim: no abstract says anything${about} that bears on it.`
    : `The library has no evidence that answers this: no abstract says enough${about}.`;
  return `${lead} Closest papers: ${closest.map((s) => `“${s.title}” (${s.paperId})`).join('; ')}.`;
}

