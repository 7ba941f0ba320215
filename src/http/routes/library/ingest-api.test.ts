/** POST /api/ingest with hostile and broken files among good ones: each file gets its own report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, testEnv, tokenFor, type TestEnv } from '../../test-support/test-app.js';

let t: TestEnv;
let admin: string;

beforeAll(async () => {
  t = await testEnv({ app: { ingestLimit: { limit: 12, windowMs: 60_000 } } });
  admin = await tokenFor(t.library, (await addTestUser(t.library, 'ada', 'correct horse battery', true)).id);
});
afterAll(async () => t.close());

const paper = (id: string, title: string) =>
  `${JSON.stringify({ arxiv_id: id, title, abstract: `${title}: an abstract long enough to be a paper's, about uploads that carry hostile files.`, date: '2024-05-03' })}\n`;

let bomb = '@string{s0 = "xxxxxxxxxxxxxxxx"}\n';
for (let i = 1; i <= 10; i++) bomb += `@string{s${i} = ${Array(8).fill(`s${i - 1}`).join(' # ')}}\n`;
bomb += '@article{bomb, title = {Bomb}, abstract = s10}\n@article{fine, title = {A Fine Entry After The Bomb}, abstract = {Kept.}}\n';

describe('POST /api/ingest with hostile files', () => {
  it('reports a refused XML file and a macro bomb per file, and ingests every other file of the upload', async () => {
    const form = new FormData();
    form.append('file', new File([paper('2405.40001', 'A Paper Sent Before The Hostile File')], 'before.jsonl'));
    form.append('file', new File(['<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<feed><entry><title>&xxe;</title></entry></feed>\n'], 'xxe.xml'));
    form.append('file', new File([bomb], 'bomb.bib'));
    form.append('file', new File([paper('2405.40002', 'A Paper Sent After The Hostile Files')], 'after.jsonl'));
    const res = await t.app.request('/api/ingest', { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reports: { name: string; added: number; skipped: { line: number; reason: string }[]; error: { code: string; message: string } | null }[] };
    expect(body.reports.map((r) => [r.name, r.added, r.error?.code ?? null])).toEqual([
      ['before.jsonl', 1, null],
      ['xxe.xml', 0, 'BAD_INPUT'],
      ['bomb.bib', 1, null],
      ['after.jsonl', 1, null],
    ]);
    expect(body.reports[1]?.error?.message).toBe('xxe.xml: unusable XML: External entities are not supported');
    // The @string that grows past the cap (line 7) is skipped, so are the @strings built on it (8-11)
    // and the entry that uses them (12): only the fine entry is kept.
    expect(body.reports[2]?.skipped.map((s) => s.line)).toEqual([7, 8, 9, 10, 11, 12]);
    expect((await t.library.store.getPaper('2405.40002'))?.title).toBe('A Paper Sent After The Hostile Files');
  });
});
