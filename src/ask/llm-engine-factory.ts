/**
 * The LLM answer engine a process uses, from the configuration (and, for the CLI, flags over it):
 * the provider is made once, and each question gets a fresh engine, because an engine carries
 * that question's token budget. Undefined when no LLM is configured: the extractive engine runs.
 */
import type { Config } from '../core/config.js';
import { createLlm } from '../llm/create-llm.js';
import { llmEngine, type LlmEngine } from './llm-engine.js';

export interface LlmOverrides {
  url?: string | undefined;
  model?: string | undefined;
  gguf?: string | undefined;
  /** Tokens per question. */
  budget?: number | undefined;
  judge?: boolean | undefined;
}

export async function llmEngineFactory(config: Config, overrides: LlmOverrides = {}): Promise<(() => LlmEngine) | undefined> {
  const budget = overrides.budget ?? config.llm?.budgetTokens;
  const fromFlags = overrides.url !== undefined || overrides.gguf !== undefined;
  const llm = await createLlm({
    ...(fromFlags ? { url: overrides.url, gguf: overrides.gguf } : { url: config.llm?.url, gguf: config.llm?.gguf }),
    model: overrides.model ?? config.llm?.model,
    apiKey: config.llm?.apiKey,
    timeoutMs: config.llm?.timeoutMs,
    maxTokens: config.llm?.maxTokens,
  });
  if (!llm) return undefined;
  const judge = overrides.judge ?? config.llm?.judge;
  return () => llmEngine(llm, { today: config.today, budgetTokens: budget, maxTokens: config.llm?.maxTokens, judge });
}
