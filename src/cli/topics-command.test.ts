/** `paperboy topics` and `paperboy topic` end to end, on a library of three clear themes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES, themeCorpus } from '../topics/test-support/theme-corpus.js';
import { runCli } from './test-support/run-cli.js';

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

  it('reports an unknown topic and a bad --topics with their exit codes', async () => {
    const missing = await cli('topic', 'nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no topic nope');
    expect((await cli('topics', '--topics', 'many')).code).toBe(2);
  }, 60_000);
});
