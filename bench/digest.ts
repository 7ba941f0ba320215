/**
 * Benchmark (not a test): digests over the real arXiv library (../shared/datasets/arxiv-daily).
 * Every month but the last is ingested first; the last month (a few hundred papers, about a day's
 * worth) arrives after, as the new papers. Ten users with five subscriptions each get their digest
 * through a real SMTP server on loopback; then each subscription's Atom feed is requested.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { digestLinks } from '../src/digest/digest-links.js';
import { smtpMailer } from '../src/digest/mailer.js';
import { runDigests } from '../src/digest/run-digests.js';
import { subscribe } from '../src/digest/subscriptions.js';
import { startSmtpSink } from '../src/digest/test-support/smtp-sink.js';
import { createApp } from '../src/http/app.js';
import { startIngest } from '../src/ingest/pipeline.js';
import { Library } from '../src/library/library.js';
import { percentile, peakRssMb, sharedDir, type BenchResult } from './bench-support.js';

const SUBSCRIPTIONS: [string, string][] = [
  ['search', 'mixture of experts routing'],
  ['search', 'retrieval augmented generation'],
  ['search', '"diffusion model" image editing'],
  ['search', 'speculative decoding'],
  ['search', 'reward model overoptimization'],
  ['question', 'when does chain of thought help small models?'],
  ['question', 'how do agents use memory?'],
  ['author', 'Yann LeCun'],
  ['author', 'Percy Liang'],
  ['search', 'protein structure prediction'],
];

export async function benchDigest(): Promise<BenchResult> {
  const dataDir = path.join(sharedDir(), 'datasets', 'arxiv-daily');
  if (!existsSync(dataDir)) return { name: 'digest', skipped: `no data at ${dataDir}` };
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.jsonl.gz')).sort().map((f) => path.join(dataDir, f));
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-digest-'));
  const sink = await startSmtpSink();
  try {
    const config = loadConfig({ data: work, env: { PAPERBOY_SMTP_URL: sink.url, PAPERBOY_MAIL_FROM: 'bench@example.org', PAPERBOY_BASE_URL: 'https://papers.example.org' } });
    const library = Library.open(config);
    const ingest = async (inputs: string[]) => {
      const session = await startIngest(library.store);
      for (const f of inputs) {
        const r = await session.ingest(f, { today: '2026-11-22' });
        if (r.error) throw new Error(r.error.message);
      }
      await session.finish();
    };
    await ingest(files.slice(0, -1));
    const windowStart = Date.now();
    await ingest(files.slice(-1));
    const papers = (await library.store.stats()).papers;
    const newPapers = (await library.store.papersAddedSince(new Date(windowStart).toISOString())).length;
    for (let u = 0; u < 10; u++) {
      const user = await library.store.createUser({ name: `user${u}`, passwordHash: 'x', admin: false });
      await library.store.setUserEmail(user.id, `user${u}@example.org`);
      for (let k = 0; k < 5; k++) {
        const [kind, value] = SUBSCRIPTIONS[(u + k * 3) % SUBSCRIPTIONS.length]!;
        await subscribe(library.store, { userId: user.id, kind, value });
      }
    }
    const lexical = await library.lexical();
    const mailer = smtpMailer(config);
    const t0 = performance.now();
    const runs = await runDigests({
      sources: { store: library.store, lexical },
      links: await digestLinks(library.store, config, config.baseUrl!),
      now: new Date(),
      windowMs: Date.now() - windowStart + 1000,
      mailer,
    });
    const runMs = performance.now() - t0;
    mailer.close();
    const app = createApp(library);
    const feedMs: number[] = [];
    for (const sub of await library.store.listSubscriptions()) {
      const t = performance.now();
      const res = await app.request(`/feeds/${sub.id}.atom`);
      await res.text();
      if (res.status !== 200) throw new Error(`feed ${sub.id}: ${res.status}`);
      feedMs.push(performance.now() - t);
    }
    await library.close();
    const sizes = runs.map((r) => r.digest.entries.length);
    return {
      name: 'digest',
      papers,
      newPapers,
      users: runs.length,
      subscriptionsPerUser: 5,
      sent: runs.filter((r) => r.outcome.status === 'sent').length,
      messagesReceived: sink.received.length,
      papersPerDigest: { min: Math.min(...sizes), median: percentile(sizes, 50), max: Math.max(...sizes) },
      digestRunMs: Math.round(runMs),
      perUserMs: Math.round(runMs / Math.max(1, runs.length)),
      feedMs: { p50: percentile(feedMs, 50), p95: percentile(feedMs, 95), requests: feedMs.length },
      peakRssMb: peakRssMb(),
    };
  } finally {
    await sink.close();
    rmSync(work, { recursive: true, force: true });
  }
}
