/**
 * OpenAiChat: an LlmProvider over any server that speaks OpenAI's `POST /v1/chat/completions` —
 * Ollama, llama.cpp's server, vLLM, LM Studio, OpenAI itself.
 *
 *   request   {"model", "messages", "max_tokens", "temperature", "stream",
 *              "response_format": {"type": "json_object"} (json asked), "stream_options": {"include_usage": true}}
 *   response  {"choices": [{"message": {"content"}, "finish_reason"}], "usage"}, or with stream:
 *             server-sent events `data: {"choices": [{"delta": {"content"}}]}` … `data: [DONE]`
 *
 * Two timeouts per attempt: until the response headers arrive (connect and the server's first
 * byte), then the longest silence between body chunks, so a long answer that keeps streaming is
 * never cut off but a server that stalls mid-answer is. 429, 408, 5xx, timeouts and dropped
 * connections are retried with exponential backoff and jitter (net/backoff.ts), honouring
 * Retry-After, unless text has already been streamed to the caller (it cannot be taken back).
 * A server that rejects the optional fields (400/422) is asked once more without them, and
 * from then on never sent them. Errors name the URL and never the key.
 */
import { PaperboyError, type ErrorCode } from '../core/errors.js';
import { backoffDelay, describeNetworkError, formatSeconds, gaveUp, isTransientStatus, retryAfterMs, sleep } from '../net/backoff.js';
import { describeHttpError, errorMessageOf, openAiEndpoint, snippet } from '../net/openai-protocol.js';
import type { ChatRequest, ChatResult, LlmProvider } from './llm-provider.js';
import { SseDecoder } from './server-sent-events.js';

/** The endpoint cannot be reached, times out, or stays overloaded. */
const UNAVAILABLE: ErrorCode = 'LLM_UNAVAILABLE';
/** The endpoint answered, but with an error or something that is not a chat completion. */
const FAILED: ErrorCode = 'LLM_FAILED';

export interface OpenAiChatOptions {
  /** Server root, API root (…/v1) or the chat/completions endpoint itself. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never printed. */
  apiKey?: string | undefined;
  /** Until the response headers arrive, in ms. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Longest silence while the body arrives (between streamed chunks), in ms. Default 60 000. */
  idleTimeoutMs?: number | undefined;
  /** Generated tokens per call when the request sets none. Default 1024. */
  maxTokens?: number | undefined;
  /** Retries after the first attempt for transient failures. Default 3. */
  retries?: number | undefined;
  /** First backoff delay in ms (doubling, with jitter, up to retryMaxMs). Default 500. */
  retryBaseMs?: number | undefined;
  /** Longest backoff delay in ms; also caps Retry-After. Default 30 000. */
  retryMaxMs?: number | undefined;
  /** Injection points for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The chat/completions endpoint for a base URL. */
export const chatUrl = (baseUrl: string): URL => openAiEndpoint(baseUrl, 'chat/completions', 'chat');

type Outcome =
  | { ok: true; result: ChatResult }
  | {
      ok: false;
      error: PaperboyError;
      /** Worth retrying (overload, timeout, dropped connection) — unless text was already streamed. */
      transient: boolean;
      retryAfterMs?: number | undefined;
      /** The server rejected the request itself: ask again without the optional fields. */
      rejected?: boolean;
    };

export class OpenAiChat implements LlmProvider {
  readonly name: string;
  readonly url: string;
  private readonly options: OpenAiChatOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Set once the server has rejected response_format / stream_options. */
  private plain = false;

  constructor(options: OpenAiChatOptions) {
    if (!options.model) throw new PaperboyError('BAD_CONFIG', 'the chat endpoint needs a model name');
    this.options = options;
    this.url = chatUrl(options.baseUrl).toString();
    this.name = `openai:${options.model}`;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      request.signal?.throwIfAborted();
      const streamed = { any: false };
      const outcome = await this.attempt(request, streamed);
      if (outcome.ok) return outcome.result;
      if (outcome.rejected && !this.plain && (request.json || request.onDelta)) {
        this.plain = true;
        attempt--;
        continue;
      }
      const retry = outcome.transient && !streamed.any;
      if (!retry || attempt >= retries) {
        if (!retry || attempt === 0) throw outcome.error;
        throw gaveUp(outcome.error, attempt + 1);
      }
      const limits = { baseMs: this.options.retryBaseMs ?? 500, maxMs: this.options.retryMaxMs ?? 30_000 };
      await this.sleep(backoffDelay(attempt, outcome.retryAfterMs, limits, this.random));
    }
  }

