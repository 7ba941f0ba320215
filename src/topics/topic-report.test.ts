import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { themeCorpus } from './test-support/theme-corpus.js';
import { refreshTopicModel } from './topic-cache.js';
import type { TopicModel } from './topic-model.js';
import { topicOverview, topicPapers } from './topic-report.js';

let t: { dir: string; store: SqliteStore };
let model: TopicModel;
beforeAll(async () => {
  t = openTempStore('paperboy-topic-report-');
  await ingestRecords(t.store, themeCorpus(10));
  model = (await refreshTopicModel(t.store, { topics: 3 }))!;
});
afterAll(() => closeTempStore(t));

describe('topicOverview', () => {
  it('lists every topic, each paper counted once in its topic and its week', () => {
    const all = topicOverview(model);
    expect(all.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(all.reduce((n, x) => n + x.papers, 0)).toBe(30);
    for (const x of all) expect(x.series.papers.reduce((a, b) => a + b, 0)).toBe(x.papers);
  });

  it("gives one topic exactly as the list does, computing that topic's series alone", () => {
    const all = topicOverview(model);
    const series = vi.spyOn(model, 'series');
    try {
      for (const index of [2, 0]) expect(topicOverview(model, [index])).toEqual([all[index]]);
      // A topic page costs one series, not one per topic.
      expect(series).toHaveBeenCalledTimes(2);
    } finally {
      series.mockRestore();
    }
  });

  it("pages through one topic's papers newest first", () => {
    const [x] = topicOverview(model, [1]);
    const first = topicPapers(model, 1, 0, 4);
    const rest = topicPapers(model, 1, 4, 100);
    expect(first.total).toBe(x!.papers);
    expect(first.docIds.length + rest.docIds.length).toBe(x!.papers);
    const days = [...first.docIds, ...rest.docIds].map((d) => model.papers.day[model.papers.docIds.indexOf(d)]!);
    expect(days).toEqual([...days].sort((a, b) => b - a));
  });
});
