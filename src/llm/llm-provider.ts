/**
 * An LLM behind one small interface: any OpenAI-compatible chat endpoint (llm/openai-chat.ts),
 * or a local GGUF model through node-llama-cpp when that optional package is installed.
 * Tested against a local server that speaks the OpenAI protocol (no model weights exist here).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Upper bound on generated tokens (the token budget of one call). */
  maxTokens?: number;
  temperature?: number;
  /** Ask for a JSON object (response_format json_object where the server supports it). */
  json?: boolean;
  /** Streams the text as it arrives; the full text is still returned. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  /** Why generation stopped ('stop', 'length', …) as the server said. */
  finishReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
}

export interface LlmProvider {
  /** e.g. 'openai:llama3.1:8b' — shown as the answer's engine. */
  readonly name: string;
  chat(request: ChatRequest): Promise<ChatResult>;
}
