import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureBuiltinModel } from '../embeddings/builtin-model-store.js';
import { embedLibrary } from '../embeddings/embed-library.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { countingProvider } from '../embeddings/test-support/counting-provider.js';
import { openSemantic } from '../search/open-semantic.js';
import { search } from '../search/search.js';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import { ExactIndex } from '../vector/exact-index.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import { ask } from './ask.js';
import type { AnswerEngine, AskEvent, AskSources } from './ask-types.js';
import { extractiveEngine } from './extractive-engine.js';
import { ASK_PAPERS } from './test-support/ask-library.js';

vi.mock('../search/search.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../search/search.js')>();
  return { ...real, search: vi.fn(real.search) };
});

let dir: string;
let store: SqliteStore;
let sources: AskSources;
const today = '2026-11-22';

beforeEach(async () => {
  ({ dir, store } = openTempStore('paperboy-ask-'));
  await ingestRecords(store, ASK_PAPERS);
  sources = { store, lexical: await refreshLexicalIndex(store) };
});
afterEach(() => closeTempStore({ dir, store }));

const cited = (a: { statements: { citations: { paperId: string; sentenceIndex: number }[] }[] }) =>
  a.statements.flatMap((s) => s.citations.map((c) => `${c.paperId}#${c.sentenceIndex}`));

