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
import type { Answer, AnswerEngine, AskEvent, AskOptions, AskPlan, AskSources, EvidenceSentence } from './ask-types.js';
import { composeAnswer } from './compose-answer.js';
import { EXTRACTIVE_ENGINE_NAME, extractiveEngine } from './extractive-engine.js';
import { gatherEvidence } from './gather-evidence.js';
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
/** Papers named in an abstention's note. */
const CLOSEST = 3;

export async function ask(library: AskSources, question: string, options: AskOptions): Promise<Answer> {
  // Rounds re-read mostly the same candidate sentences: within one question, each text is embedded once.
  const sources = library.semantic ? { ...library, semantic: { ...library.semantic, provider: memoizedProvider(library.semantic.provider) } } : library;
  const engine = options.engine ?? extractiveEngine();
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  const floor = options.relevanceFloor ?? RELEVANCE_FLOOR;
  const emit = (e: AskEvent) => options.onEvent?.(e);
  const { plan, paperDocId } = await resolvePlan(sources, question, options, engine);
  emit({ type: 'plan', plan });

  const seen: EvidenceSentence[] = [];
  let query = plan.query;
  let rounds = 0;
  let anchorScores: ReadonlyMap<string, number> | undefined;
  for (let round = 1; round <= maxRounds; round++) {
    options.signal?.throwIfAborted();
    rounds = round;
    emit({ type: 'round', round, query });
    const gathered = await gatherEvidence(sources, {
      query,
      anchor: plan.query,
      ...(anchorScores ? { anchorScores } : {}),
      kind: plan.kind,
      ...(paperDocId !== undefined ? { paperDocId } : {}),
      ...(plan.since ? { since: plan.since } : {}),
      ...(options.docIds ? { docIds: options.docIds } : {}),
    });
    anchorScores ??= gathered.anchorScores;
    seen.push(...gathered.candidates);
    emit({ type: 'evidence', round, evidence: gathered.evidence });
    if (gathered.evidence.length > 0 && gathered.strength >= floor) {
      const drafted = await engine.draft(question, { ...plan, query }, gathered.evidence, {
        ...(options.signal ? { signal: options.signal } : {}),
        onDelta: (text) => emit({ type: 'delta', text }),
      });
      // Verified against the stored abstracts as split (never against the evidence's own text).
      const verified = verifyStatements(drafted, { evidence: gathered.evidence, sentencesOf: gathered.sentencesOf, extractive: engine.name === EXTRACTIVE_ENGINE_NAME });
      if (verified.statements.length >= MIN_STATEMENTS) {
        for (const statement of verified.statements) emit({ type: 'statement', statement });
        const papers = new Map(gathered.evidence.map((e) => [e.paperId, e]));
        const answer: Answer = {
          question, plan, answer: composeAnswer(verified.statements, papers), statements: verified.statements,
          abstained: false, rounds, engine: engine.name,
        };
        emit({ type: 'answer', answer });
        return answer;
      }
    }
    if (round === maxRounds) break;
    const next =
      (await engine.reformulate?.(question, { ...plan, query }, gathered.evidence, options.signal ? { signal: options.signal } : {})) ??
      feedbackQuery(query, gathered.candidates, sources.lexical);
    if (!next || next === query) break;
    query = next;
  }
  const note = closestNote(seen);
  const answer: Answer = { question, plan, answer: note, statements: [], abstained: true, rounds, note, engine: engine.name };
  emit({ type: 'answer', answer });
  return answer;
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

function closestNote(seen: EvidenceSentence[]): string {
  const best = new Map<string, EvidenceSentence>();
  for (const s of [...seen].sort((a, b) => b.score - a.score)) if (!best.has(s.paperId)) best.set(s.paperId, s);
  const closest = [...best.values()].slice(0, CLOSEST);
  if (closest.length === 0) return 'The library has no paper that shares words with this question, so there is nothing to answer from.';
  return `The library has no evidence that answers this closely enough. Closest papers: ${closest.map((s) => `“${s.title}” (${s.paperId})`).join('; ')}.`;
}

