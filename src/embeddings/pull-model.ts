/**
 * pullModel: the ONE place paperboy downloads a model, and only when the user runs the explicit
 * pull command (nothing else ever fetches weights: OnnxProvider refuses remote loading).
 *
 * It copies a sentence-embedding model's ONNX export from the Hugging Face hub into a folder that
 * OnnxProvider loads as is:
 *
 *   pullModel('Xenova/bge-small-en-v1.5', '~/models/bge-small-en-v1.5')
 *   → config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx, and when the repository
 *     has them special_tokens_map.json, modules.json, 1_Pooling/config.json,
 *     config_sentence_transformers.json, onnx/model.onnx_data
 *
 * The repository must contain an ONNX export (Xenova/*, onnx-community/*, or e.g.
 * BAAI/bge-small-en-v1.5 and intfloat/e5-small-v2, which ship onnx/model.onnx). Files are
 * written to "<name>.part" and renamed when complete, so an interrupted pull leaves no truncated
 * file that looks whole. Gated or private repositories need a token (passed in; this module reads
 * no environment).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PaperboyError } from '../core/errors.js';

export const DEFAULT_HUB_URL = 'https://huggingface.co';

export interface PullModelOptions {
  /** Branch, tag or commit. Default "main". */
  revision?: string;
  /** Which ONNX file of the repository, e.g. "onnx/model_quantized.onnx" (smaller). Default "onnx/model.onnx". */
  onnxFile?: string;
  /** Hub base URL (a mirror, or a test server). Default https://huggingface.co. */
  hubUrl?: string;
  /** Hugging Face access token, for gated or private repositories. */
  token?: string;
  /** Called as bytes arrive. */
  onProgress?: (progress: { file: string; loaded: number; total: number | undefined }) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export interface PullModelResult {
  dir: string;
  /** The files written, relative to dir. */
  files: string[];
}

const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const OPTIONAL = [
  'special_tokens_map.json',
  'modules.json',
  '1_Pooling/config.json',
  'config_sentence_transformers.json',
  'sentence_bert_config.json',
];

const REPO_NAME = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/** Downloads the model `name` ("owner/repo") from the hub into `dir` (created if needed). */
export async function pullModel(name: string, dir: string, options: PullModelOptions = {}): Promise<PullModelResult> {
  if (!REPO_NAME.test(name) || name.includes('..')) {
    throw new PaperboyError('BAD_INPUT', `not a Hugging Face model name: ${name} (expected owner/name)`);
  }
  const onnxFile = options.onnxFile ?? 'onnx/model.onnx';
  if (!onnxFile.endsWith('.onnx') || onnxFile.split('/').some((part) => part === '..' || part === '')) {
    throw new PaperboyError('BAD_INPUT', `not an ONNX file path inside the repository: ${onnxFile}`);
  }
  const target = path.resolve(dir);
  const base = `${(options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, '')}/${name}/resolve/${encodeURIComponent(options.revision ?? 'main')}/`;
  const written: string[] = [];

  // Small files first, so a wrong name or a repository without a tokenizer fails before 100 MB.
  const plan: Array<{ file: string; required: boolean }> = [
    ...REQUIRED.map((file) => ({ file, required: true })),
    ...OPTIONAL.map((file) => ({ file, required: false })),
    { file: onnxFile, required: true },
    { file: `${onnxFile}_data`, required: false },
  ];
  for (const { file, required } of plan) {
    if (await download(base, file, target, required, name, options)) written.push(file);
  }
  return { dir: target, files: written };
}

/** Fetches one file into target/file; false when it is optional and absent. */
async function download(
  base: string,
  file: string,
  target: string,
  required: boolean,
  name: string,
  options: PullModelOptions,
): Promise<boolean> {
  const url = base + file.split('/').map(encodeURIComponent).join('/');
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { headers, signal: options.signal ?? null, redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    throw new PaperboyError(
      'EMBEDDING_UNAVAILABLE',
      `cannot download ${url}: ${cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err)}`,
      { url },
    );
  }
  if (response.status === 404 && !required) {
    await response.body?.cancel();
    return false;
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const why =
      response.status === 404
        ? file.endsWith('.onnx')
          ? `${name} has no ${file}; choose a repository with an ONNX export (Xenova/…, onnx-community/…) or another onnx file`
          : `${name} has no ${file} (is the name right?)`
        : response.status === 401 || response.status === 403
          ? `${name} is gated or private: accept its terms on the hub and pass an access token`
          : `the hub answered ${response.status} ${response.statusText}`;
    throw new PaperboyError('EMBEDDING_UNAVAILABLE', `cannot download ${file}: ${why}`, { url, status: response.status });
  }

  const dest = path.join(target, ...file.split('/'));
  const part = `${dest}.part`;
  await mkdir(path.dirname(dest), { recursive: true });
  // Compressed transfers (JSON files may come gzipped) have a content-length of the wire bytes.
  const totalHeader = response.headers.get('content-encoding') ? NaN : Number(response.headers.get('content-length'));
  const total = Number.isFinite(totalHeader) && totalHeader > 0 ? totalHeader : undefined;
  let loaded = 0;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  const count = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      loaded += chunk.length;
      options.onProgress?.({ file, loaded, total });
      yield chunk;
    }
  };
  try {
    await pipeline(body, count, createWriteStream(part));
    if (total !== undefined && loaded !== total) {
      throw new Error(`got ${loaded} of ${total} bytes`);
    }
    await rename(part, dest);
  } catch (err) {
    await rm(part, { force: true });
    if (err instanceof PaperboyError) throw err;
    throw new PaperboyError('EMBEDDING_UNAVAILABLE', `downloading ${url} failed: ${(err as Error).message}`, { url });
  }
  return true;
}
