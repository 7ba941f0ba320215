#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `prepare` on `npm ci`, or `npm run build`).
import '../dist/cli/paperboy.js';
