/**
 * OpenAiEmbeddingProvider: any server that speaks OpenAI's `POST /v1/embeddings` — OpenAI itself,
 * Ollama, vLLM, Hugging Face text-embeddings-inference, LM Studio, llama.cpp's server, LocalAI.
 *
 *   request   {"model": "...", "input": ["text", ...]}            (+ "dimensions" if asked to)
 *   response  {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [...]}, ...],
 *              "model": "...", "usage": {...}}
 *
 * Texts go in batches (default 64 per request, one request at a time); answers are put back in
 * input order by their `index`. 429, 408, 5xx, timeouts and dropped connections are retried with
 * exponential backoff and jitter, honouring Retry-After; anything else fails at once with the
 * server's own message. Every vector is checked (count, size, finite numbers) and L2-normalised.
 *
 * The base URL may be the server root ("http://localhost:11434"), its versioned API root
 * ("https://api.openai.com/v1") or the endpoint itself (".../v1/embeddings").
 */
import { createHash } from 'node:crypto';
import { PaperboyError, type ErrorCode } from '../core/errors.js';
import { backoffDelay, describeNetworkError, gaveUp, isTransientStatus, retryAfterMs, sleep } from '../net/backoff.js';
import { describeHttpError, errorMessageOf, openAiEndpoint, snippet } from '../net/openai-protocol.js';
import type { EmbeddingProvider } from './embedding-provider.js';

/** The endpoint cannot be reached, times out, or stays overloaded. */
const UNAVAILABLE: ErrorCode = 'EMBEDDING_UNAVAILABLE';
/** The endpoint answered, but with an error or something that is not a valid set of embeddings. */
const FAILED: ErrorCode = 'EMBEDDING_FAILED';

export interface OpenAiProviderOptions {
  /** Server root, API root (…/v1) or the embeddings endpoint itself. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Expected vector size. Default: learned from the first response, then enforced. */
  dimensions?: number;
  /**
   * The size of the vectors a library already holds from this model (its embedding setting):
   * taken as known, so connect() sends no request to learn it; every answer is still checked
   * against it. `dimensions`, when set, wins.
   */
  storedDimensions?: number;
  /**
   * Also send `dimensions` in each request, for models that can shorten their vectors (OpenAI's
   * text-embedding-3-*). Most local servers reject or ignore it. Default false.
   */
  requestDimensions?: boolean;
  /** Texts per request. Default 64. */
  batchSize?: number;
  /** Per attempt, in milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for transient failures. Default 5. */
  retries?: number;
  /** First backoff delay in ms (doubling, with jitter, up to retryMaxMs). Default 500. */
  retryBaseMs?: number;
  /** Longest backoff delay in ms; also caps Retry-After. Default 30 000. */
  retryMaxMs?: number;
  /** Prepended to queries / documents (e.g. "query: " / "passage: " for e5). Default ''. */
  queryPrefix?: string;
  documentPrefix?: string;
  /** Injection points for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The embeddings endpoint for a base URL (see the file comment). */
export const embeddingsUrl = (baseUrl: string): URL => openAiEndpoint(baseUrl, 'embeddings', 'embeddings');

interface Attempt {
  /** Worth retrying (overload, timeout, dropped connection). */
  transient: boolean;
  error: PaperboyError;
  /** Retry-After, in ms, when the server sent one. */
  retryAfterMs?: number;
}

export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly modelId: string;
  readonly url: string;
  readonly queryPrefix: string;
  readonly documentPrefix: string;
  private learnedDimensions: number | undefined;
  private readonly options: OpenAiProviderOptions;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  /** No request is made; see connect() to learn the dimension up front. */
  constructor(options: OpenAiProviderOptions) {
    this.options = options;
    const endpoint = embeddingsUrl(options.baseUrl);
    this.url = endpoint.toString();
    if (!options.model) throw new PaperboyError('BAD_CONFIG', 'the embeddings endpoint needs a model name');
    this.batchSize = positiveInteger(options.batchSize ?? 64, 'batch size');
    this.timeoutMs = positiveInteger(options.timeoutMs ?? 60_000, 'timeout');
    this.retries = nonNegativeInteger(options.retries ?? 5, 'retries');
    if (options.dimensions !== undefined) positiveInteger(options.dimensions, 'dimensions');
    if (options.storedDimensions !== undefined) positiveInteger(options.storedDimensions, 'stored dimensions');
    if (options.requestDimensions && options.dimensions === undefined) {
      throw new PaperboyError('BAD_CONFIG', 'requesting a vector size needs the dimensions option');
    }
    this.learnedDimensions = options.dimensions ?? options.storedDimensions;
    this.queryPrefix = options.queryPrefix ?? '';
    this.documentPrefix = options.documentPrefix ?? '';
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;

    // What changes the stored (document) vectors, beyond server and model, goes into the id.
    const variant: string[] = [];
    if (this.documentPrefix) {
      variant.push(`doc-${createHash('sha256').update(this.documentPrefix).digest('hex').slice(0, 8)}`);
    }
    if (options.requestDimensions) variant.push(`d${options.dimensions}`);
    this.modelId = ['openai', endpoint.host, options.model, ...variant].join('/');
  }

