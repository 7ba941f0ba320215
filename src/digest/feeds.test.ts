/** Feeds through the app: well-formed Atom with the required elements, JSON Feed 1.1, private-mode tokens. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, testEnv, type TestEnv } from '../http/test-support/test-app.js';
import type { SubscriptionRecord } from '../store/store.js';
import { runSql } from '../store/test-support/library-at-version.js';
import { digestLinks } from './digest-links.js';
import { subscribe } from './subscriptions.js';
import { PAPERS, addPapers } from './test-support/digest-library.js';

const BASE = 'https://papers.example.org';

async function setUp(env: NodeJS.ProcessEnv): Promise<{ t: TestEnv; sub: SubscriptionRecord }> {
  const t = await testEnv({ fixtures: [], env: { PAPERBOY_BASE_URL: BASE, ...env } });
  const ada = await addTestUser(t.library, 'ada');
  // A title with markup characters: the feed must stay well-formed.
  await addPapers(t.library.store, [PAPERS.moeMention!, { ...PAPERS.moeRouting!, title: 'Mixture of Experts Routing <b>&</b> "Balanced" Load' }, PAPERS.segmentation!], '/p.jsonl');
  const sub = await subscribe(t.library.store, { userId: ada.id, kind: 'search', value: 'mixture of experts routing' });
  return { t, sub };
}

/** The path and query of a subscription's feed URL, as its reader's links give it. */
async function feedPath(t: TestEnv, sub: SubscriptionRecord, kind: 'atom' | 'json'): Promise<string> {
  return (await digestLinks(t.library.store, BASE)).feeds(sub)[kind].slice(BASE.length);
}

describe('feeds in an open library', () => {
  let t: TestEnv;
  let sub: SubscriptionRecord;
  beforeAll(async () => ({ t, sub } = await setUp({})));
  afterAll(async () => t.close());

  it('serves well-formed Atom with id, title, updated, and entries with links and reasons, best match first', async () => {
    const res = await t.app.request(await feedPath(t, sub, 'atom'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true, isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name) }).parse(xml) as {
      feed: { '@xmlns': string; id: string; title: string; updated: string; link: { '@rel': string; '@href': string }[]; entry: { id: string; title: string; updated: string; link: { '@href': string }[]; summary: { '#text': string } }[] };
    };
    const feed = doc.feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${BASE}/feeds/${sub.id}`);
    expect(feed.title).toBe("paperboy: search 'mixture of experts routing'");
    expect(Date.parse(feed.updated)).not.toBeNaN();
    expect(feed.link.find((l) => l['@rel'] === 'self')?.['@href']).toBe(`${BASE}${await feedPath(t, sub, 'atom')}`);
    expect(feed.entry.map((e) => e.title)).toEqual(['Mixture of Experts Routing & "Balanced" Load', 'Efficient Inference for Large Language Models']);
    for (const e of feed.entry) {
      expect(e.id).toMatch(/^https:\/\/papers\.example\.org\/paper\/2501\.0000\d$/);
      expect(e.link[0]!['@href']).toBe(e.id);
      expect(Date.parse(e.updated)).not.toBeNaN();
      expect(e.summary['#text']).toMatch(/^matches your search 'mixture of experts routing'\. We present/);
    }
  });

  it('serves JSON Feed 1.1 with the same entries', async () => {
    const res = await t.app.request(await feedPath(t, sub, 'json'));
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = (await res.json()) as { version: string; title: string; feed_url: string; items: { id: string; url: string; title: string; summary: string; date_published: string; authors: { name: string }[] }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).toBe(`${BASE}${await feedPath(t, sub, 'json')}`);
    expect(feed.items.map((i) => [i.url, i.summary])).toEqual([
      [`${BASE}/paper/2501.00001`, "matches your search 'mixture of experts routing'"],
      [`${BASE}/paper/2501.00002`, "matches your search 'mixture of experts routing'"],
    ]);
    expect(feed.items[0]!.authors).toEqual([{ name: 'Jane Doe' }, { name: 'Ravi Kumar' }]);
    expect(Date.parse(feed.items[0]!.date_published)).not.toBeNaN();
  });

  it('needs the feed token: the sequential ids alone list nobody’s subscriptions', async () => {
    // The probe's request: every reader's saved searches by counting up.
    const bare = await t.app.request(`/feeds/${sub.id}.json`);
    expect(bare.status).toBe(403);
    const body = await bare.text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/no token.*subscriptions page/) } });
    expect(body).not.toContain('mixture of experts');
    const token = (await feedPath(t, sub, 'atom')).split('?')[1]!;
    for (const path of [`/feeds/${sub.id}.atom?token=forged`, `/feeds/999.atom?${token}`, `/feeds/${sub.id}.atom?token=`]) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(path.endsWith('token=') ? 403 : 404);
      expect(await res.text(), path).not.toContain('mixture of experts');
    }
    expect((await t.app.request(`/feeds/${sub.id}.rss?${token}`)).status).toBe(404);
  });

  it('a removed subscription’s URL does not open another subscription under its id', async () => {
    const bob = await addTestUser(t.library, 'bob');
    const first = await subscribe(t.library.store, { userId: bob.id, kind: 'author', value: 'Jane Doe' });
    const oldUrl = await feedPath(t, first, 'json');
    expect((await t.app.request(oldUrl)).status).toBe(200);
    await t.library.store.deleteSubscription(first.id);
    const eve = await addTestUser(t.library, 'eve');
    const next = await subscribe(t.library.store, { userId: eve.id, kind: 'search', value: 'eve private interest' });
    expect(next.id).toBeGreaterThan(first.id);
    // Before schema 5 SQLite handed the deleted last row's id on, and an upgraded library keeps such rows.
    runSql(t.dir, `UPDATE subscriptions SET id = ${first.id} WHERE id = ${next.id}`);
    const reused = (await t.library.store.subscriptionById(first.id))!;
    expect(reused.userId).toBe(eve.id);
    expect((await t.app.request(oldUrl)).status).toBe(404);
    expect((await t.app.request(await feedPath(t, reused, 'json'))).status).toBe(200);
  });
});

describe('feeds in a private library', () => {
  let t: TestEnv;
  let sub: SubscriptionRecord;
  beforeAll(async () => ({ t, sub } = await setUp({ PAPERBOY_ACCESS: 'private' })));
  afterAll(async () => t.close());

  it('open with the feed token in the URL, which the feed links carry, without a sign-in', async () => {
    expect((await t.app.request(`/feeds/${sub.id}.atom`)).status).toBe(403);
    const links = await digestLinks(t.library.store, BASE);
    const { atom, json } = links.feeds(sub);
    expect(atom).toMatch(/\?token=[\w-]{43}$/);
    const res = await t.app.request(atom.slice(BASE.length));
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(await res.text())).toBe(true);
    expect((await t.app.request(json.slice(BASE.length))).status).toBe(200);
    // Unsubscribe links work for readers who are not signed in, as feeds do.
    const confirm = await t.app.request(links.unsubscribe({ kind: 'subscription', id: sub.id, userId: sub.userId }).slice(BASE.length));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toMatch(/Unsubscribe\?/);
    // Another subscription's token does not open this feed.
    const other = links.feeds({ ...sub, id: sub.id + 1 }).atom.split('?')[1];
    expect((await t.app.request(`/feeds/${sub.id}.atom?${other}`)).status).toBe(404);
  });
});
