/**
 * OnnxProvider: a sentence-embedding model the user has on disk (`--model-dir`), run through
 * @huggingface/transformers' feature-extraction pipeline on onnxruntime-node, an optional package
 * (`paperboy install onnx`; without it, EMBEDDING_UNAVAILABLE says so). Nothing is ever
 * downloaded here: remote models are switched off and the folder is loaded by absolute path with
 * `local_files_only` (fetching a model is the explicit `pullModel`, see pull-model.ts).
 *
 * The folder is what `optimum-cli export onnx` or the ONNX repositories on the Hugging Face hub
 * (Xenova/…, onnx-community/…, and e.g. BAAI/bge-small-en-v1.5 itself) contain:
 *
 *   config.json, tokenizer.json, tokenizer_config.json      required
 *   onnx/model.onnx (or model_quantized.onnx, …, or model.onnx at the top level)
 *   modules.json + 1_Pooling/config.json                    optional: the pooling (else mean)
 *   config_sentence_transformers.json                       optional: query/document prompts
 *
 * Vectors are pooled (mean or CLS, from the sentence-transformers config unless overridden) and
 * L2-normalised. Asymmetric models get their query/document prefixes from, in order: the options,
 * the model's own `prompts`, a small table of well-known families (e5, bge-en, nomic-embed).
 * A sentence-transformers Dense module (2_Dense), which few retrieval models have, is not applied.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PaperboyError, type ErrorCode } from '../core/errors.js';
import { importOptional } from '../core/optional-packages.js';
import type { EmbeddingProvider } from './embedding-provider.js';

/**
 * The part of @huggingface/transformers (v4) used here, typed locally: the package is optional
 * (`paperboy install onnx`), so neither the build nor the type-check may depend on it.
 */
interface TransformersModule {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    useFSCache: boolean;
    useBrowserCache: boolean;
    localModelPath: string;
    logLevel: number;
  };
  LogLevel: { ERROR: number };
  pipeline(task: 'feature-extraction', model: string, options: Record<string, unknown>): Promise<FeatureExtractionPipeline>;
}
interface Tensor {
  dims: number[];
  data: unknown;
  type: string;
}
interface FeatureExtractionPipeline {
  (texts: string[], options: { pooling: OnnxPooling; normalize: boolean }): Promise<Tensor>;
  model: unknown;
  tokenizer: unknown;
  dispose(): Promise<void>;
}

/** The folder, or a file the model needs, is not there. */
const MODEL_NOT_FOUND: ErrorCode = 'EMBEDDING_UNAVAILABLE';
/** The folder is there but its model cannot be loaded or answers wrongly. */
const MODEL_INVALID: ErrorCode = 'EMBEDDING_FAILED';

export type OnnxPooling = 'mean' | 'cls';

export interface OnnxProviderOptions {
  /** The model folder. */
  modelDir: string;
  /**
   * The ONNX file, relative to modelDir ("onnx/model_quantized.onnx"). Default: the first of
   * ONNX_FILE_PREFERENCE found in onnx/, then at the top level.
   */
  onnxFile?: string;
  /** Overrides the pooling from 1_Pooling/config.json (default mean when there is none). */
  pooling?: OnnxPooling;
  /** Prepended to queries; '' for none. Default: the model's prompts, else its family's. */
  queryPrefix?: string;
  /** Prepended to documents; '' for none. Default: the model's prompts, else its family's. */
  documentPrefix?: string;
  /** Texts per forward pass. Default 32. */
  batchSize?: number;
  /** Longest input in tokens (longer is truncated). Default: the tokenizer's model_max_length. */
  maxTokens?: number;
}

/** ONNX files looked for, best first: full precision, then the common quantised exports. */
export const ONNX_FILE_PREFERENCE = [
  'model.onnx',
  'model_quantized.onnx',
  'model_int8.onnx',
  'model_uint8.onnx',
  'model_fp16.onnx',
  'model_q4.onnx',
  'model_q4f16.onnx',
  'model_bnb4.onnx',
];

/** transformers.js names files `<model_file_name><suffix>.onnx`; the suffix picks the dtype. */
const DTYPE_BY_SUFFIX: ReadonlyArray<[string, string]> = [
  ['_quantized', 'q8'],
  ['_q4f16', 'q4f16'],
  ['_fp16', 'fp16'],
  ['_int8', 'int8'],
  ['_uint8', 'uint8'],
  ['_bnb4', 'bnb4'],
  ['_q4', 'q4'],
];

