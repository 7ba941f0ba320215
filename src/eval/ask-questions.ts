/**
 * A question file for `paperboy eval-ask`: JSON lines, one question each,
 * `{"id", "kind": "answerable"|"unanswerable"|"claim", "q", "papers": [ids that answer it],
 * "keys": [phrases a correct quote would contain], "stance"?: "support"|"contradict", "half"?}`.
 * A malformed line is an error naming file and line, as for every evaluation input (eval/beir.ts):
 * figures over a silently shortened question set would be wrong.
 */
import { z } from 'zod';
import { bad, linesOf, objectOn } from './beir.js';

export const QUESTION_KINDS = ['answerable', 'unanswerable', 'claim'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const Question = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    kind: z.enum(QUESTION_KINDS),
    q: z.string().trim().min(1),
    papers: z.array(z.string().min(1)).default([]),
    keys: z.array(z.string().min(1)).default([]),
    stance: z.enum(['support', 'contradict']).optional(),
    /** A fixed tuning / held-out split, decided before tuning. */
    half: z.enum(['tune', 'test']).optional(),
    /** For unanswerable questions: out of the library's domain, or near it (the topic is there, the answer is not). */
    domain: z.enum(['out', 'near']).optional(),
  })
  .refine((q) => q.kind === 'unanswerable' || q.papers.length > 0, { message: 'an answerable question or a claim needs "papers"' })
  .refine((q) => q.kind !== 'claim' || q.stance !== undefined, { message: 'a claim needs "stance": "support" or "contradict"' });

export type AskQuestion = z.infer<typeof Question>;

export async function readAskQuestions(file: string): Promise<AskQuestion[]> {
  const out: AskQuestion[] = [];
  const ids = new Set<string>();
  for await (const { text, line } of linesOf(file)) {
    const parsed = Question.safeParse(objectOn(file, line, text));
    if (!parsed.success) throw bad(file, line, parsed.error.issues.map((i) => `${i.path.join('.') || 'question'}: ${i.message}`).join('; '));
    if (ids.has(parsed.data.id)) throw bad(file, line, `id ${parsed.data.id} appears twice`);
    ids.add(parsed.data.id);
    out.push(parsed.data);
  }
  return out;
}
