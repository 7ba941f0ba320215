import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_PAPERS } from '../ask/test-support/ask-library.js';
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
    expect(r.stdout).toContain('reports:');
    expect(r.stdout).toMatch(/\[1\]/);
    expect(r.stdout).toContain('[1] ');
    expect(r.stdout).toContain('Capacity-Aware Token Rerouting for Mixture-of-Experts Models (2401.00001, 2024-01-10) sentence ');
    expect(r.stdout).toContain('“We propose rerouting dropped tokens to the next best expert with spare capacity.”');
  });

  it('--json gives the contract fields, with quotes and sentence indices', async () => {
    const r = await cli('How do mixture-of-experts models handle dropped tokens?', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as { answer: string; abstained: boolean; rounds: number; engine: string; plan: { kind: string }; statements: { text: string; citations: { paperId: string; sentenceIndex: number; quote: string }[] }[] };
    expect(Object.keys(a)).toEqual(['answer', 'statements', 'abstained', 'rounds', 'plan', 'engine']);
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
