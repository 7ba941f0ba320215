import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import { ask } from './ask.js';
import type { Answer, AskSources } from './ask-types.js';
import { BACKGROUND_QUERIES } from './background.js';
import { ASK_PAPERS } from './test-support/ask-library.js';
import { backgroundPapers } from './test-support/background-library.js';

const today = '2026-11-22';
const libraries: { dir: string; store: SqliteStore; sources: AskSources }[] = [];

beforeAll(async () => {
  // The same small library, alone and grown to 20 times its size with papers of many fields.
  for (const extra of [0, 300]) {
    const t = openTempStore('paperboy-ask-size-');
    await ingestRecords(t.store, [...ASK_PAPERS, ...backgroundPapers(extra)]);
    libraries.push({ ...t, sources: { store: t.store, lexical: await refreshLexicalIndex(t.store) } });
  }
});
afterAll(async () => {
  for (const l of libraries) await closeTempStore(l);
});

const decide = (a: Answer) => (a.abstained ? 'abstain' : a.statements.map((s) => s.citations[0]!.paperId)[0]);

describe('abstention whatever the library size', () => {
  it('gives the same answer or abstention on a small library and on one twenty times larger', async () => {
    const questions = {
      'How do mixture-of-experts models handle dropped tokens?': '2401.00001',
      'How does an auxiliary loss balance the load across experts?': '2402.00002',
      // Out of the library's domain.
      'What is the boiling point of water?': 'abstain',
      'Who won the 2022 FIFA World Cup?': 'abstain',
      // Near it: the topic is there (and, in the larger library, the words), the answer is not.
      'How much energy does training a mixture-of-experts model consume?': 'abstain',
    };
    for (const { sources } of libraries) {
      const got: Record<string, string | undefined> = {};
      for (const q of Object.keys(questions)) got[q] = decide(await ask(sources, q, { today }));
      expect(got).toEqual(questions);
    }
  });

  it('calibrates against background questions only where the library is large enough to have a background', async () => {
    const q = 'How do mixture-of-experts models handle dropped tokens?';
    const [small, large] = await Promise.all(libraries.map(({ sources }) => ask(sources, q, { today })));
    expect(small!.calibration!.background).toEqual([]);
    expect(large!.calibration!.background).toHaveLength(BACKGROUND_QUERIES);
    // The answer clears every background question of its shape in the larger library.
    expect(large!.calibration!.best).toBeGreaterThan(Math.max(...large!.calibration!.background));
    expect(large!.confidence).toBe('high');
  });

  it('a claim nothing bears on: the library has nothing for or against it', async () => {
    for (const { sources } of libraries) {
      const a = await ask(sources, 'Load balancing losses make protein folding faster.', { today });
      expect(a.plan.kind).toBe('claim');
      expect(a.abstained).toBe(true);
      expect(a.statements).toEqual([]);
      expect(a.note).toMatch(/^The library has nothing for or against this claim: no abstract says anything about “[^”]+” that bears on it\. Closest papers: /);
    }
  });
});
