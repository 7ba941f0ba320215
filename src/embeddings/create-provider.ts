/**
 * One entry point from a provider spec (flags, or the spec stored with the library) to a ready
 * EmbeddingProvider, whose `dimensions` is known:
 *
 *   {kind: 'builtin'}                                    the built-in model (loader injected)
 *   {kind: 'onnx', modelDir, …}                          a local ONNX model folder (onnx-provider.ts)
 *   {kind: 'openai', baseUrl, model, apiKey?, …}         an OpenAI-compatible endpoint (openai-provider.ts)
 *
 * Each provider is imported only when asked for: @huggingface/transformers and onnxruntime take
 * a while to load, and a command that uses the built-in model needs neither them nor HTTP.
 */
import { z } from 'zod';
import { PaperboyError } from '../core/errors.js';
import type { EmbeddingProvider } from './embedding-provider.js';

const positiveInt = z.number().int().positive();
const prefixes = {
  /** Prepended to queries ('' for none; default per model). */
  queryPrefix: z.string().optional(),
  /** Prepended to documents ('' for none; default per model). */
  documentPrefix: z.string().optional(),
};

export const BuiltinSpecSchema = z.object({ kind: z.literal('builtin') });

export const OnnxSpecSchema = z.object({
  kind: z.literal('onnx'),
  modelDir: z.string().min(1),
  /** Relative to modelDir, e.g. "onnx/model_quantized.onnx". */
  onnxFile: z.string().min(1).optional(),
  pooling: z.enum(['mean', 'cls']).optional(),
  batchSize: positiveInt.optional(),
  maxTokens: positiveInt.optional(),
  ...prefixes,
});

export const OpenAiSpecSchema = z.object({
  kind: z.literal('openai'),
  baseUrl: z.url({ protocol: /^https?$/ }),
  model: z.string().min(1),
  /** Keep it out of anything persisted; pass it in at run time. */
  apiKey: z.string().min(1).optional(),
  dimensions: positiveInt.optional(),
  requestDimensions: z.boolean().optional(),
  batchSize: positiveInt.optional(),
  timeoutMs: positiveInt.optional(),
  retries: z.number().int().min(0).max(20).optional(),
  ...prefixes,
});

export const EmbeddingSpecSchema = z.discriminatedUnion('kind', [BuiltinSpecSchema, OnnxSpecSchema, OpenAiSpecSchema]);
export type EmbeddingSpec = z.infer<typeof EmbeddingSpecSchema>;

export interface CreateProviderDeps {
  /** Opens the built-in model (wired by the caller to src/embeddings/builtin/). */
  builtin: () => Promise<EmbeddingProvider>;
  /**
   * API key for 'openai' specs that carry none (from the environment, so that the key is never
   * stored with the spec in the library). A key in the spec wins.
   */
  apiKey?: string | undefined;
  /**
   * The size of the vectors the library holds from this spec's model, when opening the provider
   * it was embedded with: an endpoint then needs no request to learn it.
   */
  storedDimensions?: number | undefined;
}

/** Validates `spec` and opens its provider. Throws PaperboyError BAD_CONFIG on an invalid spec. */
export async function createEmbeddingProvider(spec: unknown, deps: CreateProviderDeps): Promise<EmbeddingProvider> {
  const parsed = EmbeddingSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new PaperboyError('BAD_CONFIG', `invalid embedding provider: ${issues}`);
  }
  const s = parsed.data;
  switch (s.kind) {
    case 'builtin':
      return deps.builtin();
    case 'onnx': {
      const { OnnxProvider } = await import('./onnx-provider.js');
      const { kind: _kind, ...options } = s;
      return OnnxProvider.load(options);
    }
    case 'openai': {
      const { OpenAiEmbeddingProvider } = await import('./openai-provider.js');
      const { kind: _kind, apiKey, ...options } = s;
      const key = apiKey ?? deps.apiKey;
      return OpenAiEmbeddingProvider.connect({
        ...options,
        ...(key ? { apiKey: key } : {}),
        ...(deps.storedDimensions !== undefined ? { storedDimensions: deps.storedDimensions } : {}),
      });
    }
  }
}