  /** A provider whose dimension is known: the configured or stored one, else learned with one small request. */
  static async connect(options: OpenAiProviderOptions): Promise<OpenAiEmbeddingProvider> {
    const provider = new OpenAiEmbeddingProvider(options);
    if (provider.learnedDimensions === undefined) await provider.embed(['dimension probe'], 'document');
    return provider;
  }

  /** The vector size: configured, or learned from the first response (before that, an error). */
  get dimensions(): number {
    if (this.learnedDimensions === undefined) {
      throw new PaperboyError(
        'BAD_CONFIG',
        `the vector size of ${this.options.model} at ${this.url} is not known yet: ` +
          'set dimensions, or create the provider with OpenAiEmbeddingProvider.connect()',
      );
    }
    return this.learnedDimensions;
  }

  async embed(texts: string[], kind: 'query' | 'document'): Promise<Float32Array[]> {
    const prefix = kind === 'query' ? this.queryPrefix : this.documentPrefix;
    // OpenAI rejects empty strings; a lone space embeds as "nothing" everywhere.
    const inputs = texts.map((t) => prefix + t || ' ');
    const out: Float32Array[] = [];
    for (let start = 0; start < inputs.length; start += this.batchSize) {
      out.push(...(await this.request(inputs.slice(start, start + this.batchSize))));
    }
    return out;
  }

