import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshLexicalIndex } from '../search/lexical-cache.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { AskSources } from './ask-types.js';
import { CANDIDATE_PAPERS, WIDE_PAPERS, readPool, widenPool } from './candidate-pool.js';

let t: { dir: string; store: SqliteStore };
let sources: AskSources;
const query = 'sparse expert routing';

beforeAll(async () => {
  t = openTempStore('paperboy-pool-');
  // 50 papers on the topic, the later ones saying it less often: they rank lower.
  const records = Array.from({ length: 50 }, (_, i) => ({
    arxivId: `2501.${String(100 + i).padStart(5, '0')}`,
    title: `Study ${i} of expert layers`,
    abstract: `${'Sparse expert routing sends tokens to experts. '.repeat(1 + Math.floor((50 - i) / 10))}Paper ${i} also measures latency.`,
    date: '2025-01-15',
    authors: ['Some Author'],
  }));
  await ingestRecords(t.store, records);
  sources = { store: t.store, lexical: await refreshLexicalIndex(t.store) };
});
afterAll(async () => {
  await closeTempStore(t);
});

describe('widenPool', () => {
  it('adds the papers ranked just below the first pool, once each and after it', async () => {
    const first = await readPool(sources, { kind: 'library' }, query);
    expect(first.papers).toHaveLength(CANDIDATE_PAPERS);
    const wide = await widenPool(sources, { kind: 'library' }, first, query);
    expect(wide.papers).toHaveLength(WIDE_PAPERS);
    expect(wide.readings).toHaveLength(WIDE_PAPERS);
    expect(wide.papers.slice(0, CANDIDATE_PAPERS)).toEqual(first.papers);
    expect(new Set(wide.papers.map((p) => p.docId)).size).toBe(WIDE_PAPERS);
    // Each reading is its own paper's.
    wide.papers.forEach((p, i) => expect(wide.readings[i]!.sentences.join(' ')).toContain(`Paper ${p.paper.title.split(' ')[1]} also`));
  });

  it('keeps a claim’s pool (tuned on SciFact) and a pool the library could not fill', async () => {
    const first = await readPool(sources, { kind: 'claim' }, query);
    expect((await widenPool(sources, { kind: 'claim' }, first, query)).papers).toHaveLength(CANDIDATE_PAPERS);
    const few = await readPool(sources, { kind: 'library' }, 'latency');
    const short = { papers: few.papers.slice(0, 5), readings: few.readings.slice(0, 5) };
    expect((await widenPool(sources, { kind: 'library' }, short, 'latency')).papers).toHaveLength(5);
  });
});
