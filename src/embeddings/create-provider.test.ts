import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPaperboyError } from '../core/errors.js';
import { createEmbeddingProvider } from './create-provider.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import { ONNX_MISSING, ONNX_NOTE } from './test-support/onnx-package.js';
import { writeTinyModel } from './test-support/tiny-onnx-model.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'paperboy-create-provider-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fakeBuiltin: EmbeddingProvider = {
  modelId: 'builtin/1/test',
  dimensions: 2,
  embed: async (texts) => texts.map(() => Float32Array.of(1, 0)),
};
const deps = { builtin: async () => fakeBuiltin };

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPaperboyError(err)).toBe(true);
  return err as Error & { code?: string };
}

describe('createEmbeddingProvider', () => {
  it('opens the built-in model through the injected loader', async () => {
    expect(await createEmbeddingProvider({ kind: 'builtin' }, deps)).toBe(fakeBuiltin);
  });

  it.skipIf(ONNX_MISSING)(`opens a local ONNX model folder ${ONNX_NOTE}`, async () => {
    const m = writeTinyModel(path.join(root, 'bge-tiny-en'), { words: ['graph'] });
    const p = await createEmbeddingProvider({ kind: 'onnx', modelDir: m.dir, pooling: 'cls', queryPrefix: '' }, deps);
    expect(p.modelId).toMatch(/^onnx\/bge-tiny-en\//);
    expect(p.dimensions).toBe(4);
    expect((await p.embed(['graph'], 'query'))[0]).toHaveLength(4);
    await (p as unknown as { dispose(): Promise<void> }).dispose();
  });

  it('connects to an OpenAI-compatible endpoint and learns its dimension', async () => {
    const auth: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      auth.push(req.headers.authorization);
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const { input } = JSON.parse(raw) as { input: string[] };
        const data = input.map((_, index) => ({ object: 'embedding', index, embedding: [3, 4, 0] }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const spec = { kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'nomic' };
      const p = await createEmbeddingProvider(spec, { ...deps, apiKey: 'sk-from-env' });
      expect(p.dimensions).toBe(3);
      expect(p.modelId).toBe(`openai/127.0.0.1:${port}/nomic`);
      expect(Array.from((await p.embed(['x'], 'query'))[0]!)).toEqual([0.6000000238418579, 0.800000011920929, 0]);
      await createEmbeddingProvider({ ...spec, apiKey: 'sk-in-spec' }, { ...deps, apiKey: 'sk-from-env' });
      expect(auth).toEqual(['Bearer sk-from-env', 'Bearer sk-from-env', 'Bearer sk-in-spec']);
    } finally {
      server.close();
    }
  });

  it('rejects an invalid spec with what is wrong', async () => {
    const missing = await rejection(createEmbeddingProvider({ kind: 'onnx' }, deps));
    expect(missing.code).toBe('BAD_CONFIG');
    expect(missing.message).toMatch(/invalid embedding provider: modelDir: /);
    const badUrl = await rejection(createEmbeddingProvider({ kind: 'openai', baseUrl: 'ftp://x', model: 'm' }, deps));
    expect(badUrl.message).toMatch(/baseUrl/);
    const unknown = await rejection(createEmbeddingProvider({ kind: 'word2vec' }, deps));
    expect(unknown.code).toBe('BAD_CONFIG');
    const badBatch = await rejection(createEmbeddingProvider({ kind: 'onnx', modelDir: root, batchSize: 0 }, deps));
    expect(badBatch.message).toMatch(/batchSize/);
  });
});
