import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ONNX_MISSING, ONNX_NOTE } from '../embeddings/test-support/onnx-package.js';
import { installCommand, importOptional, onDisk, OPTIONAL_FEATURES, PACKAGE_ROOT } from './optional-packages.js';

const notFound = (specifier: string) =>
  Promise.reject(Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('optional packages', () => {
  it('installs the pinned version with npm, no CUDA download, keeping the optional packages already there', () => {
    const onnx = installCommand('onnx');
    expect(onnx.args.slice(0, 4)).toEqual(['install', '--no-save', '--no-audit', '--no-fund']);
    expect(onnx.args).toContain(`@huggingface/transformers@${OPTIONAL_FEATURES.onnx.version}`);
    expect(onnx.env).toEqual({ ONNXRUNTIME_NODE_INSTALL: 'skip' });
    const llama = installCommand('llama-cpp');
    expect(llama.args).toContain(`node-llama-cpp@${OPTIONAL_FEATURES['llama-cpp'].version}`);
    // npm prunes what it did not install itself: the ONNX package goes along when it is there.
    expect(llama.args.includes(`@huggingface/transformers@${OPTIONAL_FEATURES.onnx.version}`)).toBe(onDisk('@huggingface/transformers'));
  });

  it('keeps them out of package.json, where npm would take them as installed', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const { package: name } of Object.values(OPTIONAL_FEATURES)) {
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        expect(manifest[field]?.[name], `${name} in ${field}`).toBeUndefined();
      }
    }
  });

  it('turns a missing package into its feature’s error, naming the install command', async () => {
    const onnx = await importOptional('onnx', notFound).catch((e: unknown) => e);
    expect(onnx).toMatchObject({ code: 'EMBEDDING_UNAVAILABLE' });
    expect((onnx as Error).message).toMatch(/needs the optional package @huggingface\/transformers, which is not installed: run "paperboy install onnx"/);
    const llama = await importOptional('llama-cpp', notFound).catch((e: unknown) => e);
    expect(llama).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect((llama as Error).message).toMatch(/run "paperboy install llama-cpp", or use an OpenAI-compatible server/);
  });

  it('passes the module through when it loads', async () => {
    const mod = { pipeline: () => undefined };
    await expect(importOptional('onnx', () => Promise.resolve(mod))).resolves.toBe(mod);
  });

  it.skipIf(ONNX_MISSING)(`passes another failure of an installed package through ${ONNX_NOTE}`, async () => {
    const broken = new Error('boom');
    await expect(importOptional('onnx', () => Promise.reject(broken))).rejects.toBe(broken);
  });
});
