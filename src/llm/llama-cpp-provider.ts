/**
 * A local GGUF model through node-llama-cpp, an optional package (about 600 MB with its
 * binaries; `paperboy install llama-cpp`, see core/optional-packages.ts): imported only when a
 * GGUF path is configured, so paperboy neither installs nor loads it otherwise. Only the few calls
 * used here are typed, locally.
 *
 * Not exercised beyond its absence in paperboy's tests: there are no model weights on the test
 * machines. Each chat() replays the messages as the session's history and prompts with the last
 * user message; json asks for node-llama-cpp's built-in JSON grammar (constrained decoding).
 */
import { existsSync } from 'node:fs';
import { PaperboyError } from '../core/errors.js';
import { importOptional, type ModuleImporter } from '../core/optional-packages.js';
import type { ChatMessage, ChatRequest, ChatResult, LlmProvider } from './llm-provider.js';

/** The part of node-llama-cpp (v3) used here. */
interface LlamaCppModule {
  getLlama(): Promise<Llama>;
  LlamaChatSession: new (options: { contextSequence: unknown }) => LlamaChatSession;
}
interface Llama {
  loadModel(options: { modelPath: string }): Promise<{ createContext(): Promise<{ getSequence(): unknown }> }>;
  getGrammarFor(type: 'json'): Promise<unknown>;
}
type ChatHistoryItem = { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };
interface LlamaChatSession {
  setChatHistory(history: ChatHistoryItem[]): void;
  prompt(
    text: string,
    options: { maxTokens?: number; temperature?: number; grammar?: unknown; signal?: AbortSignal; onTextChunk?: (text: string) => void },
  ): Promise<string>;
}

export async function openLlamaCpp(modelPath: string, importer?: ModuleImporter): Promise<LlmProvider> {
  // node-llama-cpp, or an LLM_UNAVAILABLE error saying how to install it.
  const lib = (await importOptional('llama-cpp', importer)) as LlamaCppModule;
  if (!existsSync(modelPath)) throw new PaperboyError('FILE_NOT_FOUND', `no GGUF model at ${modelPath}`);
  const llama = await lib.getLlama();
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext();
  const name = `gguf:${modelPath.split(/[\\/]/).pop()}`;
  // One context sequence, one session whose history each call replaces: one call at a time.
  const session = new lib.LlamaChatSession({ contextSequence: context.getSequence() });
  let queue: Promise<unknown> = Promise.resolve();

  const chat = async (request: ChatRequest): Promise<ChatResult> => {
    const last = request.messages.at(-1);
    if (last?.role !== 'user') throw new PaperboyError('BAD_INPUT', 'a chat must end with a user message');
    session.setChatHistory(request.messages.slice(0, -1).map(historyItem));
    const text = await session.prompt(last.content, {
      ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.json ? { grammar: await llama.getGrammarFor('json') } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onDelta ? { onTextChunk: request.onDelta } : {}),
    });
    return { text };
  };

  return {
    name,
    chat: (request) => {
      const run = queue.then(() => chat(request));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function historyItem(m: ChatMessage): ChatHistoryItem {
  return m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content };
}
