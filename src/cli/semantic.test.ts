/**
 * Semantic search end to end through the CLI: embed with the built-in model and with an
 * OpenAI-compatible endpoint (a local server speaking the real protocol), search in every mode,
 * related papers, and what happens when the model changes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIM, fakeEmbedding, serveEmbeddings, type EmbeddingServer } from '../embeddings/test-support/openai-server.js';
import { runCli } from './test-support/run-cli.js';

let dir: string;
let server: EmbeddingServer;
const fixtures = new URL('../sources/fixtures/', import.meta.url).pathname;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-semantic-'));
  server = await serveEmbeddings();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function library(name: string): Promise<(...args: string[]) => ReturnType<typeof runCli>> {
  const lib = path.join(dir, name);
  const cli = (...args: string[]) => runCli(['--data', lib, ...args]);
  const files = readdirSync(fixtures).map((f) => path.join(fixtures, f));
  await cli('ingest', ...files);
  return cli;
}

interface Hits {
  mode: string;
  hits: { id: string; score: number }[];
}

describe('semantic search from the CLI', () => {
  it('refuses semantic modes before embedding, with what to run', async () => {
    const cli = await library('plain');
    const r = await cli('search', '--mode', 'semantic', 'language models');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('paperboy embed');
    // Lexical still works, and is the default.
    const lexical = JSON.parse((await cli('search', '--json', 'language')).stdout) as Hits;
    expect(lexical.mode).toBe('lexical');
  });

  it('embeds with the built-in model, then searches in every mode and lists related papers', async () => {
    const cli = await library('builtin');
    const embed = await cli('embed', '--json');
    expect(embed.code, embed.stderr).toBe(0);
    const report = JSON.parse(embed.stdout) as { modelId: string; embedded: number; papers: number };
    expect(report.modelId).toMatch(/^builtin\/1\//);
    expect(report.embedded).toBeGreaterThan(10);
    expect(report.papers).toBe(report.embedded);

    const hybrid = JSON.parse((await cli('search', '--json', 'language models')).stdout) as Hits;
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.hits.length).toBeGreaterThan(0);
    const semantic = JSON.parse((await cli('search', '--json', '--mode', 'semantic', 'language models')).stdout) as Hits;
    expect(semantic.mode).toBe('semantic');
    expect(semantic.hits.length).toBe(10);
    // Cosine similarities, best first.
    expect(semantic.hits.map((h) => h.score)).toEqual([...semantic.hits.map((h) => h.score)].sort((a, b) => b - a));

    const first = hybrid.hits[0]!.id;
    const related = JSON.parse((await cli('related', first, '--json', '-n', '5')).stdout) as { method: string; related: { id: string }[] };
    // A built-in model trained on these few dozen papers gets no say: related by shared words.
    expect(related.method).toBe('lexical');
    expect(related.related).toHaveLength(5);
    expect(related.related.map((r) => r.id)).not.toContain(first);

    // Damaged index files are detected, never loaded: they are rebuilt, and the answers stay the same.
    const artifacts = path.join(dir, 'builtin', 'artifacts');
    const damage = (name: string) => {
      const file = path.join(artifacts, `${name}.artifact`);
      const bytes = readFileSync(file);
      bytes[10] = bytes[10]! ^ 0xff;
      writeFileSync(file, bytes);
    };
    for (const name of ['lexical-bm25', 'vector-index', 'vector-scan-rows']) damage(name);
    const again = await cli('search', '--json', 'language models');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(hybrid);
    expect(readdirSync(artifacts)).toEqual(expect.arrayContaining(['lexical-bm25.artifact', 'vector-index.artifact', 'vector-scan-rows.artifact']));
    // The model is not rebuilt behind the user's back (training takes minutes on a large library): embed does it.
    damage('builtin-embedding-model');
    const noModel = await cli('search', '--json', 'language models');
    expect([noModel.code, noModel.stderr]).toEqual([2, expect.stringContaining('paperboy embed')]);
    expect(JSON.parse((await cli('embed', '--json')).stdout)).toMatchObject({ modelId: report.modelId });
    expect(JSON.parse((await cli('search', '--json', 'language models')).stdout)).toEqual(hybrid);

    // A second embed has nothing to do; retraining on the same library is deterministic, so it
    // gives the same model and vectors.
    expect(JSON.parse((await cli('embed', '--json')).stdout)).toMatchObject({ embedded: 0, modelId: report.modelId });
    expect(JSON.parse((await cli('embed', '--json', '--retrain')).stdout)).toMatchObject({ embedded: 0, modelId: report.modelId });
  });

  it('embeds through an OpenAI-compatible endpoint, and embeds queries with it too', async () => {
    const cli = await library('openai');
    const before = server.seen.length;
    const r = await cli('embed', '--json', '--provider', 'openai', '--base-url', `${server.baseUrl}/v1`, '--model', 'test-embed');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { modelId: string; embedded: number };
    expect(report.modelId).toContain('openai/127.0.0.1');
    const embeddedTexts = server.seen.slice(before).flatMap((s) => s.body.input);
    expect(embeddedTexts.length).toBeGreaterThanOrEqual(report.embedded);

    const afterEmbed = server.seen.length;
    const s = JSON.parse((await cli('search', '--json', '--mode', 'semantic', 'dense retrieval')).stdout) as Hits;
    expect(s.hits.length).toBeGreaterThan(0);
    // The query went to the endpoint as the model's input, and was all that went: the library
    // knows the model's vector size, so there is no request to learn it.
    expect(server.seen.slice(afterEmbed).map((x) => x.body.input)).toEqual([['dense retrieval']]);

    // Switching provider re-embeds the library with the new model; old vectors are dropped.
    const back = JSON.parse((await cli('embed', '--json')).stdout) as { modelId: string; embedded: number; dropped: number };
    expect(back.modelId).toMatch(/^builtin/);
    expect(back.dropped).toBe(report.embedded);
    expect(back.embedded).toBe(report.embedded);
  });

  it('fails clearly when the endpoint now answers with vectors of another size, and embed then re-embeds everything', async () => {
    let dim = DIM;
    const resizing = await serveEmbeddings((req, res) => {
      const data = req.body.input.map((text, index) => ({ index, embedding: fakeEmbedding(text, dim) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
    });
    try {
      const cli = await library('resized');
      const embed = await cli('embed', '--provider', 'openai', '--base-url', `${resizing.baseUrl}/v1`, '--model', 'test-embed');
      expect(embed.code, embed.stderr).toBe(0);
      dim = DIM + 2;
      const r = await cli('search', '--mode', 'semantic', 'dense retrieval');
      expect(r.code).toBe(6);
      expect(r.stderr).toMatch(/returned 6-dimensional embeddings, expected 4 \(the size of the library's vectors from this model/);
      expect(r.stderr).toContain('run paperboy embed again');
      const again = await cli('embed', '--provider', 'openai', '--base-url', `${resizing.baseUrl}/v1`, '--model', 'test-embed', '--json');
      expect(again.code, again.stderr).toBe(0);
      const report = JSON.parse(again.stdout) as { embedded: number; dropped: number; papers: number };
      expect(report.dropped).toBeGreaterThan(0);
      expect(report.embedded).toBe(report.papers);
      const found = await cli('search', '--mode', 'semantic', 'dense retrieval');
      expect(found.code, found.stderr).toBe(0);
    } finally {
      await resizing.close();
    }
  });

  it('reports an endpoint that is down by its address', async () => {
    const cli = await library('down');
    const r = await cli('embed', '--provider', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'x');
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('127.0.0.1:9');
  });
});
