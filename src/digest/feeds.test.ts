/** Feeds through the app: well-formed Atom with the required elements, JSON Feed 1.1, private-mode tokens. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, testEnv, type TestEnv } from '../http/test-support/test-app.js';
import type { SubscriptionRecord } from '../store/store.js';
import { digestLinks } from './digest-links.js';
import { subscribe } from './subscriptions.js';
import { PAPERS, addPapers } from './test-support/digest-library.js';

async function setUp(env: NodeJS.ProcessEnv): Promise<{ t: TestEnv; sub: SubscriptionRecord }> {
  const t = await testEnv({ fixtures: [], env });
  const ada = await addTestUser(t.library, 'ada');
  // A title with markup characters: the feed must stay well-formed.
  await addPapers(t.library.store, [PAPERS.moeMention!, { ...PAPERS.moeRouting!, title: 'Mixture of Experts Routing <b>&</b> "Balanced" Load' }, PAPERS.segmentation!], '/p.jsonl');
  const sub = await subscribe(t.library.store, { userId: ada.id, kind: 'search', value: 'mixture of experts routing' });
  return { t, sub };
}

describe('feeds in an open library', () => {
  let t: TestEnv;
  let sub: SubscriptionRecord;
  beforeAll(async () => ({ t, sub } = await setUp({})));
  afterAll(async () => t.close());

  it('serves well-formed Atom with id, title, updated, and entries with links and reasons, best match first', async () => {
    const res = await t.app.request(`/feeds/${sub.id}.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true, isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name) }).parse(xml) as {
      feed: { '@xmlns': string; id: string; title: string; updated: string; link: { '@rel': string; '@href': string }[]; entry: { id: string; title: string; updated: string; link: { '@href': string }[]; summary: { '#text': string } }[] };
    };
    const feed = doc.feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`http://localhost/feeds/${sub.id}`);
    expect(feed.title).toBe("paperboy: search 'mixture of experts routing'");
    expect(Date.parse(feed.updated)).not.toBeNaN();
    expect(feed.link.find((l) => l['@rel'] === 'self')?.['@href']).toBe(`http://localhost/feeds/${sub.id}.atom`);
    expect(feed.entry.map((e) => e.title)).toEqual(['Mixture of Experts Routing & "Balanced" Load', 'Efficient Inference for Large Language Models']);
    for (const e of feed.entry) {
      expect(e.id).toMatch(/^http:\/\/localhost\/paper\/2501\.0000\d$/);
      expect(e.link[0]!['@href']).toBe(e.id);
      expect(Date.parse(e.updated)).not.toBeNaN();
      expect(e.summary['#text']).toMatch(/^matches your search 'mixture of experts routing'\. We present/);
    }
  });

  it('serves JSON Feed 1.1 with the same entries', async () => {
    const res = await t.app.request(`/feeds/${sub.id}.json`);
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = (await res.json()) as { version: string; title: string; feed_url: string; items: { id: string; url: string; title: string; summary: string; date_published: string; authors: { name: string }[] }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).toBe(`http://localhost/feeds/${sub.id}.json`);
    expect(feed.items.map((i) => [i.url, i.summary])).toEqual([
      ['http://localhost/paper/2501.00001', "matches your search 'mixture of experts routing'"],
      ['http://localhost/paper/2501.00002', "matches your search 'mixture of experts routing'"],
    ]);
    expect(feed.items[0]!.authors).toEqual([{ name: 'Jane Doe' }, { name: 'Ravi Kumar' }]);
    expect(Date.parse(feed.items[0]!.date_published)).not.toBeNaN();
  });

  it('answers 404 for an unknown subscription and 403 for a wrong token', async () => {
    expect((await t.app.request('/feeds/999.atom')).status).toBe(404);
    expect((await t.app.request(`/feeds/${sub.id}.atom?token=forged`)).status).toBe(403);
    expect((await t.app.request(`/feeds/${sub.id}.rss`)).status).toBe(404);
  });
});

describe('feeds in a private library', () => {
  let t: TestEnv;
  let sub: SubscriptionRecord;
  beforeAll(async () => ({ t, sub } = await setUp({ PAPERBOY_ACCESS: 'private' })));
  afterAll(async () => t.close());

  it('need the feed token in the URL, which the feed links carry', async () => {
    expect((await t.app.request(`/feeds/${sub.id}.atom`)).status).toBe(401);
    const links = await digestLinks(t.library.store, t.library.config, 'http://localhost');
    const { atom, json } = links.feeds(sub.id);
    expect(atom).toMatch(/\?token=[\w-]{43}$/);
    const res = await t.app.request(atom.slice('http://localhost'.length));
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(await res.text())).toBe(true);
    expect((await t.app.request(json.slice('http://localhost'.length))).status).toBe(200);
    // Unsubscribe links work for readers who are not signed in, as feeds do.
    const confirm = await t.app.request(links.unsubscribe({ kind: 'subscription', id: sub.id }).slice('http://localhost'.length));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toMatch(/Unsubscribe\?/);
    // Another subscription's token does not open this feed.
    const other = links.feeds(sub.id + 1).atom.split('?')[1];
    expect((await t.app.request(`/feeds/${sub.id}.atom?${other}`)).status).toBe(403);
  });
});
