/**
 * Benchmark (not a test): digests over the real arXiv library (../shared/datasets/arxiv-daily).
 * Every month but the last is ingested first; the last month (a few hundred papers, about a day's
 * worth) arrives after, as the new papers. Ten users with five subscriptions each get their digest
 * through a real SMTP server on loopback; then each subscription's Atom feed is requested. Then a
 * crowd of 200 users, each following four of the popular subscriptions and one author of their
 * own (a new paper's first author), get theirs in one run: most subscriptions are shared.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { digestLinks } from '../src/digest/digest-links.js';
import { smtpMailer } from '../src/digest/mailer.js';
import { runDigests, type UserDigestRun } from '../src/digest/run-digests.js';
import { subscribe } from '../src/digest/subscriptions.js';
import { startSmtpSink } from '../src/digest/test-support/smtp-sink.js';
import { createApp } from '../src/http/app.js';
import { Library } from '../src/library/library.js';
import type { UserRecord } from '../src/store/store.js';
import { ingestListings, listingFiles, percentile, peakRssMb, type BenchResult } from './bench-support.js';

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

const CROWD = 200;

/** A hash of what every user was sent and why: equal across runs when the digests are. */
const fingerprint = (runs: UserDigestRun[]) =>
  createHash('sha256')
    .update(JSON.stringify(runs.map((r) => [r.digest.user.name, r.digest.entries.map((e) => [e.paper.id, e.subscription.id, e.reason, e.alsoMatched])])))
    .digest('hex')
    .slice(0, 16);

export async function benchDigest(): Promise<BenchResult> {
  const listings = listingFiles();
  if (listings.skipped !== undefined) return { name: 'digest', skipped: listings.skipped };
  const { files } = listings;
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-digest-'));
  const sink = await startSmtpSink();
  try {
    const config = loadConfig({ data: work, env: { PAPERBOY_SMTP_URL: sink.url, PAPERBOY_MAIL_FROM: 'bench@example.org', PAPERBOY_BASE_URL: 'https://papers.example.org' } });
    const library = Library.open(config);
    const ingest = (inputs: string[]) => ingestListings(library.store, inputs, '2026-11-22');
    await ingest(files.slice(0, -1));
    // The window starts exactly here: the last second of the first ingest is not new.
    await new Promise((r) => setTimeout(r, 5));
    const windowStart = Date.now();
    await ingest(files.slice(-1));
    const papers = (await library.store.stats()).papers;
    const added = await library.store.papersAddedSince(new Date(windowStart).toISOString());
    const addUser = async (name: string, subscriptions: [string, string][]): Promise<UserRecord> => {
      const user = await library.store.createUser({ name, passwordHash: 'x', admin: false });
      await library.store.setUserEmail(user.id, `${name}@example.org`);
      for (const [kind, value] of subscriptions) await subscribe(library.store, { userId: user.id, kind, value });
      return (await library.store.userById(user.id))!;
    };
    const few: UserRecord[] = [];
    for (let u = 0; u < 10; u++) few.push(await addUser(`user${u}`, [0, 1, 2, 3, 4].map((k) => SUBSCRIPTIONS[(u + k * 3) % SUBSCRIPTIONS.length]!)));
    const lexical = await library.lexical();
    const mailer = smtpMailer(config);
    const links = await digestLinks(library.store, config.baseUrl!);
    const deliver = async (users: UserRecord[]) => {
      const t0 = performance.now();
      const now = new Date();
      const runs = await runDigests({ sources: { store: library.store, lexical }, links, now, windowMs: now.getTime() - windowStart, users, mailer });
      return { runs, ms: performance.now() - t0 };
    };
    const { runs, ms: runMs } = await deliver(few);
    const fewMessages = sink.received.length;
    const app = createApp(library);
    const feedMs: number[] = [];
    for (const sub of await library.store.listSubscriptions()) {
      const t = performance.now();
      const res = await app.request(`/feeds/${sub.id}.atom`);
      await res.text();
      if (res.status !== 200) throw new Error(`feed ${sub.id}: ${res.status}`);
      feedMs.push(performance.now() - t);
    }

    const ownAuthors = [...new Set((await library.store.getPapersByDocIds(added)).flatMap((c) => c.paper.authors.slice(0, 1)))];
    const crowd: UserRecord[] = [];
    for (let u = 0; u < CROWD; u++) {
      const popular = [0, 1, 2, 3].map((k) => SUBSCRIPTIONS[(u + k * 3) % SUBSCRIPTIONS.length]!);
      crowd.push(await addUser(`crowd${u}`, [...popular, ['author', ownAuthors[u % ownAuthors.length]!]]));
    }
    const crowdSubs = (await library.store.listSubscriptions()).filter((s) => crowd.some((u) => u.id === s.userId));
    const crowdRun = await deliver(crowd);
    mailer.close();
    await library.close();
    const sizes = runs.map((r) => r.digest.entries.length);
    const crowdSizes = crowdRun.runs.map((r) => r.digest.entries.length);
    return {
      name: 'digest',
      papers,
      newPapers: added.length,
      users: runs.length,
      subscriptionsPerUser: 5,
      sent: runs.filter((r) => r.outcome.status === 'sent').length,
      messagesReceived: fewMessages,
      papersPerDigest: { min: Math.min(...sizes), median: percentile(sizes, 50), max: Math.max(...sizes) },
      fingerprint: fingerprint(runs),
      digestRunMs: Math.round(runMs),
      perUserMs: Math.round(runMs / Math.max(1, runs.length)),
      feedMs: { p50: percentile(feedMs, 50), p95: percentile(feedMs, 95), requests: feedMs.length },
      crowd: {
        users: crowdRun.runs.length,
        subscriptions: crowdSubs.length,
        distinctSubscriptions: new Set(crowdSubs.map((s) => `${s.kind} ${s.value}`)).size,
        sent: crowdRun.runs.filter((r) => r.outcome.status === 'sent').length,
        messagesReceived: sink.received.length - fewMessages,
        papersPerDigest: { min: Math.min(...crowdSizes), median: percentile(crowdSizes, 50), max: Math.max(...crowdSizes) },
        fingerprint: fingerprint(crowdRun.runs),
        digestRunMs: Math.round(crowdRun.ms),
        perUserMs: Math.round(crowdRun.ms / Math.max(1, crowdRun.runs.length)),
      },
      peakRssMb: peakRssMb(),
    };
  } finally {
    await sink.close();
    rmSync(work, { recursive: true, force: true });
  }
}
