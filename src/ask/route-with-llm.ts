/**
 * The retrieval decision by an LLM, when one is configured: the rules (ask/route-question.ts)
 * decide first, cheaply, and the model may re-classify the question and rewrite its search
 * query. Any failure — an error, a budget spent, a reply that is not a valid plan — keeps the
 * rules' plan. A paper the rules found by its id stays: ids come from the question, never from
 * the model.
 */
import { z } from 'zod';
import { chatJson } from '../llm/json-reply.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import type { AskPlan } from './ask-types.js';

const PlanReply = z.object({
  kind: z.enum(['library', 'recent', 'claim']),
  query: z.string().trim().min(1).max(300),
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
  why: z.string().max(300).nullish(),
});

const SHAPE = '{"kind": "library" | "recent" | "claim", "query": "search keywords", "since": "YYYY-MM-DD" or null, "why": "one short line"}';

const SYSTEM = [
  'You decide how to search a library of research-paper abstracts to answer a question.',
  'Classify the question: "recent" when it asks for new or latest work (then give "since", the earliest date that counts);',
  '"claim" when it states something to check or is a yes/no question about a finding; "library" for anything else.',
  'Write "query": the keywords a search engine needs (no question words, no quotes, no operators).',
  `Reply with one JSON object and nothing else: ${SHAPE}`,
].join('\n');

export async function routeWithLlm(
  llm: LlmProvider,
  question: string,
  rules: AskPlan,
  options: { today: string; signal?: AbortSignal | undefined },
): Promise<AskPlan> {
  if (rules.kind === 'paper') return rules;
  try {
    const { value } = await chatJson(
      llm,
      {
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: `Today is ${options.today}.\nQuestion: ${question}` },
        ],
        maxTokens: 200,
        temperature: 0,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      PlanReply,
      SHAPE,
    );
    const since = value.since && value.since <= options.today ? value.since : rules.since;
    if (value.kind === 'recent' && !since) return rules;
    return {
      kind: value.kind,
      query: value.query.replace(/["“”]/g, ''),
      ...(value.kind === 'recent' && since ? { since } : {}),
      why: `the LLM: ${value.why?.trim() || `a ${value.kind} question`}`,
    };
  } catch {
    options.signal?.throwIfAborted();
    return rules;
  }
}
