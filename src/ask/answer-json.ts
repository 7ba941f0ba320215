/** The answer as JSON, one form for the CLI's --json and the HTTP API. */
import type { Answer } from './ask-types.js';

/** The stable JSON form: the contract's fields, then the plan, the engine, the note and what was checked. */
export function answerJson(a: Answer): Record<string, unknown> {
  return {
    answer: a.answer,
    statements: a.statements.map((s) => ({
      text: s.text,
      ...(s.shown ? { shown: s.shown } : {}),
      citations: s.citations.map(({ paperId, sentenceIndex, quote }) => ({ paperId, sentenceIndex, quote })),
      ...(s.stance ? { stance: s.stance } : {}),
    })),
    abstained: a.abstained,
    rounds: a.rounds,
    plan: a.plan,
    engine: a.engine,
    ...(a.note ? { note: a.note } : {}),
    focus: a.focus,
    checked: a.checked,
    ...(a.confidence ? { confidence: a.confidence } : {}),
    ...(a.calibration ? { calibration: a.calibration } : {}),
  };
}