interface PrefixPair {
  query: string;
  document: string;
}

const BGE_EN_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';

/** Well-known asymmetric families, recognised by folder name or config `_name_or_path`. */
const PREFIX_FAMILIES: ReadonlyArray<{ pattern: RegExp; prefixes: PrefixPair }> = [
  // multilingual-e5-*-instruct wants a task instruction, not these; leave it to the options.
  { pattern: /(^|[^a-z0-9])e5-(?!.*instruct)/i, prefixes: { query: 'query: ', document: 'passage: ' } },
  { pattern: /(^|[^a-z0-9])bge-[a-z]+-en/i, prefixes: { query: BGE_EN_INSTRUCTION, document: '' } },
  { pattern: /nomic-embed-text/i, prefixes: { query: 'search_query: ', document: 'search_document: ' } },
];

/** The prefixes of the family `name` belongs to, if it is a known asymmetric one. */
export function familyPrefixes(name: string): PrefixPair | undefined {
  return PREFIX_FAMILIES.find((f) => f.pattern.test(name))?.prefixes;
}

export class OnnxProvider implements EmbeddingProvider {
  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    readonly pooling: OnnxPooling,
    readonly queryPrefix: string,
    readonly documentPrefix: string,
    /** The ONNX file in use, relative to the model folder. */
    readonly onnxFile: string,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {}

  /** Checks the folder, loads the model (a few hundred ms for a small model) and returns the provider. */
  static async load(options: OnnxProviderOptions): Promise<OnnxProvider> {
    const dir = path.resolve(options.modelDir);
    const folder = inspectModelFolder(dir, options.onnxFile);
    const pooling = options.pooling ?? folder.pooling ?? 'mean';
    const prefixes = resolvePrefixes(folder, options);
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new PaperboyError('BAD_CONFIG', `batch size must be a positive integer, not ${batchSize}`);
    }

    // The optional package, or EMBEDDING_UNAVAILABLE saying how to install it.
    const { env, LogLevel, pipeline } = (await importOptional('onnx')) as TransformersModule;
    // Never reach for the network from here, nor read or write transformers.js' download cache.
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.useBrowserCache = false;
    // The folder goes in by absolute path, which transformers.js reads as is; localModelPath
    // only matters for bare names, and then it should mean "next to this folder", not node_modules.
    env.localModelPath = path.dirname(dir);
    // transformers.js warns on every batch for benign things (extra tokenizer outputs).
    env.logLevel = LogLevel.ERROR;

    let extractor: FeatureExtractionPipeline;
    try {
      extractor = await pipeline('feature-extraction', dir, {
        local_files_only: true,
        subfolder: folder.subfolder,
        model_file_name: folder.modelFileName,
        dtype: folder.dtype,
        device: 'cpu',
        use_external_data_format: folder.externalDataChunks,
        session_options: { logSeverityLevel: 3 },
      });
    } catch (err) {
      throw new PaperboyError(MODEL_INVALID, `cannot load the ONNX model in ${dir}: ${messageOf(err)}`, {
        modelDir: dir,
        onnxFile: folder.onnxFile,
      });
    }
    capTokenLength(extractor, folder.config, options.maxTokens);
    await checkOutputs(extractor, dir);

    let dimensions = folder.dimensions;
    if (dimensions === undefined) {
      // Neither 1_Pooling nor config.json says; ask the model itself.
      try {
        const probe = await runBatch(extractor, ['dimension probe'], pooling);
        dimensions = probe[0]?.length;
      } catch (err) {
        await extractor.dispose();
        throw new PaperboyError(
          MODEL_INVALID,
          `cannot tell the embedding dimension of ${dir}: config.json has no hidden_size and the model did not ` +
            `produce [batch, sequence, dim] hidden states (${messageOf(err)})`,
          { modelDir: dir },
        );
      }
      if (!dimensions) {
        await extractor.dispose();
        throw new PaperboyError(MODEL_INVALID, `cannot tell the embedding dimension of ${dir}`, { modelDir: dir });
      }
    }