  private body(request: ChatRequest): string {
    const body: Record<string, unknown> = {
      model: this.options.model,
      messages: request.messages,
      max_tokens: request.maxTokens ?? this.options.maxTokens ?? 1024,
      stream: Boolean(request.onDelta),
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (!this.plain) {
      if (request.json) body.response_format = { type: 'json_object' };
      if (request.onDelta) body.stream_options = { include_usage: true };
    }
    return JSON.stringify(body);
  }

  /** One request: headers within timeoutMs, then no silence longer than idleTimeoutMs. */
  private async attempt(request: ChatRequest, streamed: { any: boolean }): Promise<Outcome> {
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const idleMs = this.options.idleTimeoutMs ?? 60_000;
    const controller = new AbortController();
    let stalled: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = `${what} ${formatSeconds(ms)}`;
        controller.abort();
      }, ms);
    };
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: request.onDelta ? 'text/event-stream' : 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;

    let phase: 'connect' | 'body' = 'connect';
    try {
      arm(timeoutMs, 'did not answer within');
      const response = await this.fetchImpl(this.url, { method: 'POST', headers, body: this.body(request), signal: controller.signal });
      phase = 'body';
      arm(idleMs, 'went silent mid-answer for');
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && response.body && type.includes('text/event-stream')) {
        return await this.readStream(response.body, request, streamed, () => arm(idleMs, 'went silent mid-answer for'));
      }
      const text = await readAll(response.body, () => arm(idleMs, 'went silent mid-answer for'));
      if (!response.ok) {
        const details = { url: this.url, status: response.status };
        const transient = isTransientStatus(response.status);
        const auth = response.status === 401 || response.status === 403;
        const message = describeHttpError(this.url, response.status, response.statusText, text, Boolean(this.options.apiKey));
        return {
          ok: false,
          transient,
          rejected: response.status === 400 || response.status === 422,
          retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
          error: new PaperboyError(transient ? UNAVAILABLE : auth ? 'BAD_CONFIG' : FAILED, message, details),
        };
      }
      const result = this.completionOf(text, type);
      // A server that ignored stream: true still answered; hand the caller the whole text.
      if (request.onDelta && result.text) {
        streamed.any = true;
        request.onDelta(result.text);
      }
      return { ok: true, result };
    } catch (err) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (err instanceof PaperboyError) return { ok: false, transient: false, error: err };
      if (stalled) return { ok: false, transient: true, error: new PaperboyError(UNAVAILABLE, `${this.url} ${stalled}`, { url: this.url }) };
      const { transient, code, description } = describeNetworkError(err, timeoutMs);
      const where = phase === 'connect' ? `cannot reach ${this.url}` : `${this.url} broke off its answer`;
      return { ok: false, transient, error: new PaperboyError(UNAVAILABLE, `${where}: ${description}`, { url: this.url, ...(code ? { code } : {}) }) };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A non-streamed completion. */
  private completionOf(text: string, type: string): ChatResult {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.fail(`did not answer with JSON (${type || 'no content type'}): ${snippet(text)}`);
    }
    const choice = this.choiceOf(json);
    const content = (choice.message as { content?: unknown } | undefined)?.content;
    if (typeof content !== 'string') this.fail(`answered without message content: ${snippet(text)}`);
    return withUsage({ text: content, ...finishOf(choice) }, json);
  }

  /** A streamed completion: deltas go to onDelta as they arrive. */
  private async readStream(
    body: ReadableStream<Uint8Array>,
    request: ChatRequest,
    streamed: { any: boolean },
    alive: () => void,
  ): Promise<Outcome> {
    const decoder = new SseDecoder();
    const utf8 = new TextDecoder();
    let result: ChatResult = { text: '' };
    let done = false;
    const take = (events: string[]) => {
      for (const data of events) {
        if (done) return;
        if (data.trim() === '[DONE]') {
          done = true;
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          this.fail(`sent a malformed event: ${snippet(data)}`);
        }
        result = withUsage(result, json);
        // The usage-only chunk at the end has no choices.
        if (Array.isArray((json as { choices?: unknown }).choices) && (json as { choices: unknown[] }).choices.length === 0) continue;
        const choice = this.choiceOf(json);
        const delta = (choice.delta as { content?: unknown } | undefined)?.content;
        if (typeof delta === 'string' && delta) {
          result.text += delta;
          streamed.any = true;
          request.onDelta?.(delta);
        }
        Object.assign(result, finishOf(choice));
      }
    };
    const reader = body.getReader();
    try {
      for (;;) {
        const { done: ended, value } = await reader.read();
        if (ended) break;
        alive();
        take(decoder.push(utf8.decode(value, { stream: true })));
        if (done) break;
      }
      if (!done) take(decoder.push(utf8.decode()).concat(decoder.end()));
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    if (!done && result.finishReason === undefined) {
      return { ok: false, transient: true, error: new PaperboyError(UNAVAILABLE, `${this.url} ended its stream before [DONE]`, { url: this.url }) };
    }
    return { ok: true, result };
  }

  /** The first choice of a completion or chunk; an error payload or no choices fails. */
  private choiceOf(json: unknown): Record<string, unknown> {
    if (!json || typeof json !== 'object') return this.fail(`answered ${snippet(JSON.stringify(json) ?? '')}, not a chat completion`);
    const o = json as { choices?: unknown; error?: unknown };
    if (o.error !== undefined) {
      return this.fail(`reported an error: ${errorMessageOf({ error: o.error }) ?? snippet(JSON.stringify(o.error))}`);
    }
    const choice = Array.isArray(o.choices) ? (o.choices[0] as unknown) : undefined;
    if (!choice || typeof choice !== 'object') return this.fail(`answered without choices: ${snippet(JSON.stringify(json))}`);
    return choice as Record<string, unknown>;
  }

  private fail(why: string): never {
    throw new PaperboyError(FAILED, `${this.url} ${why}`, { url: this.url });
  }
}

function finishOf(choice: Record<string, unknown>): { finishReason?: string } {
  return typeof choice.finish_reason === 'string' ? { finishReason: choice.finish_reason } : {};
}

/** Adds the token counts when the server reported them. */
function withUsage(result: ChatResult, json: unknown): ChatResult {
  const usage = (json as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') return result;
  return { ...result, usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } };
}

/** The whole body as text, keeping the idle timer alive while chunks arrive. */
async function readAll(body: ReadableStream<Uint8Array> | null, alive: () => void): Promise<string> {
  if (!body) return '';
  const utf8 = new TextDecoder();
  let text = '';
  for await (const chunk of body) {
    alive();
    text += utf8.decode(chunk, { stream: true });
  }
  return text + utf8.decode();
}
