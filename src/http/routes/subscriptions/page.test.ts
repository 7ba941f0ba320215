/** Subscribe buttons on search results and paper pages, and the /subscriptions page, through the real app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestLinks } from '../../../digest/digest-links.js';
import { PAPERS, addPapers } from '../../../digest/test-support/digest-library.js';
import { Browser, addTestUser, testEnv, type TestEnv } from '../../test-support/test-app.js';
import { ingestRecords } from '../../../store/test-support/temp-store.js';
import { themeCorpus } from '../../../topics/test-support/theme-corpus.js';

let t: TestEnv;
const attr = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

beforeAll(async () => {
  t = await testEnv({ fixtures: [] });
  await addTestUser(t.library, 'ada');
  await addPapers(t.library.store, [PAPERS.moeRouting!, { ...PAPERS.moeMention!, authors: ['Li Wei', '<script>alert(1)</script> Evil'] }], '/p.jsonl');
});
afterAll(async () => t.close());

async function page(b: Browser, path: string): Promise<string> {
  const res = await b.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('subscribe buttons', () => {
  it('ask signed-out readers to sign in, and come back to the page', async () => {
    const anon = new Browser(() => t);
    const html = await page(anon, '/search?q=mixture+of+experts');
    expect(html).toMatch(/<a class="subscribe" href="\/login\?next=%2Fsearch%3Fq%3Dmixture%2Bof%2Bexperts" title="Sign in to subscribe">Subscribe to this search<\/a>/);
    const res = await anon.request('/subscriptions');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fsubscriptions');
  });

  it('subscribe to a search (with its author filter in query syntax) without JavaScript, then show it as subscribed', async () => {
    const b = new Browser(() => t);
    await b.login('ada');
    const html = await page(b, '/search?q=mixture+of+experts&author=Jane+Doe');
    const form = /<form class="subscribe" method="post" action="\/subscriptions">([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
    const field = (name: string) => attr(new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1] ?? '');
    expect(field('kind')).toBe('search');
    expect(field('value')).toBe('mixture of experts author:"Jane Doe"');
    expect(field('csrf')).toBe(b.csrf);
    expect(html).toContain('Follow author Jane Doe');
    const posted = await b.request('/subscriptions', { method: 'POST', form: { kind: field('kind'), value: field('value'), next: field('next'), csrf: field('csrf') } });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/search?q=mixture+of+experts&author=Jane+Doe');
    const after = await page(b, '/search?q=mixture+of+experts&author=Jane+Doe');
    expect(after).toMatch(/<a class="subscribe subscribed" href="\/subscriptions"[^>]*>✓ Subscribed to this search<\/a>/);
  });

  it('follow a paper’s authors from its page, names escaped', async () => {
    const b = new Browser(() => t);
    await b.login('ada');
    const html = await page(b, '/paper/2501.00002');
    expect(html).toContain('<button type="submit">Follow Li Wei</button>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Follow &lt;script&gt;alert(1)&lt;/script&gt; Evil');
    await b.request('/subscriptions', { method: 'POST', form: { kind: 'author', value: 'Li Wei', next: '/paper/2501.00002', csrf: b.csrf } });
    expect(await page(b, '/paper/2501.00002')).toContain('✓ Following Li Wei');
  });
});

describe('topic subscriptions', () => {
  it('subscribe from a topic page; the subscriptions page names the topic by its label', async () => {
    // Topics need a library with themes (two papers give TF-IDF nothing to cluster on).
    await ingestRecords(t.library.store, themeCorpus(6), '/themes.jsonl');
    const model = (await t.library.topics({ wait: true }))!;
    const topic = model.topics[0]!;
    const b = new Browser(() => t);
    await b.login('ada');
    const path = `/topics/${encodeURIComponent(topic.id)}`;
    expect(await page(b, path)).toContain('<button type="submit">Subscribe to this topic</button>');
    const posted = await b.request('/subscriptions', { method: 'POST', form: { kind: 'topic', value: topic.id, next: path, csrf: b.csrf } });
    expect(posted.headers.get('location')).toBe(path);
    expect(await page(b, path)).toContain('✓ Subscribed to this topic');
    expect(await page(b, '/subscriptions')).toContain(`<td>topic</td><td><a href="${path}">${topic.label}</a></td>`);
    // A topic id the model does not have is refused.
    const bad = await b.request('/api/subscriptions', { method: 'POST', headers: { 'x-csrf-token': b.csrf }, json: { kind: 'topic', value: 'no-such-topic' } });
    expect(bad.status).toBe(404);
    // Leave ada's other subscriptions as the next test expects them.
    const subs = await t.library.store.listSubscriptions((await t.library.store.userByName('ada'))!.id);
    for (const s of subs.filter((x) => x.kind === 'topic')) await t.library.store.deleteSubscription(s.id);
  });
});

describe('/subscriptions', () => {
  it('lists kind, value, feed links and remove buttons, and sets the digest email', async () => {
    const b = new Browser(() => t);
    await b.login('ada');
    let html = await page(b, '/subscriptions');
    expect(html).toContain('aria-current="page">Subscriptions</a>');
    expect(html).toMatch(/<td>search<\/td><td>mixture of experts author:&quot;Jane Doe&quot;<\/td>/);
    expect(html).toMatch(/<td>author<\/td><td>Li Wei<\/td>/);
    const subs = await t.library.store.listSubscriptions((await t.library.store.userByName('ada'))!.id);
    const links = await digestLinks(t.library.store, '');
    for (const s of subs) {
      // Relative, with the feed token: the browser resolves it against the address the reader used.
      expect(links.feeds(s).atom).toMatch(new RegExp(`^/feeds/${s.id}\\.atom\\?token=[\\w-]{43}$`));
      expect(html).toContain(`<a href="${links.feeds(s).atom}" type="application/atom+xml">Atom</a>`);
      expect(html).toContain(`action="/subscriptions/${s.id}/delete"`);
    }
    expect(html).toContain('No address: no digest email');
    expect((await b.request('/account/email', { method: 'POST', form: { email: 'ada@example.org', csrf: b.csrf } })).status).toBe(303);
    html = await page(b, '/subscriptions');
    expect(html).toContain('value="ada@example.org"');
    const removed = await b.request(`/subscriptions/${subs[0]!.id}/delete`, { method: 'POST', form: { csrf: b.csrf } });
    expect(removed.status).toBe(303);
    html = await page(b, '/subscriptions');
    expect(html).not.toContain(`/feeds/${subs[0]!.id}.atom`);
    expect(html).toContain(`/feeds/${subs[1]!.id}.atom`);
  });
});
