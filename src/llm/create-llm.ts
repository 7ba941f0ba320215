/**
 * One entry point from settings (the configuration, overridden by command-line flags) to an
 * LlmProvider, or undefined when no LLM is configured (`paperboy ask` then answers extractively):
 *
 *   {url, model, apiKey?, timeoutMs?, maxTokens?}   an OpenAI-compatible chat endpoint (openai-chat.ts)
 *   {gguf}                                          a local GGUF model (llama-cpp-provider.ts, optional package)
 */
import { z } from 'zod';
import { PaperboyError } from '../core/errors.js';
import type { ModuleImporter } from '../core/optional-packages.js';
import { openLlamaCpp } from './llama-cpp-provider.js';
import type { LlmProvider } from './llm-provider.js';
import { OpenAiChat } from './openai-chat.js';

const LlmSettingsSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'the LLM URL must be http(s)' }).optional(),
    model: z.string().min(1).optional(),
    /** Never stored or printed. */
    apiKey: z.string().optional(),
    gguf: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxTokens: z.number().int().positive().optional(),
  })
  .refine((s) => !(s.url && s.gguf), { error: 'give an LLM URL or a GGUF model, not both' })
  .refine((s) => !s.url || s.model, { error: 'an LLM URL needs a model name (--llm-model or PAPERBOY_LLM_MODEL)' })
  .refine((s) => !s.model || s.url || s.gguf, { error: 'an LLM model name needs the server it runs on (--llm-url or PAPERBOY_LLM_URL)' });

export type LlmSettings = z.input<typeof LlmSettingsSchema>;

export async function createLlm(settings: LlmSettings, deps: { importer?: ModuleImporter } = {}): Promise<LlmProvider | undefined> {
  const parsed = LlmSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    // Messages only, never the values (the key).
    throw new PaperboyError('BAD_CONFIG', `invalid LLM settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const s = parsed.data;
  if (s.gguf) return openLlamaCpp(s.gguf, deps.importer);
  if (!s.url || !s.model) return undefined;
  return new OpenAiChat({ baseUrl: s.url, model: s.model, apiKey: s.apiKey, timeoutMs: s.timeoutMs, idleTimeoutMs: s.timeoutMs, maxTokens: s.maxTokens });
}
