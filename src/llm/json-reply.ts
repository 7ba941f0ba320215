/**
 * JSON from a chat model, tolerantly: the object is dug out of code fences or surrounding prose,
 * checked against a zod schema, and a reply that fails either gets one repair turn (the model is
 * shown its reply and what was wrong) before the call fails.
 */
import type { z } from 'zod';
import { PaperboyError } from '../core/errors.js';
import { snippet } from '../net/openai-protocol.js';
import type { ChatRequest, LlmProvider } from './llm-provider.js';

/** The first JSON object in `text` (inside ``` fences or after prose), or undefined. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  for (const candidate of [fenced, text]) {
    if (candidate === undefined) continue;
    const start = candidate.indexOf('{');
    if (start < 0) continue;
    // Widest first (the whole object), then each closing brace back from the end (trailing prose with braces).
    for (let end = candidate.lastIndexOf('}'); end > start; end = candidate.lastIndexOf('}', end - 1)) {
      try {
        return JSON.parse(candidate.slice(start, end + 1)) as unknown;
      } catch {
        // a shorter span may parse
      }
    }
  }
  return undefined;
}

export interface JsonReply<T> {
  value: T;
  /** The raw text of the reply the value came from. */
  text: string;
}

/** Asks for JSON matching `schema`; `shape` is an example shown to the model when repairing. */
export async function chatJson<T>(llm: LlmProvider, request: ChatRequest, schema: z.ZodType<T>, shape: string): Promise<JsonReply<T>> {
  const first = await llm.chat({ ...request, json: true });
  const checked = check(first.text, schema);
  if (checked.ok) return { value: checked.value, text: first.text };
  const repair = await llm.chat({
    ...request,
    json: true,
    onDelta: undefined,
    messages: [
      ...request.messages,
      { role: 'assistant', content: first.text },
      { role: 'user', content: `That reply was not the JSON asked for (${checked.why}). Reply with only one JSON object of this shape, nothing else:\n${shape}` },
    ],
  });
  const again = check(repair.text, schema);
  if (again.ok) return { value: again.value, text: repair.text };
  throw new PaperboyError('LLM_FAILED', `${llm.name} did not reply with the JSON asked for, even when asked again (${again.why}): ${snippet(repair.text)}`);
}

function check<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; why: string } {
  const json = extractJson(text);
  if (json === undefined) return { ok: false, why: 'no JSON object found' };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, why: parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'}: ${i.message}`).join('; ') };
}
