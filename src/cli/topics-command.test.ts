/** `paperboy topics` and `paperboy topic` end to end, on a library of three clear themes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTempStore, ingestRecords, openTempStore } from '../store/test-support/temp-store.js';
import { choosesTopicCount } from '../topics/build-topic-model.js';
import { randomWordPapers } from '../topics/test-support/random-word-library.js';
import { THEMES, themeCorpus } from '../topics/test-support/theme-corpus.js';
import { refreshTopicModel } from '../topics/topic-cache.js';
import { topicsProgress } from './topics-command.js';
import { runCli, spawnCli } from './test-support/run-cli.js';

let dir: string;
const cli = (...args: string[]) => runCli(['--data', path.join(dir, 'lib'), ...args]);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-topics-cli-'));
  const file = path.join(dir, 'themes.jsonl');
  writeFileSync(file, themeCorpus(8).map(({ arxivId: _id, ...r }) => JSON.stringify(r)).join('\n'));
  expect((await cli('ingest', file)).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface TopicsJson {
  space: string;
  papers: number;
  topics: { id: string; label: string; terms: string[]; papers: number; growth: number; representative: { id: string; title: string } | null }[];
}

describe('paperboy topics', () => {
  it('lists the three themes as topics, as JSON and as text', async () => {
    const r = await cli('topics', '--topics', '3', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as TopicsJson;
    expect(json.space).toBe('tfidf');
    expect(json.papers).toBe(24);
    expect(json.topics.map((t) => t.papers)).toEqual([8, 8, 8]);
    // Each label is made of one theme's words.
    for (const t of json.topics) {
      expect(Object.values(THEMES).some((words) => t.terms.every((term) => (words as readonly string[]).includes(term)))).toBe(true);
      expect(t.representative?.title).toBeTruthy();
    }
    const text = await cli('topics');
    expect(text.stdout).toContain('3 topics over 24 papers (clustered on TF-IDF)');
    expect(text.stdout).toContain(json.topics[0]!.label);
  }, 60_000);

  it('shows one topic with its weekly series and papers', async () => {
    const list = JSON.parse((await cli('topics', '--json')).stdout) as TopicsJson;
    const id = list.topics[1]!.id;
    const r = await cli('topic', id, '--json', '--limit', '3');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { topic: { id: string; papers: number; series: { weeks: string[]; papers: number[] } }; total: number; papers: { date: string }[] };
    expect(t.topic.id).toBe(id);
    expect(t.total).toBe(8);
    // The series cover whole weeks only: the newest, partial week's papers are counted but not charted.
    const charted = t.topic.series.papers.reduce((a, b) => a + b, 0);
    expect(charted).toBeGreaterThan(0);
    expect(charted).toBeLessThanOrEqual(8);
    expect(t.topic.series.weeks.every((w) => new Date(`${w}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(t.papers).toHaveLength(3);
    // Newest first.
    expect([...t.papers.map((p) => p.date)].sort().reverse()).toEqual(t.papers.map((p) => p.date));
    const text = await cli('topic', id);
    expect(text.stdout).toContain('papers per week:');
  }, 60_000);

  it('stops quietly when its reader closes the pipe early (`paperboy topics | head -c 1`)', async () => {
    const child = spawnCli(['--data', path.join(dir, 'lib'), 'topics']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close our end, as `head` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  }, 60_000);

  it('reports an unknown topic and a bad --topics with their exit codes', async () => {
    const missing = await cli('topic', 'nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no topic nope');
    expect((await cli('topics', '--topics', 'many')).code).toBe(2);
  }, 60_000);

  it('says a library that does not split into topics has none, with the figures, instead of "1 topics"', async () => {
    // Sixty papers of random words from one vocabulary: k-means splits them, but no further above
    // chance than copies of them with no topics split themselves (src/topics/small-library-topics.test.ts).
    const file = path.join(dir, 'one-subject.jsonl');
    const papers = randomWordPapers({ papers: 60, vocabulary: 400, seed: 2 });
    writeFileSync(file, papers.map(({ arxivId, ...r }) => JSON.stringify({ arxiv_id: arxivId, ...r })).join('\n'));
    const lib = path.join(dir, 'one-subject');
    expect((await runCli(['--data', lib, 'ingest', file])).code).toBe(0);
    const text = await runCli(['--data', lib, 'topics']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^No topics: these 60 papers do not split into topics better than chance on TF-IDF \(best split: \d+ groups, separation [\d.]+ against [\d.]+ for the same papers with their words dealt out at random, where chance alone reaches a gap of [\d.]+ ± [\d.]+\)/);
    // Off a terminal, no progress.
    expect(text.stderr).toBe('');
    const json = JSON.parse((await runCli(['--data', lib, 'topics', '--json'])).stdout) as TopicsJson & { clustered: boolean };
    expect(json).toMatchObject({ papers: 60, clustered: false, topics: [] });
  }, 60_000);
});

describe('topics progress', () => {
  it('shows one percentage through the phases of a build on a terminal, and a summary line', async () => {
    const t = openTempStore('paperboy-topics-progress-');
    try {
      await ingestRecords(t.store, themeCorpus(10));
      const writes: string[] = [];
      const progress = topicsProgress({ isTTY: true, write: (s: string) => writes.push(s) }, choosesTopicCount(30));
      const seen: string[] = [];
      const model = await refreshTopicModel(t.store, {
        onProgress: (phase, done, total) => {
          if (seen.at(-1) !== phase) seen.push(phase);
          progress.onProgress(phase, done, total);
        },
      });
      progress.done(`${model!.topics.length} topics`);
      // The build reports every phase, in order; a small library chooses its topic count.
      expect(seen).toEqual(['reading', 'vectors', 'choosing', 'clustering', 'placing']);
      // Redrawn at most ten times a second: the first report is drawn, with the phase and its count.
      expect(writes[0]).toMatch(/^\r\x1b\[2Ktopics \d+% · reading the papers: 30 of 30 papers/);
      expect(writes.at(-1)).toMatch(/^\r\x1b\[2Ktopics: done in \d+:\d\d; 3 topics\n$/);
      // Placing the same papers again reports nothing, so draws nothing.
      const again = topicsProgress({ isTTY: true, write: (s: string) => writes.push(s) }, false);
      const before = writes.length;
      await refreshTopicModel(t.store, { onProgress: again.onProgress });
      again.done('unchanged');
      expect(writes.length).toBe(before);
    } finally {
      await closeTempStore(t);
    }
  }, 60_000);
});
