import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../core/paper.js';
import type { ListedPaper } from '../store.js';
import { DATABASE_FILE, SqliteStore } from './sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from '../test-support/temp-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => ({ dir, store } = openTempStore('paperboy-daily-')));
afterEach(() => closeTempStore({ dir, store }));

const abstract = (topic: string) =>
  `We study ${topic} with a new method that learns from unlabeled text and improves accuracy on six benchmarks ` +
  `while using fewer parameters and less compute than previous approaches to ${topic} in every setting we tried.`;

const ingest = (records: PaperRecord[], file = '/data/daily.jsonl') => ingestRecords(store, records, file);

const paper = (n: number, date: string, upvotes?: number, categories = ['cs.CL']): PaperRecord => ({
  arxivId: `2405.${String(n).padStart(5, '0')}`,
  title: `Paper number ${n} about topic ${n}`,
  abstract: abstract(`topic ${n} (${['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'][n % 8]} ${n * 7919})`),
  date,
  categories,
  ...(upvotes !== undefined ? { upvotes } : {}),
});

const ids = (items: ListedPaper[]) => items.map((i) => i.paper.id);

async function all(query: Parameters<SqliteStore['listByDate']>[0]): Promise<ListedPaper[]> {
  const out: ListedPaper[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listByDate({ ...query, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('daily lists', () => {
  beforeEach(async () => {
    await ingest([
      paper(1, '2024-05-01', 10),
      paper(2, '2024-05-01', 30, ['cs.LG']),
      paper(3, '2024-05-01'),
      paper(4, '2024-05-02', 5, ['cs.CV', 'cs.CL']),
      paper(5, '2024-05-02', 5),
      paper(6, '2024-05-04', 1, ['stat.ML']),
      paper(7, '2023-12-31', 99),
    ]);
  });

  it('sorts by upvotes, then newest, then id; or by date, then upvotes', async () => {
    const byVotes = await store.listByDate({ from: '2024-05-01', to: '2024-05-31', sort: 'upvotes', limit: 10 });
    expect(ids(byVotes.items)).toEqual(['2405.00002', '2405.00001', '2405.00004', '2405.00005', '2405.00006', '2405.00003']);
    expect(byVotes.items.map((i) => i.upvotes)).toEqual([30, 10, 5, 5, 1, 0]);
    expect(byVotes.nextCursor).toBeUndefined();
    const newest = await store.listByDate({ from: '2024-05-01', to: '2024-05-31', sort: 'newest', limit: 10 });
    expect(ids(newest.items)).toEqual(['2405.00006', '2405.00004', '2405.00005', '2405.00002', '2405.00001', '2405.00003']);
  });

  it('pages with an opaque cursor, without gaps or repeats, in both sorts', async () => {
    for (const sort of ['upvotes', 'newest'] as const) {
      const whole = await store.listByDate({ from: '2000-01-01', to: '2099-12-31', sort, limit: 100 });
      for (const limit of [1, 2, 3]) {
        expect(ids(await all({ from: '2000-01-01', to: '2099-12-31', sort, limit }))).toEqual(ids(whole.items));
      }
    }
    const first = await store.listByDate({ from: '2000-01-01', to: '2099-12-31', sort: 'upvotes', limit: 2 });
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // A cursor belongs to its sort; junk is a clear BAD_INPUT.
    await expect(store.listByDate({ from: '2000-01-01', to: '2099-12-31', sort: 'newest', limit: 2, cursor: first.nextCursor! })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(store.listByDate({ from: '2000-01-01', to: '2099-12-31', sort: 'upvotes', limit: 2, cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
  });

  it('filters by category (an archive matches its classes)', async () => {
    const q = { from: '2024-01-01', to: '2024-12-31', sort: 'upvotes' as const, limit: 10 };
    expect(ids((await store.listByDate({ ...q, categories: ['cs.CL'] })).items)).toEqual(['2405.00001', '2405.00004', '2405.00005', '2405.00003']);
    expect(ids((await store.listByDate({ ...q, categories: ['stat'] })).items)).toEqual(['2405.00006']);
    expect(ids((await store.listByDate({ ...q, categories: ['cs.LG', 'stat.ML'] })).items)).toEqual(['2405.00002', '2405.00006']);
  });

  it('counts papers per day and finds the neighbouring days', async () => {
    expect(await store.dayCounts('2024-01-01', '2024-12-31')).toEqual([
      { date: '2024-05-04', papers: 1 },
      { date: '2024-05-02', papers: 2 },
      { date: '2024-05-01', papers: 3 },
    ]);
    expect(await store.adjacentDays('2024-05-02')).toEqual({ previous: '2024-05-01', next: '2024-05-04' });
    expect(await store.adjacentDays('2024-05-03')).toEqual({ previous: '2024-05-02', next: '2024-05-04' });
    expect(await store.adjacentDays('2023-12-31')).toEqual({ next: '2024-05-01' });
    expect(await store.adjacentDays('2024-05-04')).toEqual({ previous: '2024-05-02' });
  });

  it("adds users' upvotes to the source's, once per user, and reorders the list", async () => {
    const alice = await store.createUser({ name: 'alice', passwordHash: 'x', admin: false });
    const bob = await store.createUser({ name: 'bob', passwordHash: 'x', admin: false });
    const three = (await store.docIdOf('2405.00003'))!;
    const seq = await store.upvoteSeq();
    expect(await store.setUpvote(alice.id, three, true)).toEqual({ changed: true });
    expect(await store.setUpvote(alice.id, three, true)).toEqual({ changed: false });
    expect(await store.setUpvote(bob.id, three, true)).toEqual({ changed: true });
    expect(await store.upvoteSeq()).toBe(seq + 2);
    expect(await store.userUpvotes([three, 999])).toEqual(new Map([[three, 2]]));
    expect(await store.upvotedBy(alice.id, [three, 999])).toEqual(new Set([three]));
    const day = await store.listByDate({ from: '2024-05-01', to: '2024-05-01', sort: 'upvotes', limit: 10 });
    expect(day.items.map((i) => [i.paper.id, i.upvotes])).toEqual([
      ['2405.00002', 30],
      ['2405.00001', 10],
      ['2405.00003', 2],
    ]);
    expect(await store.setUpvote(alice.id, three, false)).toEqual({ changed: true });
    expect(await store.setUpvote(alice.id, three, false)).toEqual({ changed: false });
    expect(await store.userUpvotes([three])).toEqual(new Map([[three, 1]]));
    expect(await store.upvotedBy(alice.id, [three])).toEqual(new Set());
  });
});

describe('daily lists on a large library', () => {
  it('pages through 75,000 papers in order, with category filters and day counts', async () => {
    const db = new Database(path.join(dir, DATABASE_FILE));
    const insert = db.prepare(
      `INSERT INTO papers (id, title, title_derived, abstract, authors, categories, upvotes, date, trust, seq, created_at, updated_at)
       VALUES (?, ?, 0, ?, '[]', '["cs.CL"]', ?, ?, '{}', ?, 'now', 'now')`,
    );
    const facets = db.prepare('INSERT INTO paper_facets (paper, date, authors, categories) VALUES (?, ?, ?, ?)');
    const long = 'word '.repeat(300);
    db.transaction(() => {
      for (let i = 1; i <= 75_000; i++) {
        const date = new Date(Date.UTC(2023, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10);
        const { lastInsertRowid } = insert.run(`p${i}`, `Paper ${i}`, long, i % 97 === 0 ? null : (i * 31) % 500, date, i);
        facets.run(lastInsertRowid, date, '||', i % 3 ? '|cs.cl|' : '|cs.lg|');
      }
    })();
    db.close();
    // Speed is the web benchmark's business (bench/web.ts); this checks order and filters at size.
    const wide = { from: '2000-01-01', to: '2099-12-31', limit: 30 };
    const first = await store.listByDate({ ...wide, sort: 'upvotes' });
    const second = await store.listByDate({ ...wide, sort: 'upvotes', cursor: first.nextCursor! });
    const newest = await store.listByDate({ ...wide, sort: 'newest', categories: ['cs.lg'] });
    const day = await store.listByDate({ from: '2023-06-01', to: '2023-06-01', sort: 'upvotes', limit: 30 });
    const counts = await store.dayCounts('2000-01-01', '2099-12-31');
    expect(first.items).toHaveLength(30);
    expect(first.items[0]!.upvotes).toBe(499);
    expect(second.items[0]!.upvotes).toBeLessThanOrEqual(first.items[29]!.upvotes);
    expect(newest.items.every((i) => i.paper.categories.includes('cs.CL'))).toBe(true); // the rows' own JSON
    expect(newest.items.map((i) => i.paper.date)).toEqual(newest.items.map((i) => i.paper.date).sort().reverse());
    expect(day.items.every((i) => i.paper.date === '2023-06-01')).toBe(true);
    expect(counts).toHaveLength(700);
  });
});
