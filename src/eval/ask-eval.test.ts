import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_PAPERS } from '../ask/test-support/ask-library.js';
import { runAskEval } from './ask-eval.js';
import { readAskQuestions } from './ask-questions.js';

let dir: string;
let listings: string;
let questionsFile: string;
const today = '2026-11-22';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-eval-ask-test-'));
  // The ask test library as an arXiv listing file, the format of ../shared/datasets/arxiv-daily.
  listings = path.join(dir, 'listings.jsonl');
  writeFileSync(listings, ASK_PAPERS.map((p) => JSON.stringify({ id: p.arxivId, title: p.title, authors: p.authors, summary: p.abstract, date: p.date, categories: ['cs.LG'] })).join('\n') + '\n');
  questionsFile = path.join(dir, 'questions.jsonl');
  const questions = [
    { id: 'a1', kind: 'answerable', q: 'How do mixture-of-experts models handle dropped tokens?', papers: ['2401.00001'], keys: ['rerouting dropped tokens'], half: 'test' },
    { id: 'a2', kind: 'answerable', q: 'How does an auxiliary loss balance the load across experts?', papers: ['2402.00002'], keys: ['load balancing loss'], half: 'tune' },
    // Answerable, but the expected paper is not the one that answers: judged wrong.
    { id: 'a3', kind: 'answerable', q: 'How are protein structures predicted from amino acid sequences?', papers: ['2401.00001'], keys: ['protein structures'], half: 'test' },
    { id: 'u1', kind: 'unanswerable', domain: 'out', q: 'What is the boiling point of water?', papers: [], keys: [], half: 'test' },
    { id: 'u2', kind: 'unanswerable', domain: 'near', q: 'How much energy does training a mixture-of-experts model consume?', papers: [], keys: [], half: 'tune' },
    { id: 'c1', kind: 'claim', q: 'Expert choice routing reduces the number of dropped tokens.', papers: ['2611.00003'], keys: [], stance: 'contradict', half: 'test' },
  ];
  writeFileSync(questionsFile, questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runAskEval', () => {
  it('loads listings into a temporary library, asks every question and scores each kind', async () => {
    const r = await runAskEval({ listings: [listings] }, await readAskQuestions(questionsFile), { today });
    expect(r.library.papers).toBe(ASK_PAPERS.length);
    expect(r.questions).toBe(6);
    const byId = Object.fromEntries(r.judgements.map((j) => [j.id, j]));
    expect(byId.a1).toMatchObject({ abstained: false, expectedCited: ['2401.00001'], keyFound: true, correct: true });
    expect(byId.a3).toMatchObject({ abstained: false, cited: ['2403.00004'], expectedCited: [], correct: false });
    expect(byId.u1).toMatchObject({ abstained: true, correct: true });
    // Its cited sentences are null findings ("did not reduce the number of dropped tokens"): they contradict the claim.
    expect(byId.c1).toMatchObject({ abstained: false, expectedCited: ['2611.00003'], stance: 'contradict', correct: true });
    expect(r.metrics.answerable.n).toBe(3);
    expect(r.metrics.answerable.answeredWithExpected).toBeCloseTo(2 / 3, 2);
    expect(r.metrics.unanswerable).toEqual({ n: 2, abstained: 1, outOfDomain: { n: 1, abstained: 1 }, nearDomain: { n: 1, abstained: 1 } });
    expect(r.metrics.claims).toEqual({ n: 1, rightPaperAndStance: 1, rightPaper: 1, abstained: 0 });
    expect(r.latency.p50ms).toBeGreaterThan(0);
  });

  it('asks only the questions of one half', async () => {
    const r = await runAskEval({ listings: [listings] }, await readAskQuestions(questionsFile), { today, half: 'tune' });
    expect(r.judgements.map((j) => j.id)).toEqual(['a2', 'u2']);
  });
});
