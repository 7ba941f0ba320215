import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const fixture = (name: string) => new URL(`../eval/fixtures/tiny-claims/${name}`, import.meta.url).pathname;
const corpus = fixture('corpus.jsonl');
const claims = fixture('claims.jsonl');

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
    // --half: the claim with an even id (2, without evidence) alone.
    const even = await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--half', 'even']);
    expect(even.stdout).toContain('claims:   1 (0 with evidence, 1 without)');
    expect((await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--half', 'third'])).code).toBe(2);
    expect(human.stdout).toContain('baseline: the top lexical hit');
    expect(human.stdout).not.toContain('ask hybrid');
  });

  it('--mode hybrid adds ask on hybrid retrieval over the embedded library, beside lexical ask and the lexical baseline', async () => {
    const human = await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--mode', 'hybrid']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ask lexical\s+ask hybrid\s+baseline/);
    expect(human.stdout).toMatch(/hybrid: 3 papers embedded with builtin\//);
    const json = await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--mode', 'hybrid', '--json']);
    const r = JSON.parse(json.stdout) as { hybrid: { retrieval: string; embedding: { vectors: number } }; baseline: { retrieval: string } };
    expect(r.hybrid.retrieval).toBe('hybrid');
    expect(r.hybrid.embedding.vectors).toBe(3);
    expect(r.baseline.retrieval).toBe('lexical');
    expect((await runCli(['eval-evidence', '--corpus', corpus, '--claims', claims, '--mode', 'semantic'])).code).toBe(2);
  });
});
