import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../core/paper.js';
import type { SqliteStore } from './sqlite/sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from './test-support/temp-store.js';
import { listTopPapers } from './top-papers.js';

let t: { dir: string; store: SqliteStore };
beforeEach(() => {
  t = openTempStore('paperboy-top-papers-');
});
afterEach(() => closeTempStore(t));

const paper = (n: number, date: string, upvotes?: number): PaperRecord => ({
  arxivId: `2405.0000${n}`,
  title: `Paper number ${n} about a subject`,
  abstract: `An abstract for paper ${n}, long enough to be a real abstract of a paper on some subject.`,
  date,
  ...(upvotes === undefined ? {} : { upvotes }),
});
const RANGE = { from: '2024-05-01', to: '2024-05-31' };
const ids = (r: { items: { paper: { id: string } }[] }) => r.items.map((i) => i.paper.id);

describe('listTopPapers', () => {
  it('ranks by upvotes when the range has any', async () => {
    await ingestRecords(t.store, [paper(1, '2024-05-01', 3), paper(2, '2024-05-02'), paper(3, '2024-05-03', 9)]);
    const top = await listTopPapers(t.store, { ...RANGE, limit: 10 });
    expect(top.by).toBe('upvotes');
    expect(ids(top).slice(0, 2)).toEqual(['2405.00003', '2405.00001']);
  });

  it('falls back to the newest when no paper has an upvote, on every page', async () => {
    await ingestRecords(t.store, [paper(1, '2024-05-01'), paper(2, '2024-05-03'), paper(3, '2024-05-02')]);
    const first = await listTopPapers(t.store, { ...RANGE, limit: 2 });
    expect(first.by).toBe('newest');
    expect(ids(first)).toEqual(['2405.00002', '2405.00003']);
    const second = await listTopPapers(t.store, { ...RANGE, limit: 2, cursor: first.nextCursor! });
    expect(second.by).toBe('newest');
    expect(ids(second)).toEqual(['2405.00001']);
  });
});
