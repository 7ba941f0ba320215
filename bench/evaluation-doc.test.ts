import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_FILE, loadResults, renderEvaluationDoc } from './evaluation-doc.js';

describe('docs/evaluation.md', () => {
  it('is what npm run docs:evaluation makes of bench/results/*.json, so its figures are the recorded ones', () => {
    expect(readFileSync(DOC_FILE, 'utf8'), 'docs/evaluation.md is stale: run npm run docs:evaluation').toBe(renderEvaluationDoc(loadResults()));
  });

  it('names every results file, even one no section renders', () => {
    const all = loadResults();
    all.set('a-new-benchmark', { name: 'a-new-benchmark', skipped: 'no data' });
    expect(renderEvaluationDoc(all)).toContain('- `bench/results/a-new-benchmark.json`: skipped (no data)');
  });
});
