import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../core/optional-packages.js';
import { runCli } from './test-support/run-cli.js';

describe('paperboy install', () => {
  it('shows the npm command it runs, in its own directory, with --dry-run', async () => {
    const r = await runCli(['install', 'onnx', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`paperboy: in ${PACKAGE_ROOT}: ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save --no-audit --no-fund @huggingface/transformers@`);
  });

  it('refuses a feature it does not know, naming the ones it does', async () => {
    const r = await runCli(['install', 'tensorflow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'tensorflow' is invalid for argument 'feature'\. Allowed choices are onnx, llama-cpp/);
  });
});
