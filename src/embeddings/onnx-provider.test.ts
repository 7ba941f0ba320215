import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPaperboyError } from '../core/errors.js';
import { familyPrefixes, OnnxProvider } from './onnx-provider.js';
import { ONNX_MISSING, ONNX_NOTE } from './test-support/onnx-package.js';
import { writeTinyModel, type TinyModel } from './test-support/tiny-onnx-model.js';

const WORDS = ['neural', 'networks', 'graph', 'query', 'passage', ':', 'search'];

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'paperboy-onnx-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
const model = (name: string, options: Partial<Parameters<typeof writeTinyModel>[1]> = {}): TinyModel =>
  writeTinyModel(path.join(root, `${counter++}`, name), { words: WORDS, ...options });

/**
 * The tiny graph's last_hidden_state is mask·(E[id] + S) with S the sum of the sentence's token rows
 * (see tiny-onnx-model.ts): mean pooling points along S, CLS pooling is E[CLS] + S.
 */
function expected(m: TinyModel, tokens: string[], pooling: 'mean' | 'cls'): number[] {
  const ids = ['[CLS]', ...tokens, '[SEP]'].map((t) => {
    const id = m.vocab[t];
    if (id === undefined) throw new Error(`not in vocab: ${t}`);
    return id;
  });
  const sum = new Array<number>(m.dim).fill(0);
  for (const id of ids) m.table[id]!.forEach((x, j) => (sum[j]! += x));
  const v = pooling === 'mean' ? sum : sum.map((x, j) => x + m.table[m.vocab['[CLS]']!]![j]!);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function expectVector(actual: Float32Array | undefined, want: number[]): void {
  expect(actual).toBeInstanceOf(Float32Array);
  expect(actual!.length).toBe(want.length);
  want.forEach((x, j) => expect(actual![j]).toBeCloseTo(x, 5));
}

async function expectError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPaperboyError(err), `expected a PaperboyError, got ${String(err)}`).toBe(true);
  expect((err as Error & { code: string }).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe.skipIf(ONNX_MISSING)(`OnnxProvider on a hand-built model ${ONNX_NOTE}`, () => {
  it('mean-pools and normalises, in input order, across batches with padding', async () => {
    const m = model('tiny-bert');
    const provider = await OnnxProvider.load({ modelDir: m.dir, batchSize: 2 });
    try {
      expect(provider.dimensions).toBe(4);
      expect(provider.pooling).toBe('mean');
      expect(provider.onnxFile).toBe('onnx/model.onnx');
      expect(provider.modelId).toMatch(/^onnx\/tiny-bert\/[0-9a-f]{16}$/);
      expect(provider.queryPrefix).toBe('');

      const texts = ['Neural networks for GRAPH search', 'graph', 'zebra neural', '', 'networks  networks'];
      const vectors = await provider.embed(texts, 'document');
      expect(vectors).toHaveLength(texts.length);
      expectVector(vectors[0], expected(m, ['neural', 'networks', '[UNK]', 'graph', 'search'], 'mean'));
      expectVector(vectors[1], expected(m, ['graph'], 'mean'));
      expectVector(vectors[2], expected(m, ['[UNK]', 'neural'], 'mean'));
      expectVector(vectors[3], expected(m, [], 'mean'));
      expectVector(vectors[4], expected(m, ['networks', 'networks'], 'mean'));
      for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);

      // Same text, same vector, whatever it is batched with.
      const [alone] = await provider.embed(['graph'], 'query');
      expectVector(alone, Array.from(vectors[1]!));
      expect(await provider.embed([], 'document')).toEqual([]);
    } finally {
      await provider.dispose();
    }
  });

  it('uses CLS pooling when 1_Pooling/config.json says so, and it changes the model id', async () => {
    const mean = model('pooled', { pooling: 'mean' });
    const cls = model('pooled', { pooling: 'cls' });
    const [pm, pc] = await Promise.all([
      OnnxProvider.load({ modelDir: mean.dir }),
      OnnxProvider.load({ modelDir: cls.dir }),
    ]);
    try {
      expect(pc.pooling).toBe('cls');
      const [v] = await pc.embed(['neural graph'], 'document');
      expectVector(v, expected(cls, ['neural', 'graph'], 'cls'));
      const [w] = await pm.embed(['neural graph'], 'document');
      expectVector(w, expected(mean, ['neural', 'graph'], 'mean'));
      expect(pc.modelId).not.toBe(pm.modelId);
      // The pooling option overrides the folder's.
      const overridden = await OnnxProvider.load({ modelDir: cls.dir, pooling: 'mean' });
      expect(overridden.pooling).toBe('mean');
      expect(overridden.modelId).toBe(pm.modelId);
      await overridden.dispose();
    } finally {
      await Promise.all([pm.dispose(), pc.dispose()]);
    }
  });

  it('gives the same id to the same model in another folder of the same name, another to other weights', async () => {
    const a = model('same');
    const b = model('same');
    const c = writeTinyModel(path.join(root, `${counter++}`, 'same'), { words: [...WORDS, 'extra'] });
    const ids = [];
    for (const m of [a, b, c]) {
      const p = await OnnxProvider.load({ modelDir: m.dir });
      ids.push(p.modelId);
      await p.dispose();
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('prefixes queries and documents: options, then the model prompts, then the family', async () => {
    const m = model('plain');
    const p = await OnnxProvider.load({ modelDir: m.dir, queryPrefix: 'query: ', documentPrefix: 'passage: ' });
    try {
      const [q] = await p.embed(['neural'], 'query');
      expectVector(q, expected(m, ['query', ':', 'neural'], 'mean'));
      const [d] = await p.embed(['neural'], 'document');
      expectVector(d, expected(m, ['passage', ':', 'neural'], 'mean'));
    } finally {
      await p.dispose();
    }

    const prompted = model('prompted', { prompts: { query: 'search query: ', document: '' } });
    const pp = await OnnxProvider.load({ modelDir: prompted.dir });
    expect([pp.queryPrefix, pp.documentPrefix]).toEqual(['search query: ', '']);
    const [q2] = await pp.embed(['graph'], 'query');
    expectVector(q2, expected(prompted, ['search', 'query', ':', 'graph'], 'mean'));
    await pp.dispose();

    const e5 = model('e5-small-v2');
    const pe = await OnnxProvider.load({ modelDir: e5.dir });
    expect([pe.queryPrefix, pe.documentPrefix]).toEqual(['query: ', 'passage: ']);
    await pe.dispose();
    const pe2 = await OnnxProvider.load({ modelDir: e5.dir, queryPrefix: '', documentPrefix: '' });
    expect([pe2.queryPrefix, pe2.documentPrefix]).toEqual(['', '']);
    expect(pe2.modelId).not.toBe(pe.modelId); // the document prefix changes document vectors
    await pe2.dispose();
  });

  it('loads a quantised-only export, and a model.onnx at the top level', async () => {
    const q = model('quantised', { onnxFile: 'model_quantized.onnx' });
    const pq = await OnnxProvider.load({ modelDir: q.dir });
    expect(pq.onnxFile).toBe('onnx/model_quantized.onnx');
    expectVector((await pq.embed(['graph'], 'document'))[0], expected(q, ['graph'], 'mean'));
    await pq.dispose();

    const top = model('top-level');
    renameSync(path.join(top.dir, 'onnx', 'model.onnx'), path.join(top.dir, 'model.onnx'));
    const pt = await OnnxProvider.load({ modelDir: top.dir });
    expect(pt.onnxFile).toBe('model.onnx');
    expectVector((await pt.embed(['graph'], 'document'))[0], expected(top, ['graph'], 'mean'));
    await pt.dispose();
  });

  it('asks the model for its dimension when no config states it, and rejects a graph without hidden states', async () => {
    const m = model('no-hidden-size', { config: { hidden_size: undefined } });
    const p = await OnnxProvider.load({ modelDir: m.dir });
    expect(p.dimensions).toBe(4);
    await p.dispose();

    const odd = model('odd-output', { outputName: 'sentence_vectors' });
    await expectError(
      OnnxProvider.load({ modelDir: odd.dir }),
      'EMBEDDING_FAILED',
      /outputs sentence_vectors, but a sentence-embedding export must output last_hidden_state/,
    );
  });

  it('says clearly what is wrong with a folder', async () => {
    await expectError(
      OnnxProvider.load({ modelDir: path.join(root, 'nowhere') }),
      'EMBEDDING_UNAVAILABLE',
      /model folder not found: .*nowhere/,
    );
    const noOnnx = model('no-onnx', { onnxFile: null });
    await expectError(OnnxProvider.load({ modelDir: noOnnx.dir }), 'EMBEDDING_UNAVAILABLE', /no ONNX model file in .*no-onnx/);
    await expectError(
      OnnxProvider.load({ modelDir: noOnnx.dir, onnxFile: 'onnx/model_fp16.onnx' }),
      'EMBEDDING_UNAVAILABLE',
      /no ONNX file onnx\/model_fp16\.onnx/,
    );
    const noTokenizer = model('no-tokenizer');
    unlinkSync(path.join(noTokenizer.dir, 'tokenizer.json'));
    await expectError(OnnxProvider.load({ modelDir: noTokenizer.dir }), 'EMBEDDING_UNAVAILABLE', /tokenizer\.json is missing/);
    await expectError(OnnxProvider.load({ modelDir: model('bad-batch').dir, batchSize: 0 }), 'BAD_CONFIG', /batch size/);
    const corrupt = model('corrupt');
    writeFileSync(path.join(corrupt.dir, 'onnx', 'model.onnx'), 'this is not protobuf');
    await expectError(OnnxProvider.load({ modelDir: corrupt.dir }), 'EMBEDDING_FAILED', /cannot load the ONNX model in/);
  });
});

describe('familyPrefixes', () => {
  it('knows the common asymmetric families', () => {
    expect(familyPrefixes('bge-small-en-v1.5')?.query).toBe(
      'Represent this sentence for searching relevant passages: ',
    );
    expect(familyPrefixes('BAAI/bge-base-en-v1.5')?.document).toBe('');
    expect(familyPrefixes('intfloat/multilingual-e5-small')).toEqual({ query: 'query: ', document: 'passage: ' });
    expect(familyPrefixes('multilingual-e5-large-instruct')).toBeUndefined();
    expect(familyPrefixes('all-MiniLM-L6-v2')).toBeUndefined();
    expect(familyPrefixes('bge-m3')).toBeUndefined();
  });
});
