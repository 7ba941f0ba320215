import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.js';
import { closeTempStore, ingestRecords, openTempStore } from '../test-support/temp-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => ({ dir, store } = openTempStore('paperboy-subscriptions-')));
afterEach(() => closeTempStore({ dir, store }));

const abstract = (topic: string) =>
  `We study ${topic} with a new method that learns from unlabeled text and improves accuracy on six benchmarks while using less compute.`;

describe('subscriptions and digests in the store', () => {
  it('keeps emails, lists users, and keeps subscriptions unique per user, kind and value', async () => {
    const ada = await store.createUser({ name: 'ada', passwordHash: 'x', admin: false });
    const bob = await store.createUser({ name: 'bob', passwordHash: 'x', admin: false });
    await store.setUserEmail(ada.id, 'ada@example.org');
    expect((await store.listUsers()).map((u) => [u.name, u.email])).toEqual([
      ['ada', 'ada@example.org'],
      ['bob', undefined],
    ]);
    await store.setUserEmail(ada.id, undefined);
    expect((await store.userById(ada.id))?.email).toBeUndefined();

    const s1 = await store.createSubscription({ userId: ada.id, kind: 'search', value: 'dense retrieval' });
    const s2 = await store.createSubscription({ userId: ada.id, kind: 'author', value: 'Jane Doe' });
    const s3 = await store.createSubscription({ userId: bob.id, kind: 'search', value: 'dense retrieval' });
    expect(s1).toMatchObject({ userId: ada.id, kind: 'search', value: 'dense retrieval' });
    await expect(store.createSubscription({ userId: ada.id, kind: 'search', value: 'dense retrieval' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.listSubscriptions(ada.id)).map((s) => s.id)).toEqual([s1.id, s2.id]);
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([s1.id, s2.id, s3.id]);
    expect(await store.subscriptionById(s3.id)).toEqual(s3);
    expect(await store.deleteSubscription(s3.id)).toBe(true);
    expect(await store.deleteSubscription(s3.id)).toBe(false);
    expect(await store.subscriptionById(s3.id)).toBeUndefined();
    expect(await store.deleteUserSubscriptions(ada.id)).toBe(2);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it("never gives a removed subscription's id to the next one (its unsubscribe link may be in an email)", async () => {
    const ada = await store.createUser({ name: 'ada', passwordHash: 'x', admin: false });
    const bob = await store.createUser({ name: 'bob', passwordHash: 'x', admin: false });
    const last = await store.createSubscription({ userId: ada.id, kind: 'search', value: 'dense retrieval' });
    await store.deleteSubscription(last.id);
    const next = await store.createSubscription({ userId: bob.id, kind: 'search', value: 'segmentation' });
    expect(next.id).toBeGreaterThan(last.id);
  });

  it('lists papers added since a time, newest first, and records what was sent once', async () => {
    const ada = await store.createUser({ name: 'ada', passwordHash: 'x', admin: false });
    await ingestRecords(store, [{ arxivId: '2401.00001', title: 'An Older Paper About Retrieval', abstract: abstract('retrieval') }]);
    await new Promise((r) => setTimeout(r, 5));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const { docIds } = await ingestRecords(
      store,
      [
        { arxivId: '2402.00002', title: 'A Newer Paper About Segmentation', abstract: abstract('segmentation') },
        { arxivId: '2402.00003', title: 'Another Newer Paper About Parsing', abstract: abstract('parsing') },
      ],
      '/data/later.jsonl',
    );
    const newer = [...docIds.values()];
    expect((await store.papersAddedSince(between)).sort()).toEqual(newer.sort());
    expect(await store.papersAddedSince(between, 1)).toHaveLength(1);
    expect(await store.papersAddedSince('2000-01-01T00:00:00.000Z')).toHaveLength(3);
    const additions = await store.paperAdditionsSince('2000-01-01T00:00:00.000Z');
    expect(additions.map((a) => a.docId)).toEqual(await store.papersAddedSince('2000-01-01T00:00:00.000Z'));
    // The older paper is last, added before `between`; the newer two at or after it.
    expect(additions.map((a) => a.addedAt >= between)).toEqual([true, true, false]);

    expect(await store.sentPapers(ada.id, newer)).toEqual(new Set());
    const sub = await store.createSubscription({ userId: ada.id, kind: 'search', value: 'paper' });
    await store.recordDigest(ada.id, [{ docId: newer[0]!, subscriptionId: sub.id }], '2025-01-01T00:00:00.000Z');
    // Sent again (a race, a re-run): the first record stands, nothing fails.
    await store.recordDigest(ada.id, [{ docId: newer[0]!, subscriptionId: sub.id }, { docId: newer[1]!, subscriptionId: sub.id }], '2025-01-02T00:00:00.000Z');
    expect(await store.sentPapers(ada.id, newer)).toEqual(new Set(newer));
    expect((await store.userById(ada.id))?.lastDigestAt).toBe('2025-01-02T00:00:00.000Z');
    // The record outlives the subscription it came from.
    await store.deleteSubscription(sub.id);
    expect((await store.sentPapers(ada.id, newer)).size).toBe(2);
  });
});
