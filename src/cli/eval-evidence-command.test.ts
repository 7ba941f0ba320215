import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-eval-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (id: string, title: string, sentences: string[]) => JSON.stringify({ _id: id, title, text: sentences.join(' '), sentences });
const corpus = path.join(dir, 'corpus.jsonl');
const claims = path.join(dir, 'claims.jsonl');
writeFileSync(
  corpus,
  [
    doc('1', 'Aspirin and stroke', ['We studied aspirin in older adults.', 'Aspirin reduced the risk of ischemic stroke by a fifth.', 'Bleeding rose slightly.']),
    doc('2', 'Coffee and sleep', ['Coffee delays sleep onset.', 'Effects last six hours.']),
    doc('3', 'Glacier retreat in the Alps', ['Alpine glaciers lost mass.', 'Retreat accelerated after 1990.']),
  ].join('\n'),
);
writeFileSync(
  claims,
  [
    JSON.stringify({ id: 1, claim: 'Aspirin reduces the risk of ischemic stroke.', evidence: { '1': [{ label: 'SUPPORT', sentences: [1] }] } }),
    JSON.stringify({ id: 2, claim: 'Quantum annealing speeds up coffee roasting.', evidence: {} }),
  ].join('\n'),
);

describe('paperboy eval-evidence', () => {
  it('reports ask against the baseline on claims, as a table and as JSON', async () => {
    const human = await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('claims:   2 (1 with evidence, 1 without)');
    expect(human.stdout).toMatch(/sentence recall\s+1\.000\s+1\.000/);
    expect(human.stdout).toMatch(/abstain, no evidence \(↑\)\s+1\.000\s+0\.000/);
    const json = await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--json']);
    const r = JSON.parse(json.stdout) as { claims: number; extractive: { abstract: { recall: number } }; baseline: object; sweep: unknown[] };
    expect(r.claims).toBe(2);
    expect(r.extractive.abstract.recall).toBe(1);
    expect(r.sweep).toEqual([]);
    const bad = await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--limit', '0']);
    expect(bad.code).toBe(2);
  });
});