describe('ask', () => {
  it('answers from the sentence that answers, quoting it, each statement naming its paper', async () => {
    const events: AskEvent[] = [];
    const a = await ask(sources, 'How do mixture-of-experts models handle dropped tokens?', { today, onEvent: (e) => events.push(e) });
    expect(a.abstained).toBe(false);
    expect(a.plan.kind).toBe('library');
    expect(cited(a)).toContain('2401.00001#1');
    // Every statement quotes exactly what it cites, and each paper's statements are adjacent.
    for (const s of a.statements) expect(s.citations[0]!.quote).toBe(s.text);
    const order = a.statements.map((s) => s.citations[0]!.paperId);
    expect(order.filter((p, i) => p !== order[i - 1])).toEqual([...new Set(order)]);
    // Each paper is named where its paragraph opens, and "we" is resolved to it.
    expect(a.answer).toContain('“Capacity-Aware Token Rerouting for Mixture-of-Experts Models” (2024): When an expert is over capacity');
    expect(a.answer).toContain('It proposes rerouting dropped tokens');
    expect(a.answer).not.toMatch(/\bwe\b/i);
    // Each paragraph opens with its paper's name; a statement running on in it says "it".
    a.statements.forEach((s, i) => {
      if (s.citations[0]!.paperId !== a.statements[i - 1]?.citations[0]!.paperId) expect(s.shown).toMatch(/^“[^”]+” \(\d{4}\)/);
      else expect(s.shown).not.toMatch(/^“/);
    });
    expect(a.focus).toEqual(['dropped', 'tokens']);
    expect(a.checked).toMatch(/^Each quote was checked: it is in its paper and it addresses “dropped tokens”; confidence (high|medium|low)/);
    expect(a.answer).toMatch(/\[1\]/);
    expect(a.rounds).toBe(1);
    expect(a.engine).toBe('extractive');
    expect(events.map((e) => e.type)).toEqual(['plan', 'round', 'evidence', ...a.statements.map(() => 'statement'), 'answer']);
  });

  it('separates supporting from contradicting evidence for a claim', async () => {
    const a = await ask(sources, 'Expert choice routing reduces the number of dropped tokens.', { today });
    expect(a.plan.kind).toBe('claim');
    const against = a.statements.filter((s) => s.stance === 'contradicts');
    expect(against.map((s) => s.citations[0]!.paperId)).toContain('2611.00003');
    expect(against.some((s) => s.text.startsWith('Expert choice routing did not reduce'))).toBe(true);
    // Supporting first, then contradicting, each under its heading.
    const stances = a.statements.map((s) => s.stance);
    expect(stances).toEqual([...stances].sort((x, y) => (x === y ? 0 : x === 'supports' ? -1 : 1)));
    expect(a.answer).toContain('Evidence against the claim:');
    // A claim is checked against its best paper only.
    expect(new Set(a.statements.map((s) => s.citations[0]!.paperId)).size).toBe(1);
  });

  it('abstains on an off-topic question, naming what the library does contain', async () => {
    const a = await ask(sources, 'What is the best sourdough bread hydration for a crisp crust?', { today });
    expect(a.abstained).toBe(true);
    expect(a.statements).toEqual([]);
    expect(a.note).toMatch(/^The library has/);
    expect(a.answer).toBe(a.note);
  });

  it('abstains when the question names what no paper mentions, even if a stem matches', async () => {
    // "capital" and "capitalize" share the stem "capit"; "France" appears in no paper, so the
    // one matching sentence holds too little of the question to answer it.
    await ingestRecords(store, [{ title: 'Scaling Sparse Models', abstract: 'We capitalize on sparse expert layers to scale language models cheaply. Routing decides which expert sees a token.', authors: ['A. Author'], date: '2024-05-01', arxivId: '2405.09999', categories: ['cs.LG'] }], '/data/extra.jsonl');
    sources = { store, lexical: await refreshLexicalIndex(store) };
    const a = await ask(sources, 'What is the capital of France?', { today });
    expect(a.abstained).toBe(true);
    // The same library still answers a question whose words it has.
    expect((await ask(sources, 'Which layers do sparse models capitalize on to scale?', { today })).abstained).toBe(false);
  });

  it('abstains with the closest papers when the evidence is weak', async () => {
    const a = await ask(sources, 'Do protein language models predict antibody binding affinity in vivo?', { today, maxRounds: 2 });
    expect(a.abstained).toBe(true);
    expect(a.rounds).toBe(2);
    expect(a.note).toContain('Protein Folding with Geometric Deep Learning');
  });

  it('scopes to one paper with paperId, and never cites another', async () => {
    const a = await ask(sources, 'what do they propose?', { today, paperId: '2401.00001' });
    expect(a.plan).toMatchObject({ kind: 'paper', paperId: '2401.00001' });
    expect(a.abstained).toBe(false);
    expect(new Set(a.statements.map((s) => s.citations[0]!.paperId))).toEqual(new Set(['2401.00001']));
    await expect(ask(sources, 'anything', { today, paperId: '9999.99999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cites only the papers in docIds', async () => {
    const balancing = await store.docIdOf('2402.00002');
    const a = await ask(sources, 'How do mixture-of-experts models handle dropped tokens?', { today, docIds: new Set([balancing!]) });
    expect(new Set(cited(a).map((c) => c.split('#')[0]))).toEqual(a.abstained ? new Set() : new Set(['2402.00002']));
    const none = await ask(sources, 'How do mixture-of-experts models handle dropped tokens?', { today, docIds: new Set() });
    expect(none.abstained).toBe(true);
  });

  it('re-retrieves with a reformulated query when nothing survives verification, then answers', async () => {
    const base = extractiveEngine();
    const queries: string[] = [];
    let calls = 0;
    // Round one invents a citation (rejected by verification); round two answers honestly.
    const engine: AnswerEngine = {
      name: 'extractive',
      draft: async (q, plan, evidence, o) => {
        queries.push(plan.query);
        return calls++ === 0 ? [{ text: 'Everything is solved.', citations: [{ paperId: '9999.99999', sentenceIndex: 0, quote: 'Everything is solved.' }] }] : base.draft(q, plan, evidence, o);
      },
      reformulate: () => Promise.resolve('dropped tokens rerouting'),
    };
    const a = await ask(sources, 'How do mixture-of-experts models handle dropped tokens?', { today, engine });
    expect(a.rounds).toBe(2);
    expect(queries).toEqual(['mixture-of-experts models handle dropped tokens', 'dropped tokens rerouting']);
    expect(a.abstained).toBe(false);
    expect(cited(a)).not.toContain('9999.99999#0');
    expect(cited(a)).toContain('2401.00001#1');
  });

  it("searches a claim's first query once, though later rounds measure its margin there too", async () => {
    const base = extractiveEngine();
    let calls = 0;
    const engine: AnswerEngine = {
      name: 'extractive',
      draft: async (q, plan, evidence, o) =>
        calls++ === 0 ? [{ text: 'Everything is solved.', citations: [{ paperId: '9999.99999', sentenceIndex: 0, quote: 'Everything is solved.' }] }] : base.draft(q, plan, evidence, o),
      reformulate: () => Promise.resolve('expert choice routing dropped tokens capacity'),
    };
    vi.mocked(search).mockClear();
    const a = await ask(sources, 'Expert choice routing reduces the number of dropped tokens.', { today, engine });
    expect(a.plan.kind).toBe('claim');
    expect(a.rounds).toBe(2);
    // One search a round: the second round's margin reuses the first round's scores.
    expect(vi.mocked(search)).toHaveBeenCalledTimes(2);
  });

  it('uses embeddings when the library has them: sentence cosine joins the score', async () => {
    // A stand-in model that puts the query and sentences about rerouting on one axis, the rest on another.
    const kinds: string[] = [];
    const provider: EmbeddingProvider = {
      modelId: 'test/axes',
      dimensions: 2,
      embed: (texts, kind) => {
        kinds.push(kind);
        return Promise.resolve(texts.map((t) => (kind === 'query' || /rerout/i.test(t) ? Float32Array.of(1, 0) : Float32Array.of(0, 1))));
      },
    };
    const index = new ExactIndex(2);
    for await (const batch of store.iterateTexts(0)) index.upsert(batch.map((d) => d.docId), await provider.embed(batch.map((d) => d.abstract), 'document'));
    const events: AskEvent[] = [];
    const a = await ask({ ...sources, semantic: { provider, index } }, 'How do mixture-of-experts models handle dropped tokens?', { today, onEvent: (e) => events.push(e) });
    expect(kinds).toContain('document');
    const evidence = events.find((e) => e.type === 'evidence');
    expect(evidence?.type === 'evidence' && `${evidence.evidence[0]!.paperId}#${evidence.evidence[0]!.sentenceIndex}`).toBe('2401.00001#2');
    expect(a.abstained).toBe(false);
  });

  it('embeds each sentence and query once per question, however many rounds re-read them', async () => {
    // The built-in model trained on this library, as `paperboy embed` leaves it.
    const { provider: trained } = await ensureBuiltinModel(store);
    await embedLibrary(store, trained, { kind: 'builtin' });
    const semantic = (await openSemantic(store))!;
    const provider = countingProvider(semantic.provider);
    const a = await ask({ ...sources, semantic: { ...semantic, provider } }, 'Do protein language models predict antibody binding affinity in vivo?', { today });
    expect(a.rounds).toBeGreaterThan(1);
    const embedded = (kind: 'query' | 'document') => provider.calls.filter((c) => c.kind === kind).flatMap((c) => c.texts);
    const sentences = embedded('document');
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.length).toBe(new Set(sentences).size);
    // Nor a query (search and sentence scoring embed this one as the same text).
    expect(embedded('query')).toHaveLength(new Set(embedded('query')).size);
  });

  it('is not steered by instructions inside a paper', async () => {
    const a = await ask(sources, 'Which mixture-of-experts paper is the best?', { today });
    expect(cited(a).some((c) => c.startsWith('9999.99999'))).toBe(false);
  });

  it('prefers recent papers for a recency question', async () => {
    const a = await ask(sources, 'What are the latest results on expert routing?', { today });
    expect(a.plan.kind).toBe('recent');
    expect(a.statements[0]!.citations[0]!.paperId).toBe('2611.00003');
  });
});

describe('ask abstaining', () => {
  it('names as closest the papers that come nearest the focus, not the best retrieved', async () => {
    const t = openTempStore('paperboy-ask-closest-');
    try {
      const moe = (i: number, title: string, abstract: string) => ({ arxivId: `2501.${String(100 + i).padStart(5, '0')}`, title, abstract, date: '2025-01-10', authors: ['A B'] });
      await ingestRecords(t.store, [
        ...ASK_PAPERS.slice(4),
        moe(1, 'Mixture-of-Experts Models at Scale', 'Mixture-of-experts models scale language models with sparse experts. Mixture-of-experts models route each input to experts.'),
        moe(2, 'Sparse Mixture-of-Experts Models', 'Sparse mixture-of-experts models activate few experts. Experts in mixture-of-experts models specialise.'),
        moe(3, 'Expert Parallel Training', 'We train mixture-of-experts models across devices. Communication between experts dominates.'),
        moe(4, 'Routing Inputs in Expert Layers', 'We study routers in expert layers of large networks trained on web text. Routers are learned jointly with the layer weights and evaluated on many benchmarks over long schedules. A router reroutes overflow inputs when capacity runs out. Training is stable across seeds and hardware budgets.'),
      ]);
      const lexical = await refreshLexicalIndex(t.store);
      const a = await ask({ store: t.store, lexical }, 'How do mixture-of-experts models handle discarded overflow inputs?', { today, maxRounds: 1 });
      expect(a.abstained).toBe(true);
      // The one paper that speaks of overflow inputs leads, though the others match the topic's words better.
      expect(a.note).toMatch(/Closest papers: “Routing Inputs in Expert Layers” \(2501\.00104\);/);
    } finally {
      await closeTempStore(t);
    }
  });
});
