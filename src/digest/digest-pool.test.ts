/**
 * A digest run reads once and matches each distinct subscription once, yet every user gets what
 * their own digest alone would give: their window, never a paper twice, their relevance floor.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask } from '../ask/ask.js';
import type { PaperRecord } from '../core/paper.js';
import { search } from '../search/search.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { SubscriptionRecord, UserRecord } from '../store/store.js';
import { closeTempStore, openTempStore } from '../store/test-support/temp-store.js';
import { buildDigest } from './build-digest.js';
import { digestLinks } from './digest-links.js';
import { runDigests, type UserDigestRun } from './run-digests.js';
import { subscribe } from './subscriptions.js';
import { PAPERS, addPapers, sources, tick } from './test-support/digest-library.js';

// The real functions, counted.
vi.mock('../search/search.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../search/search.js')>();
  return { ...real, search: vi.fn(real.search) };
});
vi.mock('../ask/ask.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../ask/ask.js')>();
  return { ...real, ask: vi.fn(real.ask) };
});

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  ({ dir, store } = openTempStore('paperboy-digest-pool-'));
  vi.mocked(search).mockClear();
  vi.mocked(ask).mockClear();
});
afterEach(() => closeTempStore({ dir, store }));

async function user(name: string, subscriptions: [string, string][], last?: { at: string; sent?: number[] }): Promise<UserRecord> {
  const u = await store.createUser({ name, passwordHash: 'x', admin: false });
  const subs: SubscriptionRecord[] = [];
  for (const [kind, value] of subscriptions) subs.push(await subscribe(store, { userId: u.id, kind, value }));
  if (last) await store.recordDigest(u.id, (last.sent ?? []).map((docId) => ({ docId, subscriptionId: subs[0]!.id })), last.at);
  return u;
}

/** A dry run for every user, by name. */
async function dryRun(): Promise<Map<string, UserDigestRun>> {
  const links = await digestLinks(store, 'https://papers.example.org');
  const runs = await runDigests({ sources: await sources(store), links, now: new Date(), windowMs: 86_400_000 });
  return new Map(runs.map((r) => [r.digest.user.name, r]));
}

const titles = (r: UserDigestRun | undefined) => r?.digest.entries.map((e) => e.paper.title);

/** Each user's digest from the run is the one built for them alone, over only their own window. */
async function expectAsAlone(runs: Map<string, UserDigestRun>) {
  for (const run of runs.values()) {
    const record = (await store.userById(run.digest.user.id))!;
    const alone = await buildDigest(await sources(store), record, { since: run.digest.since });
    expect(run.digest, record.name).toEqual(alone);
  }
}

describe('a digest run shares its reads between users', () => {
  it('matches a search followed by several users once, and gives each user their own window, floor and unsent papers', async () => {
    const [routing] = await addPapers(store, [PAPERS.moeRouting!], '/a.jsonl');
    await tick();
    const afterRouting = new Date().toISOString();
    await tick();
    await addPapers(store, [PAPERS.moeMention!], '/b.jsonl');
    await tick();
    const afterMention = new Date().toISOString();
    await tick();
    await addPapers(store, [PAPERS.segmentation!], '/c.jsonl');

    const search_: [string, string] = ['search', 'mixture of experts routing'];
    await user('bob', [search_, ['author', 'Jane Doe']]);
    await user('ada', [search_, ['author', 'Jane Doe']], { at: afterRouting });
    await user('cat', [search_], { at: afterMention });
    await user('dan', [search_], { at: '2000-01-01T00:00:00.000Z', sent: [routing!] });
    const runs = await dryRun();

    expect(vi.mocked(search)).toHaveBeenCalledTimes(1);
    // Everything new; the segmentation paper, far below the routing paper, left out.
    expect(runs.get('bob')!.digest.entries.map((e) => [e.paper.title, e.reason, e.alsoMatched])).toEqual([
      ['Efficient Inference for Large Language Models', "matches your search 'mixture of experts routing'", []],
      ['Mixture of Experts Routing with Balanced Expert Load', 'by author Jane Doe', ["matches your search 'mixture of experts routing'"]],
    ]);
    // Since their last digest: the routing paper is older; the segmentation paper is still below the floor.
    expect(titles(runs.get('ada'))).toEqual(['Efficient Inference for Large Language Models']);
    // Alone in cat's window, the segmentation paper is her best match: the floor is hers.
    expect(titles(runs.get('cat'))).toEqual(['Panoptic Segmentation of Street Scenes']);
    // Dan was sent the routing paper already.
    expect(titles(runs.get('dan'))).toEqual(['Efficient Inference for Large Language Models']);
    await expectAsAlone(runs);
  });

  it('asks a standing question once for users with the same new papers, again for a user with others', async () => {
    await addPapers(store, [PAPERS.moeRouting!], '/a.jsonl');
    await tick();
    const later = new Date().toISOString();
    await tick();
    await addPapers(store, [PAPERS.moeMention!, PAPERS.segmentation!], '/b.jsonl');
    const question: [string, string] = ['question', 'how is mixture of experts routing used for inference?'];
    await user('ann', [question]);
    await user('ben', [question]);
    await user('cy', [question], { at: later });
    const runs = await dryRun();

    expect(vi.mocked(ask)).toHaveBeenCalledTimes(2);
    expect(titles(runs.get('ann'))).toEqual(titles(runs.get('ben')));
    expect(titles(runs.get('cy'))).toEqual(['Efficient Inference for Large Language Models']);
    await expectAsAlone(runs);
  });

  it('searches a user’s own papers when the matches over the whole run fill a search', async () => {
    // 1,002 papers about routing fill one search (1,000 hits); the three after them mention it once.
    const strong = (i: number): PaperRecord => ({
      arxivId: `2502.${String(i).padStart(5, '0')}`,
      title: `Routing Tokens to Experts, Study ${i}`,
      abstract: `Routing decides which expert sees a token; we compare routing rules and routing losses (study ${i}).`,
    });
    const weak: PaperRecord[] = [
      ['2503.00001', 'Panoptic Segmentation of Street Scenes', 'street scenes from dashboard cameras, with a decoder that separates things from stuff'],
      ['2503.00002', 'Tumour Segmentation in Brain Scans', 'tumours in magnetic resonance scans of the brain, with a loss that weighs small lesions'],
      ['2503.00003', 'Crop Maps from Satellite Images', 'fields in multispectral satellite images, with labels drawn by farmers for three regions'],
    ].map(([arxivId, title, topic]) => ({
      arxivId,
      title,
      abstract: `We segment ${topic}. Our experiments on standard benchmarks show consistent gains over strong baselines. Routing is future work.`,
    }));
    await addPapers(store, Array.from({ length: 1002 }, (_, i) => strong(i)), '/strong.jsonl');
    await tick();
    const later = new Date().toISOString();
    await tick();
    await addPapers(store, weak, '/weak.jsonl');
    await user('bob', [['search', 'routing']]);
    await user('ada', [['search', 'routing']], { at: later });
    const runs = await dryRun();

    // The run's search, then ada's own: her papers are not among the run's 1,000 hits.
    expect(vi.mocked(search)).toHaveBeenCalledTimes(2);
    expect(titles(runs.get('ada'))?.sort()).toEqual(weak.map((p) => p.title).sort());
    expect(runs.get('bob')!.digest.sections[0]!.entries).toHaveLength(25);
    await expectAsAlone(runs);
  });
});
