/**
 * `paperboy eval` end to end, as a user runs it: a real process over the tiny BEIR fixtures
 * (hand-computed figures in eval/run-eval.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const fixture = (name: string) => new URL(`../eval/fixtures/tiny/${name}`, import.meta.url).pathname;
const files = ['--corpus', fixture('corpus.jsonl'), '--queries', fixture('queries.jsonl'), '--qrels', fixture('qrels.tsv')];

describe('paperboy eval', () => {
  it('prints exactly the four figures with --json', async () => {
    const r = await runCli(['eval', ...files, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(out)).toEqual(['ndcg@10', 'recall@100', 'mrr@10', 'queries']);
    expect(out['ndcg@10']).toBeCloseTo(0.619906, 6);
    expect(out['recall@100']).toBeCloseTo(2 / 3, 10);
    expect(out['mrr@10']).toBeCloseTo(2 / 3, 10);
    expect(out.queries).toBe(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints a readable summary, and honours --limit-queries', async () => {
    const r = await runCli(['eval', ...files, '--limit-queries', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 documents → 5 papers (merged: 1 by title)');
    expect(r.stdout).toMatch(/queries:\s+1 judged \(1 judged in the qrels but absent from the queries file\)/);
    expect(r.stdout).toMatch(/nDCG@10:\s+1\.0000/);
  });

  it('explains bad input with exit code 2', async () => {
    const mode = await runCli(['eval', ...files, '--mode', 'fuzzy', '--json']);
    expect(mode.code).toBe(2);
    expect(mode.stdout).toBe('');
    expect(mode.stderr).toContain('fuzzy');

    const badQrels = await runCli(['eval', ...files.slice(0, 4), '--qrels', fixture('corpus.jsonl')]);
    expect(badQrels.code).toBe(2);
    expect(badQrels.stderr).toContain(`${fixture('corpus.jsonl')}:1: expected 3 columns`);

    const limit = await runCli(['eval', ...files, '--limit-queries', '0']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit-queries must be a positive whole number');

    const missing = await runCli(['eval', '--corpus', fixture('corpus.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--queries');
  });
});
