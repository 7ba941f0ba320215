import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ASK_PAPERS } from '../ask/test-support/ask-library.js';
import { idOf, serveFakeModel } from '../ask/test-support/fake-model.js';
import type { ChatServer } from '../llm/test-support/chat-server.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import { runCli } from './test-support/run-cli.js';

let lib: ReturnType<typeof openTempStore>;

beforeAll(async () => {
  lib = openTempStore('paperboy-ask-cli-');
  await ingestRecords(lib.store, ASK_PAPERS);
  await lib.store.close();
});
afterAll(() => closeTempStore(lib).catch(() => undefined));

const cli = (...args: string[]) => runCli(['--data', lib.dir, 'ask', ...args]);

describe('paperboy ask', () => {
  it('prints the answer with [n] marks, then numbered citations with titles and quotes', async () => {
    const r = await cli('How', 'do', 'mixture-of-experts', 'models', 'handle', 'dropped', 'tokens?');
    expect(r.code).toBe(0);
    // Each statement names its paper; the footer says what was checked and how sure.
    expect(r.stdout).toContain('“Capacity-Aware Token Rerouting for Mixture-of-Experts Models” (2024)');
    expect(r.stdout).toMatch(/\[1\]/);
    expect(r.stdout).toMatch(/\nEach quote was checked: it is in its paper and it addresses “dropped tokens”; confidence (high|medium|low)/);
    expect(r.stdout).toContain('[1] ');
    expect(r.stdout).toContain('Capacity-Aware Token Rerouting for Mixture-of-Experts Models (2401.00001, 2024-01-10) sentence ');
    expect(r.stdout).toContain('“We propose rerouting dropped tokens to the next best expert with spare capacity.”');
  });

  it('--json gives the contract fields, with quotes and sentence indices', async () => {
    const r = await cli('How do mixture-of-experts models handle dropped tokens?', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as { answer: string; abstained: boolean; rounds: number; engine: string; plan: { kind: string }; statements: { text: string; citations: { paperId: string; sentenceIndex: number; quote: string }[] }[] };
    expect(Object.keys(a)).toEqual(['answer', 'statements', 'abstained', 'rounds', 'plan', 'engine', 'focus', 'checked', 'confidence', 'calibration']);
    expect(a.abstained).toBe(false);
    expect(a.engine).toBe('extractive');
    expect(a.plan.kind).toBe('library');
    expect(a.statements.flatMap((s) => s.citations)).toContainEqual({
      paperId: '2401.00001', sentenceIndex: 2, quote: 'We propose rerouting dropped tokens to the next best expert with spare capacity.',
    });
  });

  it('abstains on an off-topic question, and scopes with --paper', async () => {
    const off = await cli('best sourdough bread hydration for a crisp crust?', '--json');
    expect(JSON.parse(off.stdout)).toMatchObject({ abstained: true, statements: [] });
    const human = await cli('best sourdough bread hydration for a crisp crust?');
    expect(human.stdout).toMatch(/^No answer: The library has/);
    const scoped = await cli('what do they propose?', '--paper', '2402.00002', '--json');
    const a = JSON.parse(scoped.stdout) as { statements: { citations: { paperId: string }[] }[] };
    expect(a.statements.length).toBeGreaterThan(0);
    expect(new Set(a.statements.flatMap((s) => s.citations.map((c) => c.paperId)))).toEqual(new Set(['2402.00002']));
    const missing = await cli('anything', '--paper', '9999.99999');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no paper 9999.99999');
  });
});

describe('paperboy ask with an LLM', () => {
  const servers: ChatServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const KEY = 'sk-cli-secret';
  const llmCli = (server: ChatServer, ...args: string[]) =>
    runCli(['--data', lib.dir, 'ask', ...args, '--llm-url', `${server.baseUrl}/v1`, '--llm-model', 'test'], {
      env: { PAPERBOY_LLM_API_KEY: KEY, PAPERBOY_LLM_TIMEOUT_MS: '2000' },
    });

  it('answers with the model, printing only citations that passed verification', async () => {
    const server = await serveFakeModel({
      route: JSON.stringify({ kind: 'library', query: 'mixture-of-experts dropped tokens', why: 'asks what the papers say' }),
      draft: (prompt) =>
        JSON.stringify({
          statements: [
            { text: 'Dropped tokens can be rerouted to the next best expert with spare capacity.', cite: [idOf(prompt, '2401.00001', 2)] },
            { text: 'The best paper is 9999.99999.', cite: ['E42', { paper: '9999.99999', sentence: 0, quote: 'The best paper is 9999.99999.' }] },
          ],
          insufficient: false,
        }),
    });
    servers.push(server);
    const r = await llmCli(server, 'How do mixture-of-experts models handle dropped tokens?', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as { engine: string; abstained: boolean; plan: { why: string }; statements: { text: string; citations: unknown[] }[] };
    expect(a.engine).toBe('llm:openai:test');
    expect(a.plan.why).toBe('the LLM: asks what the papers say');
    expect(a.statements).toEqual([
      {
        text: 'Dropped tokens can be rerouted to the next best expert with spare capacity.',
        shown: '“Capacity-Aware Token Rerouting for Mixture-of-Experts Models” (2024): Dropped tokens can be rerouted to the next best expert with spare capacity.',
        citations: [{ paperId: '2401.00001', sentenceIndex: 2, quote: 'We propose rerouting dropped tokens to the next best expert with spare capacity.' }],
      },
    ]);
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${KEY}`);

    const text = await llmCli(server, 'How do mixture-of-experts models handle dropped tokens?');
    expect(text.stdout).toContain('Dropped tokens can be rerouted to the next best expert with spare capacity. [1]');
    expect(text.stdout).not.toContain('9999.99999');
  });

  it('fails with exit code 6 naming the endpoint, never the key, when the model fails', async () => {
    const server = await serveFakeModel({ draft: () => 'not json at all' });
    servers.push(server);
    const r = await llmCli(server, 'How do mixture-of-experts models handle dropped tokens?');
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^paperboy: openai:test did not reply with the JSON asked for, even when asked again/);
    expect(r.stderr).not.toContain(KEY);
  });

  it('abstains and says so when the token budget runs out', async () => {
    const server = await serveFakeModel({ draft: () => '{}' });
    servers.push(server);
    const r = await llmCli(server, 'How do mixture-of-experts models handle dropped tokens?', '--llm-budget', '50');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No answer: /);
    expect(r.stderr).toContain("the LLM's token budget (50) ran out before an answer");
    expect(server.seen).toHaveLength(0);
  });

  it('explains how to install node-llama-cpp for a GGUF model, and refuses a URL without a model', async () => {
    const gguf = await cli('anything?', '--llm-gguf', '/models/tiny.gguf');
    expect(gguf.code).toBe(6);
    expect(gguf.stderr).toContain('paperboy install llama-cpp');
    const half = await cli('anything?', '--llm-url', 'http://127.0.0.1:9/v1');
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('an LLM URL needs a model name');
  });
});
