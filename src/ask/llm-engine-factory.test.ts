/** The server's answer engine from the configuration: the API answers with the LLM, a fresh budget per question. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../http/test-support/test-app.js';
import type { ChatServer } from '../llm/test-support/chat-server.js';
import { ingestRecords } from '../store/test-support/temp-store.js';
import { ASK_PAPERS } from './test-support/ask-library.js';
import { idOf, serveFakeModel } from './test-support/fake-model.js';
import { llmEngineFactory } from './llm-engine-factory.js';

let t: TestEnv;
let model: ChatServer;

beforeAll(async () => {
  model = await serveFakeModel({
    draft: (prompt) =>
      JSON.stringify({
        statements: [{ text: 'Dropped tokens can be rerouted to the next best expert with spare capacity.', cite: [idOf(prompt, '2401.00001', 2)] }],
        insufficient: false,
      }),
  });
  t = await testEnv({ fixtures: [], env: { PAPERBOY_LLM_URL: `${model.baseUrl}/v1`, PAPERBOY_LLM_MODEL: 'test' } });
  await ingestRecords(t.library.store, ASK_PAPERS);
});
afterAll(async () => {
  await t.close();
  await model.close();
});

describe('llmEngineFactory', () => {
  it('is undefined without an LLM configured (the extractive engine answers)', async () => {
    const plain = await testEnv({ fixtures: [] });
    try {
      expect(await llmEngineFactory(plain.library.config)).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('makes the server answer with the configured LLM, a fresh token budget for every question', async () => {
    const question = 'How do mixture-of-experts models handle dropped tokens?';
    // What one question spends, then a budget that one question fits in but not two: every
    // question must get an engine with its own budget.
    const probe = (await llmEngineFactory(t.library.config))!();
    t.library.answerEngine = () => probe;
    await t.library.ask(question);
    expect(probe.budget.spent).toBeGreaterThan(0);
    t.library.answerEngine = await llmEngineFactory(t.library.config, { budget: 2 * probe.budget.spent - 1 });
    const asked = async () => {
      const res = await t.app.request(`/api/ask?q=${encodeURIComponent(question)}`);
      return (await res.json()) as { engine: string; abstained: boolean; statements: { citations: { paperId: string }[] }[] };
    };
    for (let i = 0; i < 3; i++) {
      const a = await asked();
      expect(a.engine).toBe('llm:openai:test');
      expect(a.abstained).toBe(false);
      expect(a.statements[0]!.citations[0]!.paperId).toBe('2401.00001');
    }
  });
});
