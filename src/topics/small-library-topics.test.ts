/**
 * Topics of seed-sized libraries (issue 12): none, with the figures, for libraries of random words
 * (no topics to find); topics that follow the arXiv categories for a real slice of two categories.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIngest } from '../ingest/pipeline.js';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { clusterAgreement } from './cluster-agreement.js';
import { LISTINGS_DIR, categorySlice, listingFiles } from './test-support/category-slice.js';
import { randomWordPapers } from './test-support/random-word-library.js';
import { refreshTopicModel } from './topic-cache.js';

const LISTINGS = listingFiles();

let t: { dir: string; store: SqliteStore };
beforeEach(() => {
  t = openTempStore('paperboy-small-topics-');
});
afterEach(() => closeTempStore(t));

describe('topics of a small library', () => {
  // Before the terms were traded for the null (chance measured on the projected dimensions
  // shuffled), 15 of 24 such libraries got 2 to 7 topics, among them 4 of these 6.
  it.each([
    [200, 4],
    [200, 6],
    [400, 2],
    [400, 4],
    [2000, 3],
    [2000, 7],
  ])('finds none in 60 papers of random words (vocabulary %i, seed %i), and keeps the figures that say why', async (vocabulary, seed) => {
    await ingestRecords(t.store, randomWordPapers({ papers: 60, vocabulary, seed }));
    const model = (await refreshTopicModel(t.store))!;
    expect(model.clustered).toBe(false);
    const s = model.separation!;
    // k-means split them, but no further above chance than copies with no topics split themselves.
    expect(s.score).toBeGreaterThan(0);
    expect(s.score - s.chance).toBeLessThan(s.chanceGap + 4 * s.chanceSd);
  }, 60_000);

  // The slice bench/topics-small.ts measures first (100 papers of each, seed 11), read from ../shared.
  it.skipIf(LISTINGS.length === 0)(`finds topics in 200 real arXiv papers of cs.CL and cs.GR that follow the categories${LISTINGS.length ? '' : ` (skipped: no listings at ${LISTINGS_DIR})`}`, async () => {
    const slice = path.join(t.dir, 'slice.jsonl');
    writeFileSync(slice, (await categorySlice(LISTINGS, ['cs.CL', 'cs.GR'], 100, 11)).join('\n'));
    const session = await startIngest(t.store);
    const report = await session.ingest(slice, { today: '2026-11-22' });
    expect(report.error).toBeUndefined();
    await session.finish();
    await session.close();
    const model = (await refreshTopicModel(t.store))!;
    expect(model.clustered).toBe(true);
    expect(model.topics.length).toBeGreaterThanOrEqual(2);
    const papers = await t.store.getPapersByDocIds(model.papers.docIds);
    const category = new Map(papers.map(({ docId, paper }) => [docId, paper.categories[0]!]));
    const { purity } = clusterAgreement(model.papers.topic, model.papers.docIds.map((d) => category.get(d)!));
    // One topic, or papers dealt to topics at random, scores the larger category's share (about
    // half); a topic per category 1. At 0.8 at most a fifth of the papers sit in a topic
    // led by the other category (measured: 0.83, two topics).
    expect(purity).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
