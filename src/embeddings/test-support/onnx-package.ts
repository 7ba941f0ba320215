/**
 * Whether the optional ONNX package (`paperboy install onnx`) is installed, for the tests that run
 * a model through it. Without it they skip with a note naming the command (a developer's fresh
 * clone); with PAPERBOY_TEST_REQUIRE_ONNX=1, set by CI after installing it (.ci/run), its absence
 * fails them instead, so CI can never skip them silently.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { OPTIONAL_FEATURES, PACKAGE_ROOT } from '../../core/optional-packages.js';

const PACKAGE = OPTIONAL_FEATURES.onnx.package;

function installed(): boolean {
  try {
    createRequire(path.join(PACKAGE_ROOT, 'package.json')).resolve(PACKAGE);
    return true;
  } catch {
    return false;
  }
}

export const ONNX_MISSING = !installed();
if (ONNX_MISSING && process.env.PAPERBOY_TEST_REQUIRE_ONNX === '1') {
  throw new Error(`PAPERBOY_TEST_REQUIRE_ONNX=1 but ${PACKAGE} is not installed: run paperboy install onnx`);
}
export const ONNX_NOTE = ONNX_MISSING ? `(skipped: ${PACKAGE} is not installed; paperboy install onnx adds it)` : '';
