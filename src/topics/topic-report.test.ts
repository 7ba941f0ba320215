import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { themeCorpus } from './test-support/theme-corpus.js';
import { refreshTopicModel } from './topic-cache.js';
import type { TopicModel } from './topic-model.js';
import { topicOverview, topicPapers, trendingPapers } from './topic-report.js';

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
    // Over every week, the newest (partial) one included, the series hold each paper once.
    const range = model.weekRange();
    expect(range.partial).toEqual({ from: '2024-03-18', to: '2024-03-18' });
    const every = { from: range.from, to: range.to + 1 };
    for (const x of topicOverview(model, undefined, every)) expect(x.series.papers.reduce((a, b) => a + b, 0)).toBe(x.papers);
    // By default the series stop at the last whole week.
    const whole = all.reduce((n, x) => n + x.series.papers.reduce((a, b) => a + b, 0), 0);
    expect(whole).toBeLessThan(30);
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

  it('ranks recent papers by upvotes, or newest first when none has one', async () => {
    const voted = await trendingPapers(t.store, 5);
    expect(voted.by).toBe('upvotes');
    expect(voted.papers.map((p) => p.upvotes)).toEqual([...voted.papers.map((p) => p.upvotes)].sort((a, b) => b - a));
    const bare = openTempStore('paperboy-topic-report-bare-');
    try {
      // An arXiv-only library: no paper has an upvote, so "most upvoted" would be an arbitrary order.
      await ingestRecords(bare.store, themeCorpus(4).map((r) => ({ ...r, upvotes: 0 })));
      const recent = await trendingPapers(bare.store, 5);
      expect(recent.by).toBe('newest');
      const dates = recent.papers.map((p) => p.paper.date!);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(dates[0]).toBe(recent.to);
    } finally {
      closeTempStore(bare);
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
