/**
 * Benchmark (not a test): `paperboy ask` on an embedded library, the SciFact corpus embedded with
 * the built-in model as `paperboy embed` leaves it, every train claim asked once. Counts what ask
 * sends to the embedding model (calls and texts per question, against the distinct texts it
 * needed, and the requests an OpenAI-compatible endpoint would get at its default 64 texts a request)
 * and the time per claim. Skips with a message when ../shared is absent.
 * Run alone: npx tsx bench/ask-embedded.ts
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask } from '../src/ask/ask.js';
import { countingProvider } from '../src/embeddings/test-support/counting-provider.js';
import { buildEvalLibrary, embedEvalLibrary } from '../src/eval/run-eval.js';
import { readSciFactClaims } from '../src/eval/scifact-claims.js';
import { refreshLexicalIndex } from '../src/search/lexical-cache.js';
import { sharedDir, type BenchResult } from './bench-support.js';

const NAME = 'ask-embedded';
/** OpenAiEmbeddingProvider's default batch size. */
const ENDPOINT_BATCH = 64;

export async function benchAskEmbedded(): Promise<BenchResult> {
  const dir = path.join(sharedDir(), 'datasets', 'scifact');
  const files = { corpus: path.join(dir, 'corpus.jsonl'), claims: path.join(dir, 'claims-train.jsonl') };
  if (!existsSync(files.corpus) || !existsSync(files.claims)) return { name: NAME, skipped: `${dir} has no corpus.jsonl and claims-train.jsonl` };
  const today = new Date().toISOString().slice(0, 10);
  const claims = await readSciFactClaims(files.claims);
  const library = await buildEvalLibrary(files.corpus, { today });
  try {
    const lexical = await refreshLexicalIndex(library.store);
    const semantic = await embedEvalLibrary(library);
    const totals = { calls: 0, texts: 0, distinct: 0, requests: 0, rounds: 0, ms: 0 };
    try {
      for (const c of claims) {
        const provider = countingProvider(semantic.provider);
        const t = performance.now();
        const answer = await ask({ store: library.store, lexical, semantic: { ...semantic, provider } }, c.claim, { today });
        totals.ms += performance.now() - t;
        totals.rounds += answer.rounds;
        totals.calls += provider.calls.length;
        totals.texts += provider.calls.reduce((n, call) => n + call.texts.length, 0);
        totals.requests += provider.calls.reduce((n, call) => n + Math.ceil(call.texts.length / ENDPOINT_BATCH), 0);
        totals.distinct += new Set(provider.calls.flatMap((call) => call.texts.map((text) => `${call.kind}:${text}`))).size;
      }
    } finally {
      await semantic.provider.close?.();
    }
    const n = claims.length;
    return {
      name: NAME,
      claims: n,
      library: { docs: library.docs, papers: library.papers, model: semantic.provider.modelId },
      perQuestion: { rounds: totals.rounds / n, embedCalls: totals.calls / n, textsEmbedded: totals.texts / n, distinctTexts: totals.distinct / n, endpointRequests: totals.requests / n },
      msPerClaim: totals.ms / n,
      loadAverage: os.loadavg(),
    };
  } finally {
    await library.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchAskEmbedded(), null, 2)}\n`);
}
