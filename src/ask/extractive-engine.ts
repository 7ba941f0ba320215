/**
 * The default answer engine, no LLM: statements are the evidence sentences themselves (so each
 * quotes exactly what it cites), best first, and for a claim each with its stance
 * (ask/claim-stance.ts). The pipeline arranges them, names their papers and writes the prose
 * around them (ask/compose-answer.ts).
 */
import type { AnswerEngine, AskPlan, EvidenceSentence, Statement } from './ask-types.js';
import { claimStance, polar } from './claim-stance.js';

export const EXTRACTIVE_ENGINE_NAME = 'extractive';

export function extractiveEngine(): AnswerEngine {
  return {
    name: EXTRACTIVE_ENGINE_NAME,
    draft: (_question: string, plan: AskPlan, evidence: EvidenceSentence[]) => Promise.resolve(draftExtractive(plan, evidence)),
  };
}

function draftExtractive(plan: AskPlan, evidence: EvidenceSentence[]): Statement[] {
  // Best first, as the evidence comes: the pipeline arranges them for reading (compose-answer.ts).
  // A claim's evidence is only what bears on it: a sentence that states no finding, or shares a
  // word with the claim in another sense, is neither for nor against it and is left out.
  // When the claim asserts something (more, less, parity, change, a null effect) and some sentences
  // speak to it, those are its evidence: a sentence holding none of that only shares its topic.
  // A sentence bears on such a claim when it is polar itself and takes a stance (each judged once).
  const claim = plan.kind === 'claim';
  const judged = evidence.map((e) => ({ e, stance: claim ? claimStance(plan.query, e.text) : undefined }));
  const decisive = claim && polar(plan.query) && judged.some(({ e, stance }) => stance !== undefined && polar(e.text));
  return judged.flatMap(({ e, stance }): Statement[] => {
    if (claim && (!stance || (decisive && !polar(e.text)))) return [];
    return [{ text: e.text, citations: [{ paperId: e.paperId, sentenceIndex: e.sentenceIndex, quote: e.text }], ...(stance ? { stance } : {}) }];
  });
}
