import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPaperboyError } from '../core/errors.js';
import { OnnxProvider } from './onnx-provider.js';
import { pullModel } from './pull-model.js';
import { ONNX_MISSING, ONNX_NOTE } from './test-support/onnx-package.js';
import { writeTinyModel } from './test-support/tiny-onnx-model.js';

/** A stand-in for the hub: GET /<owner>/<repo>/resolve/<revision>/<file> serves files of a folder. */
const root = mkdtempSync(path.join(os.tmpdir(), 'paperboy-pull-'));
const source = writeTinyModel(path.join(root, 'hub', 'org', 'tiny-e5'), { words: ['graph'], pooling: 'mean' });
const requests: Array<{ url: string; auth: string | undefined }> = [];
const server = http.createServer((req, res) => {
  requests.push({ url: req.url ?? '', auth: req.headers.authorization });
  const m = /^\/org\/(tiny-e5|gated)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
  if (m?.[1] === 'gated') return void res.writeHead(401).end('{"error":"Access to model org/gated is restricted"}');
  const file = m ? path.join(source.dir, m[2]!) : '';
  if (!m || !existsSync(file)) return void res.writeHead(404).end('Entry not found');
  res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
});
let hubUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('pullModel (against a local stand-in for the hub)', () => {
  it('downloads a loadable model folder, skipping optional files the repository lacks', async () => {
    const dir = path.join(root, 'models', 'tiny-e5');
    const progress: string[] = [];
    const result = await pullModel('org/tiny-e5', dir, { hubUrl, token: 'hf_x', onProgress: (p) => progress.push(p.file) });
    expect(result.files).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'modules.json',
      '1_Pooling/config.json',
      'onnx/model.onnx',
    ]);
    expect(progress).toContain('onnx/model.onnx');
    expect(requests.every((r) => r.auth === 'Bearer hf_x')).toBe(true);
    expect(existsSync(path.join(dir, 'onnx', 'model.onnx.part'))).toBe(false);
  });

  it.skipIf(ONNX_MISSING)(`pulls a folder that loads and embeds as the original does ${ONNX_NOTE}`, async () => {
    const dir = path.join(root, 'models-loaded', 'tiny-e5');
    await pullModel('org/tiny-e5', dir, { hubUrl });
    const [pulled, original] = await Promise.all([
      OnnxProvider.load({ modelDir: dir }),
      OnnxProvider.load({ modelDir: source.dir }),
    ]);
    expect(pulled.modelId).toBe(original.modelId); // same folder name, same files
    expect(await pulled.embed(['graph'], 'query')).toEqual(await original.embed(['graph'], 'query'));
    await Promise.all([pulled.dispose(), original.dispose()]);
  });

  it('explains a missing ONNX export, a gated repository and a bad name', async () => {
    const fail = async (p: Promise<unknown>): Promise<string> => {
      const err = await p.then(() => undefined, (e: unknown) => e);
      expect(isPaperboyError(err)).toBe(true);
      return (err as Error).message;
    };
    expect(await fail(pullModel('org/tiny-e5', path.join(root, 'x'), { hubUrl, onnxFile: 'onnx/model_q4.onnx' }))).toMatch(
      /org\/tiny-e5 has no onnx\/model_q4\.onnx; choose a repository with an ONNX export/,
    );
    expect(await fail(pullModel('org/gated', path.join(root, 'y'), { hubUrl }))).toMatch(/gated or private/);
    expect(await fail(pullModel('../etc', path.join(root, 'z'), { hubUrl }))).toMatch(/not a Hugging Face model name/);
  });
});
