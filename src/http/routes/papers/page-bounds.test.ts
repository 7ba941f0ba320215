/**
 * A paper stored before ingest had field limits (an abstract of hundreds of kilobytes, thousands
 * of authors, hostile markup) costs the paper page, ask's sentence splitting and search snippets
 * no more than any other paper: what they work on is clipped (text/clip.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperSentences } from '../../../ask/sentences.js';
import type { PaperRecord } from '../../../core/paper.js';
import { prepareRecord } from '../../../ingest/prepare.js';
import { resolveBatch } from '../../../ingest/resolve.js';
import { search } from '../../../search/search.js';
import { MAX_TEXT_CHARS } from '../../../text/clip.js';
import { testEnv, type TestEnv } from '../../test-support/test-app.js';
import { renderRich } from '../../../web/latex.js';

let t: TestEnv;
const HUGE_ID = '2401.99999';
const sentences = 'We study sparse routing in giant abstracts. '.repeat(8_000);
const hostile = `${'{'.repeat(20_000)} ${'\\('.repeat(5_000)} ${'$x '.repeat(5_000)}`;

/** Stores a record as an ingest before the limits did: straight through the store, no reader. */
async function storeUnchecked(record: PaperRecord): Promise<void> {
  const store = t.library.store;
  const batch = [prepareRecord('old-ingest.jsonl', 'jsonl', 1, record)];
  const fileId = await store.beginFile({ path: 'old-ingest.jsonl', format: 'jsonl', sha256: '0'.repeat(64) });
  await store.withWriteLock((tx) => tx.ingestBatch(fileId, batch, () => new Map(), (lookup) => resolveBatch(batch, lookup)));
}

beforeAll(async () => {
  t = await testEnv();
  await storeUnchecked({
    arxivId: HUGE_ID,
    title: `Giant routing ${'title '.repeat(2_000)}`,
    abstract: `${sentences}${hostile}`,
    authors: Array.from({ length: 20_000 }, (_, i) => `Author ${i}`),
    date: '2024-05-02',
  });
});
afterAll(async () => t.close());

describe('a paper stored before field limits', () => {
  it('has a paper page of bounded size, listing the first 5,000 authors and counting the rest', async () => {
    expect((await t.library.store.getPaper(HUGE_ID))!.abstract.length).toBeGreaterThan(300_000);
    const res = await t.app.request(`/paper/${HUGE_ID}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(' and 15000 more');
    // 5,000 author links and a clipped abstract: far from the stored 400 KB of text and 20,000 authors.
    expect(page.length).toBeLessThan(800_000);
    expect(page).toContain('We study sparse routing in giant abstracts.');
  });

  it('splits only the clipped abstract into sentences and snippets', async () => {
    const paper = (await t.library.store.getPaper(HUGE_ID))!;
    const split = paperSentences(paper);
    expect(split.join(' ').length).toBeLessThanOrEqual(MAX_TEXT_CHARS + 2);
    const { hits } = await search(t.library.store, await t.library.lexical(), 'giant abstracts', { limit: 3 });
    expect(hits[0]?.paper.id).toBe(HUGE_ID);
    expect(hits[0]?.snippet.text.length).toBeLessThan(400);
  });

  it('renders hostile markup of any length in bounded output', () => {
    const html = String(renderRich(`${hostile}${hostile}${hostile}`));
    expect(html.length).toBeLessThan(3 * MAX_TEXT_CHARS);
  });
});