    const hash = createHash('sha256');
    hash.update(folder.fingerprint);
    hash.update(JSON.stringify({ pooling, documentPrefix: prefixes.document }));
    const modelId = `onnx/${path.basename(dir)}/${hash.digest('hex').slice(0, 16)}`;
    return new OnnxProvider(
      modelId,
      dimensions,
      pooling,
      prefixes.query,
      prefixes.document,
      folder.onnxFile,
      extractor,
      batchSize,
    );
  }

  async embed(texts: string[], kind: 'query' | 'document'): Promise<Float32Array[]> {
    const prefix = kind === 'query' ? this.queryPrefix : this.documentPrefix;
    const out = new Array<Float32Array>(texts.length);
    // Similar lengths together, so a batch pads little; results go back to their input slots.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const slots = order.slice(start, start + this.batchSize);
      const vectors = await runBatch(
        this.extractor,
        slots.map((i) => prefix + texts[i]!),
        this.pooling,
      );
      slots.forEach((slot, j) => {
        const v = vectors[j]!;
        if (v.length !== this.dimensions) {
          throw new PaperboyError(
            MODEL_INVALID,
            `the model made ${v.length}-dimensional vectors, but its configuration says ${this.dimensions}`,
            { modelId: this.modelId },
          );
        }
        out[slot] = v;
      });
    }
    return out;
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

/** The pipeline pools the first of these outputs it finds; a graph with none of them cannot work. */
const HIDDEN_STATE_OUTPUTS = ['last_hidden_state', 'logits', 'token_embeddings'];

async function checkOutputs(extractor: FeatureExtractionPipeline, dir: string): Promise<void> {
  const sessions = (extractor.model as unknown as { sessions?: Record<string, { outputNames?: unknown }> }).sessions;
  const outputs = sessions?.model?.outputNames;
  if (!Array.isArray(outputs) || outputs.some((name) => HIDDEN_STATE_OUTPUTS.includes(name as string))) return;
  await extractor.dispose();
  throw new PaperboyError(
    MODEL_INVALID,
    `the ONNX model in ${dir} outputs ${outputs.join(', ')}, but a sentence-embedding export must output ` +
      `last_hidden_state (or token_embeddings): export it with \`optimum-cli export onnx --task feature-extraction\``,
    { modelDir: dir },
  );
}

/** One forward pass: pooled, L2-normalised vectors, in input order. */
async function runBatch(
  extractor: FeatureExtractionPipeline,
  texts: string[],
  pooling: OnnxPooling,
): Promise<Float32Array[]> {
  const result: Tensor = await extractor(texts, { pooling, normalize: false });
  const dims = result.dims;
  if (dims.length !== 2 || dims[0] !== texts.length) {
    throw new PaperboyError(
      MODEL_INVALID,
      `the model's pooled output has shape [${dims.join(', ')}], expected [${texts.length}, dim]`,
    );
  }
  const dim = dims[1]!;
  const data = result.data;
  if (!(data instanceof Float32Array)) {
    throw new PaperboyError(MODEL_INVALID, `the model's output is ${result.type}, expected float32`);
  }
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i++) {
    vectors.push(l2Normalise(data.slice(i * dim, (i + 1) * dim)));
  }
  return vectors;
}

/** Normalises in place (a zero vector stays zero) and returns `v`. */
function l2Normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/**
 * Without model_max_length in tokenizer_config.json, transformers.js would not truncate and a long
 * abstract would overrun the position embeddings; fall back to max_position_embeddings.
 */
function capTokenLength(
  extractor: FeatureExtractionPipeline,
  config: Record<string, unknown>,
  maxTokens: number | undefined,
): void {
  const tokenizer = extractor.tokenizer as unknown as { model_max_length?: number };
  if (maxTokens !== undefined) {
    tokenizer.model_max_length = maxTokens;
    return;
  }
  const current = tokenizer.model_max_length;
  if (current !== undefined && Number.isFinite(current) && current <= 100_000) return;
  const positions = config.max_position_embeddings;
  if (typeof positions === 'number' && positions > 0) {
    // RoBERTa-family position ids start at padding_idx + 1, so two positions are unusable.
    const offset = String(config.model_type ?? '').includes('roberta') ? 2 : 0;
    tokenizer.model_max_length = positions - offset;
  }
}