  /** One batch, with retries. */
  private async request(inputs: string[]): Promise<Float32Array[]> {
    const body: Record<string, unknown> = { model: this.options.model, input: inputs };
    if (this.options.requestDimensions) body.dimensions = this.options.dimensions;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const payload = JSON.stringify(body);

    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(payload, headers, inputs.length);
      if (Array.isArray(result)) return result;
      if (!result.transient || attempt >= this.retries) {
        if (!result.transient || attempt === 0) throw result.error;
        throw gaveUp(result.error, attempt + 1);
      }
      await this.sleep(this.delay(attempt, result.retryAfterMs));
    }
  }

  /** Exponential backoff with equal jitter; Retry-After wins when the server sent it (net/backoff.ts). */
  private delay(attempt: number, retryAfter: number | undefined): number {
    return backoffDelay(attempt, retryAfter, { baseMs: this.options.retryBaseMs ?? 500, maxMs: this.options.retryMaxMs ?? 30_000 }, this.random);
  }

  private async attempt(
    payload: string,
    headers: Record<string, string>,
    count: number,
  ): Promise<Float32Array[] | Attempt> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      return this.networkError(err);
    }

    const details = { url: this.url, status: response.status };
    if (!response.ok) {
      const transient = isTransientStatus(response.status);
      const auth = response.status === 401 || response.status === 403;
      const error = new PaperboyError(
        transient ? UNAVAILABLE : auth ? 'BAD_CONFIG' : FAILED,
        describeHttpError(this.url, response.status, response.statusText, text, Boolean(this.options.apiKey)),
        details,
      );
      return { transient, error, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      return {
        transient: false,
        error: new PaperboyError(FAILED, `${this.url} did not answer with JSON (${type}): ${snippet(text)}`, details),
      };
    }
    return this.vectorsOf(json, count);
  }

  /** Validates a 200 response body and returns its vectors in input order, normalised. */
  private vectorsOf(json: unknown, count: number): Float32Array[] {
    const fail = (why: string): never => {
      throw new PaperboyError(FAILED, `${this.url} ${why}`, { url: this.url });
    };
    if (json === null || typeof json !== 'object') return fail(`answered ${snippet(JSON.stringify(json))}, not a list of embeddings`);
    const data = (json as { data?: unknown }).data;
    if (!Array.isArray(data)) {
      const message = errorMessageOf(json);
      return fail(message ? `reported an error: ${message}` : `answered without a "data" list: ${snippet(JSON.stringify(json))}`);
    }
    if (data.length !== count) fail(`returned ${data.length} embeddings for ${count} inputs`);

    const useIndex = data.every((d) => typeof (d as { index?: unknown })?.index === 'number');
    const out = new Array<Float32Array | undefined>(count);
    data.forEach((item, position) => {
      const slot = useIndex ? (item as { index: number }).index : position;
      if (!Number.isInteger(slot) || slot < 0 || slot >= count) {
        fail(`returned an embedding with index ${slot} for ${count} inputs`);
      }
      if (out[slot]) fail(`returned two embeddings with index ${slot}`);
      out[slot] = vectorOf((item as { embedding?: unknown } | null)?.embedding, slot, fail);
    });
    const vectors = out as Float32Array[];

    const size = vectors[0]?.length ?? 0;
    const odd = vectors.findIndex((v) => v.length !== size);
    if (odd >= 0) fail(`returned embeddings of different sizes (${size} and ${vectors[odd]!.length})`);
    if (this.learnedDimensions === undefined) {
      if (size > 0) this.learnedDimensions = size;
    } else if (size !== this.learnedDimensions) {
      fail(`returned ${size}-dimensional embeddings, expected ${this.learnedDimensions} (${this.sizeSource()})`);
    }
    for (const v of vectors) l2Normalise(v);
    return vectors;
  }

  /** Where the expected vector size came from, for the mismatch error. */
  private sizeSource(): string {
    if (this.options.dimensions !== undefined) return 'as configured';
    if (this.options.storedDimensions !== undefined) {
      return "the size of the library's vectors from this model: if the model behind the endpoint changed, run paperboy embed again: it re-embeds the whole library";
    }
    return 'as in its earlier answers';
  }

  private networkError(err: unknown): Attempt {
    const { transient, code, description, timedOut } = describeNetworkError(err, this.timeoutMs);
    const message = timedOut ? `${this.url} ${description}` : `cannot reach ${this.url}: ${description}`;
    return { transient, error: new PaperboyError(UNAVAILABLE, message, { url: this.url, ...(code ? { code } : {}) }) };
  }
}

/** One `embedding` value: a list of numbers, or base64 little-endian float32 (encoding_format "base64"). */
function vectorOf(raw: unknown, slot: number, fail: (why: string) => never): Float32Array {
  let v: Float32Array;
  if (Array.isArray(raw)) {
    if (!raw.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail(`returned embedding ${slot} with values that are not finite numbers`);
    }
    v = Float32Array.from(raw as number[]);
  } else if (typeof raw === 'string') {
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length % 4 !== 0) fail(`returned embedding ${slot} as base64 that is not float32`);
    v = new Float32Array(bytes.length / 4);
    for (let i = 0; i < v.length; i++) v[i] = bytes.readFloatLE(i * 4);
    if (!v.every(Number.isFinite)) fail(`returned embedding ${slot} with values that are not finite numbers`);
  } else {
    return fail(`returned embedding ${slot} without an "embedding" list`);
  }
  if (v.length === 0) fail(`returned an empty embedding`);
  return v;
}

/** Normalises in place (a zero vector stays zero). */
function l2Normalise(v: Float32Array): void {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new PaperboyError('BAD_CONFIG', `${what} must be a positive integer, not ${value}`);
  }
  return value;
}

function nonNegativeInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new PaperboyError('BAD_CONFIG', `${what} must be a non-negative integer, not ${value}`);
  }
  return value;
}
