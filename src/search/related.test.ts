import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuiltinModel } from '../embeddings/builtin-model-store.js';
import { embedLibrary } from '../embeddings/embed-library.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { THEMES, themeCorpus, type Theme } from '../topics/test-support/theme-corpus.js';
import { openSemantic } from './open-semantic.js';
import { refreshLexicalIndex } from './lexical-cache.js';
import { relatedDenseWeight, relatedMethodLabel, relatedPapers } from './related.js';

describe('how much the vectors weigh against shared words', () => {
  it('grows with what the built-in model learnt from: none at 50 papers, half from 200', () => {
    const builtin = 'builtin/1/abc';
    expect(relatedDenseWeight(builtin, undefined)).toBe(0);
    expect(relatedDenseWeight(builtin, 20)).toBe(0);
    expect(relatedDenseWeight(builtin, 50)).toBe(0);
    expect(relatedDenseWeight(builtin, 100)).toBeCloseTo(0.25, 10);
    expect(relatedDenseWeight(builtin, 200)).toBeCloseTo(0.5, 10);
    expect(relatedDenseWeight(builtin, 75_000)).toBe(0.5);
    // A model made elsewhere is used alone, as before.
    expect(relatedDenseWeight('openai/http://x/v1/m', 10)).toBe(1);
    expect(relatedMethodLabel('hybrid')).toBe('by words and meaning');
  });
});

describe('related papers of a small embedded library', () => {
  let t: { dir: string; store: SqliteStore };
  beforeEach(() => {
    t = openTempStore('paperboy-related-');
  });
  afterEach(() => closeTempStore(t));

  const themeOfId = (arxivId: string): Theme => (Object.keys(THEMES) as Theme[])[Number(arxivId.slice(-1))]!;

  it('blends shared words with the vectors, and finds papers of the same theme', async () => {
    await ingestRecords(t.store, themeCorpus(25)); // 75 papers
    const { provider } = await ensureBuiltinModel(t.store, { train: { seed: 3 } });
    await embedLibrary(t.store, provider, { kind: 'builtin' });
    const semantic = await openSemantic(t.store);
    const lexical = await refreshLexicalIndex(t.store);
    const r = await relatedPapers(t.store, lexical, semantic, '2401.0040', 10);
    expect(r.method).toBe('hybrid');
    expect(r.related).toHaveLength(10);
    expect(r.related.map((x) => x.paper.id)).not.toContain('2401.0040');
    for (const x of r.related) expect(themeOfId(x.paper.arxivId!)).toBe('astronomy');
    // Without the vectors: shared words.
    expect((await relatedPapers(t.store, lexical, undefined, '2401.0040', 5)).method).toBe('lexical');
  });
});
