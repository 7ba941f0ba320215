/**
 * Benchmark (not a test): topics on seed-sized libraries (issue 12). Three kinds of library, each
 * ingested through the real pipeline into its own store and clustered by the default rule (the
 * topic count chosen by separation above chance, or none):
 * - libraries with no topics at all: 60 papers of random words from one vocabulary (several
 *   vocabulary sizes and seeds); every one should get none;
 * - the 71 seed papers (../shared/seeds), with their labels;
 * - real arXiv slices of 200 papers from two or three distinct primary categories; each should
 *   get topics, scored by purity against the category (one topic scores the largest category's share).
 */
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PaperRecord } from '../src/core/paper.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { clusterAgreement } from '../src/topics/cluster-agreement.js';
import { buildTopicModelFromStore } from '../src/topics/topic-cache.js';
import type { TopicModel } from '../src/topics/topic-model.js';
import { randomWordPapers } from '../src/topics/test-support/random-word-library.js';
import { categorySlice } from '../src/topics/test-support/category-slice.js';
import { ingestRecords } from '../src/store/test-support/temp-store.js';
import { ingestListings, listingFiles, sharedDir, type BenchResult } from './bench-support.js';

const round = (x: number, digits = 3) => +x.toFixed(digits);

/** A fresh library from these files (or records); the model built by the default rule. */
async function topicsOf(work: string, name: string, files: string[] | PaperRecord[]): Promise<{ model: TopicModel; ms: number }> {
  const store = SqliteStore.open(path.join(work, name));
  try {
    if (files.every((f) => typeof f === 'string')) await ingestListings(store, files, '2026-11-22');
    else await ingestRecords(store, files);
    const t = performance.now();
    const model = (await buildTopicModelFromStore(store))!;
    return { model, ms: performance.now() - t };
  } finally {
    await store.close();
  }
}

const summary = (model: TopicModel) => {
  const s = model.separation;
  return {
    topics: model.clustered ? model.topics.length : 0,
    // z: how far the best gap stands above the copies' own best gaps, in their spread (topic-separation.ts).
    ...(s ? { bestK: s.k, score: round(s.score), chance: round(s.chance), chanceGap: round(s.chanceGap), chanceSd: round(s.chanceSd, 4), z: round((s.score - s.chance - s.chanceGap) / s.chanceSd, 1) } : {}),
  };
};

const SLICES = [
  ['cs.CL', 'cs.GR'],
  ['cs.IT', 'cs.GT', 'cs.RO'],
  ['cs.CV', 'cs.CL', 'cs.GT'],
];

export async function benchTopicsSmall(): Promise<BenchResult> {
  const listings = listingFiles();
  if (listings.skipped !== undefined) return { name: 'topics-small', skipped: listings.skipped };
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-topics-small-'));
  try {
    const random = [];
    for (const vocabulary of [200, 400, 2000]) {
      for (let seed = 1; seed <= 8; seed++) {
        const { model } = await topicsOf(work, `random-${vocabulary}-${seed}`, randomWordPapers({ papers: 60, vocabulary, seed }));
        random.push({ vocabulary, seed, ...summary(model) });
      }
    }
    const seedsDir = path.join(sharedDir(), 'seeds');
    const seedFiles = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(seedsDir, f));
    const seeds = await topicsOf(work, 'seeds', seedFiles);
    const slices = [];
    for (const [i, categories] of SLICES.entries()) {
      const per = Math.round(200 / categories.length);
      const rows = await categorySlice(listings.files, categories, per, 11 + i);
      const file = path.join(work, `slice-${i}.jsonl`);
      writeFileSync(file, rows.join('\n'));
      const { model, ms } = await topicsOf(work, `slice-${i}`, [file]);
      const store = SqliteStore.open(path.join(work, `slice-${i}`));
      const papers = await store.getPapersByDocIds(model.papers.docIds);
      await store.close();
      const classOf = new Map(papers.map(({ docId, paper }) => [docId, paper.categories[0] ?? '?']));
      const agreement = clusterAgreement(model.clustered ? model.papers.topic : model.papers.topic.map(() => 0), model.papers.docIds.map((d) => classOf.get(d)!));
      slices.push({
        categories,
        papers: model.size,
        ...summary(model),
        purity: round(agreement.purity),
        nmi: round(agreement.nmi),
        largestCategoryShare: round(Math.max(...categories.map((c) => [...classOf.values()].filter((x) => x === c).length)) / model.size),
        labels: model.clustered ? model.topics.map((t) => t.label) : [],
        buildMs: Math.round(ms),
      });
    }
    return {
      name: 'topics-small',
      random: { libraries: random.length, withTopics: random.filter((r) => r.topics > 0).length, runs: random },
      seeds: { papers: seeds.model.size, ...summary(seeds.model), labels: seeds.model.clustered ? seeds.model.topics.map((t) => t.label) : [] },
      slices,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