interface ModelFolder {
  dir: string;
  config: Record<string, unknown>;
  /** Relative to dir, e.g. "onnx/model.onnx". */
  onnxFile: string;
  subfolder: string;
  modelFileName: string;
  dtype: string;
  externalDataChunks: number;
  pooling: OnnxPooling | undefined;
  dimensions: number | undefined;
  prompts: Partial<PrefixPair>;
  /** Bytes that identify the model's weights and tokenizer, for modelId. */
  fingerprint: string;
}

/** Everything about the folder that can be checked without loading the model. */
function inspectModelFolder(dir: string, onnxFileOption: string | undefined): ModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PaperboyError(MODEL_NOT_FOUND, `model folder not found: ${dir}`, { modelDir: dir });
  }
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    if (!existsSync(path.join(dir, file))) {
      throw new PaperboyError(
        MODEL_NOT_FOUND,
        `${dir} is not a sentence-embedding model folder: ${file} is missing ` +
          `(expected config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx)`,
        { modelDir: dir },
      );
    }
  }
  const config = readJsonObject(dir, 'config.json') ?? {};
  const onnxFile = findOnnxFile(dir, onnxFileOption);
  const { subfolder, modelFileName, dtype } = splitOnnxFileName(onnxFile);
  const onnxPath = path.join(dir, onnxFile);
  let externalDataChunks = 0;
  while (existsSync(`${onnxPath}_data${externalDataChunks === 0 ? '' : `_${externalDataChunks}`}`)) {
    externalDataChunks++;
  }

  const poolingConfig = readPoolingConfig(dir);
  const prompts = readPrompts(dir);
  const hidden = [config.hidden_size, config.d_model, config.dim, config.n_embd].find(
    (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0,
  );
  const dimensions = poolingConfig?.dimensions ?? hidden;

  const fingerprint = createHash('sha256');
  fingerprint.update(onnxFile);
  fingerprint.update(fileSample(onnxPath));
  for (let i = 0; i < externalDataChunks; i++) {
    fingerprint.update(fileSample(`${onnxPath}_data${i === 0 ? '' : `_${i}`}`));
  }
  fingerprint.update(readFileSync(path.join(dir, 'config.json')));
  fingerprint.update(readFileSync(path.join(dir, 'tokenizer.json')));

  return {
    dir,
    config,
    onnxFile,
    subfolder,
    modelFileName,
    dtype,
    externalDataChunks,
    pooling: poolingConfig?.pooling,
    dimensions,
    prompts,
    fingerprint: fingerprint.digest('hex'),
  };
}

function findOnnxFile(dir: string, option: string | undefined): string {
  if (option !== undefined) {
    const rel = path.isAbsolute(option) ? path.relative(dir, option) : path.normalize(option);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new PaperboyError('BAD_CONFIG', `the ONNX file must be inside the model folder ${dir}: ${option}`);
    }
    if (!rel.endsWith('.onnx') || !existsSync(path.join(dir, rel))) {
      throw new PaperboyError(MODEL_NOT_FOUND, `no ONNX file ${rel} in ${dir}`, { modelDir: dir });
    }
    return rel.split(path.sep).join('/');
  }
  for (const sub of ['onnx', '']) {
    for (const name of ONNX_FILE_PREFERENCE) {
      const rel = sub ? `${sub}/${name}` : name;
      if (existsSync(path.join(dir, rel))) return rel;
    }
  }
  // Any other .onnx file, if there is exactly one.
  const others = ['onnx', '']
    .flatMap((sub) => listOnnx(path.join(dir, sub)).map((name) => (sub ? `${sub}/${name}` : name)));
  if (others.length === 1) return others[0]!;
  const looked = `looked for ${ONNX_FILE_PREFERENCE.join(', ')} in ${path.join(dir, 'onnx')} and ${dir}`;
  throw new PaperboyError(
    MODEL_NOT_FOUND,
    others.length > 1
      ? `several ONNX files in ${dir} (${others.join(', ')}); choose one with the onnx file option`
      : `no ONNX model file in ${dir} (${looked}); export one with ` +
          '`optimum-cli export onnx --model <name> <dir>` or fetch an ONNX build of the model',
    { modelDir: dir },
  );
}

function listOnnx(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort();
  } catch {
    return [];
  }
}

