/**
 * The default answer engine, no LLM: statements are the evidence sentences themselves (so each
 * quotes exactly what it cites), grouped by paper (papers in order of their best sentence,
 * sentences in abstract order, so each paper's part reads in sequence), and for a claim split
 * into supporting then contradicting evidence (ask/claim-stance.ts). The pipeline writes the
 * prose around them (ask/compose-answer.ts).
 */
import type { AnswerEngine, AskPlan, EvidenceSentence, Statement } from './ask-types.js';
import { stanceOf } from './claim-stance.js';

export const EXTRACTIVE_ENGINE_NAME = 'extractive';

export function extractiveEngine(): AnswerEngine {
  return {
    name: EXTRACTIVE_ENGINE_NAME,
    draft: (_question: string, plan: AskPlan, evidence: EvidenceSentence[]) => Promise.resolve(draftExtractive(plan, evidence)),
  };
}

function draftExtractive(plan: AskPlan, evidence: EvidenceSentence[]): Statement[] {
  const paperOrder = new Map<string, number>();
  for (const e of evidence) if (!paperOrder.has(e.paperId)) paperOrder.set(e.paperId, paperOrder.size);
  const statements = [...evidence]
    .sort((a, b) => paperOrder.get(a.paperId)! - paperOrder.get(b.paperId)! || a.sentenceIndex - b.sentenceIndex)
    .map((e): Statement => ({
      text: e.text,
      citations: [{ paperId: e.paperId, sentenceIndex: e.sentenceIndex, quote: e.text }],
      ...(plan.kind === 'claim' ? { stance: stanceOf(plan.query, e.text) } : {}),
    }));
  if (plan.kind !== 'claim') return statements;
  // Stable: each side keeps the grouping by paper.
  return [...statements.filter((s) => s.stance === 'supports'), ...statements.filter((s) => s.stance === 'contradicts')];
}
