/**
 * `npm run bench [name…]`: runs the benchmarks and writes each result to bench/results/<name>.json
 * (and prints it). Benchmarks read ../shared and skip with a message when it is absent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAskEmbedded } from './ask-embedded.js';
import { benchAskEvidence } from './ask-evidence.js';
import { benchAskReal } from './ask-real.js';
import type { BenchResult } from './bench-support.js';
import { benchCli } from './cli.js';
import { benchConcurrentWriters } from './concurrent-writers.js';
import { benchDigest } from './digest.js';
import { benchFuzzParsers } from './fuzz-parsers.js';
import { benchIngestSearch } from './ingest-search.js';
import { benchScifactDense } from './scifact-dense.js';
import { benchSemanticSearch } from './semantic-search.js';
import { benchSync } from './sync.js';
import { benchTopics } from './topics.js';
import { benchTopicsServe } from './topics-serve.js';
import { benchTopicsSmall } from './topics-small.js';
import { benchVectorIndex } from './vector-index.js';
import { benchWeb } from './web.js';
import { benchXapianScifact } from './xapian-scifact.js';

const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  'ingest-search': benchIngestSearch,
  'xapian-scifact': benchXapianScifact,
  'scifact-dense': () => benchScifactDense(),
  'vector-index': benchVectorIndex,
  'semantic-search': benchSemanticSearch,
  web: benchWeb,
  sync: benchSync,
  digest: benchDigest,
  topics: benchTopics,
  'topics-serve': benchTopicsServe,
  'topics-small': benchTopicsSmall,
  'ask-evidence': benchAskEvidence,
  'ask-embedded': benchAskEmbedded,
  'ask-real': benchAskReal,
  'concurrent-writers': benchConcurrentWriters,
  'fuzz-parsers': benchFuzzParsers,
  cli: benchCli,
};

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const outDir = path.join(here, 'results');
mkdirSync(outDir, { recursive: true });

for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench ${name} …\n`);
  const loadAverage = os.loadavg().map((x) => +x.toFixed(2));
  const result = await run();
  const record = {
    // The load as it started, unless the benchmark records its own (docs/evaluation.md shows it).
    loadAverage,
    ...result,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    at: new Date().toISOString(),
  };
  writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
}