/** "onnx/model_quantized.onnx" → subfolder "onnx", model_file_name "model", dtype "q8". */
function splitOnnxFileName(rel: string): { subfolder: string; modelFileName: string; dtype: string } {
  const slash = rel.lastIndexOf('/');
  const subfolder = slash < 0 ? '' : rel.slice(0, slash);
  const base = rel.slice(slash + 1, -'.onnx'.length);
  for (const [suffix, dtype] of DTYPE_BY_SUFFIX) {
    if (base.endsWith(suffix) && base.length > suffix.length) {
      return { subfolder, modelFileName: base.slice(0, -suffix.length), dtype };
    }
  }
  return { subfolder, modelFileName: base, dtype: 'fp32' };
}

function readJsonObject(dir: string, file: string): Record<string, unknown> | undefined {
  const full = path.join(dir, file);
  if (!existsSync(full)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new PaperboyError(MODEL_INVALID, `${full} is not valid JSON: ${messageOf(err)}`, { file: full });
  }
  if (value === null || typeof value !== 'object') {
    throw new PaperboyError(MODEL_INVALID, `${full} is not a JSON object`, { file: full });
  }
  return value as Record<string, unknown>;
}

/** The sentence-transformers Pooling module's settings, if the folder has one. */
function readPoolingConfig(dir: string): { pooling: OnnxPooling; dimensions: number | undefined } | undefined {
  let poolingPath = '1_Pooling';
  const modules = readJsonObject(dir, 'modules.json');
  if (Array.isArray(modules)) {
    const entry = (modules as Array<Record<string, unknown>>).find(
      (m) => typeof m.type === 'string' && m.type.endsWith('.Pooling') && typeof m.path === 'string',
    );
    if (entry) poolingPath = entry.path as string;
  }
  const file = path.join(poolingPath, 'config.json');
  const cfg = readJsonObject(dir, file);
  if (!cfg) return undefined;
  const dim = cfg.word_embedding_dimension;
  const dimensions = typeof dim === 'number' && Number.isInteger(dim) && dim > 0 ? dim : undefined;
  if (cfg.pooling_mode_cls_token === true) return { pooling: 'cls', dimensions };
  if (cfg.pooling_mode_mean_tokens === true) return { pooling: 'mean', dimensions };
  const other = Object.keys(cfg).filter((k) => k.startsWith('pooling_mode_') && cfg[k] === true);
  if (other.length > 0) {
    throw new PaperboyError(
      MODEL_INVALID,
      `${path.join(dir, file)} asks for ${other.join(' + ')}, which paperboy does not support; ` +
        'only mean and CLS pooling are (override with the pooling option if you know better)',
      { modelDir: dir },
    );
  }
  return undefined;
}

/** Query/document prompts from config_sentence_transformers.json. */
function readPrompts(dir: string): Partial<PrefixPair> {
  const cfg = readJsonObject(dir, 'config_sentence_transformers.json');
  const prompts = cfg?.prompts;
  if (!prompts || typeof prompts !== 'object') return {};
  const p = prompts as Record<string, unknown>;
  const pick = (...keys: string[]): string | undefined =>
    keys.map((k) => p[k]).find((v): v is string => typeof v === 'string');
  return { query: pick('query'), document: pick('document', 'passage', 'corpus') };
}

function resolvePrefixes(folder: ModelFolder, options: OnnxProviderOptions): PrefixPair {
  const hasPrompts = folder.prompts.query !== undefined || folder.prompts.document !== undefined;
  const nameOrPath = typeof folder.config._name_or_path === 'string' ? folder.config._name_or_path : '';
  const family = hasPrompts ? undefined : (familyPrefixes(path.basename(folder.dir)) ?? familyPrefixes(nameOrPath));
  return {
    query: options.queryPrefix ?? folder.prompts.query ?? family?.query ?? '',
    document: options.documentPrefix ?? folder.prompts.document ?? family?.document ?? '',
  };
}

/** Size plus the first, middle and last MiB: identifies a weights file without reading 500 MB. */
function fileSample(file: string): Buffer {
  const size = statSync(file).size;
  const chunk = 1 << 20;
  const fd = openSync(file, 'r');
  try {
    const parts: Buffer[] = [Buffer.from(`${size}:`)];
    for (const at of [0, Math.max(0, Math.floor(size / 2) - chunk / 2), Math.max(0, size - chunk)]) {
      const buf = Buffer.alloc(Math.min(chunk, size));
      const n = readSync(fd, buf, 0, buf.length, at);
      parts.push(buf.subarray(0, n));
    }
    return Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
