/**
 * Per-subscription feeds: the papers added recently that a subscription matches, best first, as
 * Atom (RFC 4287) and JSON Feed 1.1, each entry with its reason. Feeds never record anything as
 * sent: they are a view, not a delivery.
 */
import { authorLine } from '../core/paper-format.js';
import type { Paper } from '../core/paper.js';
import type { SubscriptionRecord } from '../store/store.js';
import { toPlainText } from '../text/normalise.js';
import { html } from '../core/html.js';
import type { DigestLinks } from './digest-links.js';
import { matchSubscription, type MatchSources } from './match-subscription.js';
import { describeSubscription } from './subscriptions.js';

export interface FeedEntry {
  paper: Paper;
  reason: string;
  /** When the paper was first added to the library. */
  added: string;
}

export interface Feed {
  subscription: SubscriptionRecord;
  title: string;
  entries: FeedEntry[];
  /** The newest entry's time, or `now` for an empty feed. */
  updated: string;
}

export interface FeedOptions {
  now: Date;
  /** Papers added in the last `days` days (default 30)… */
  days?: number;
  /** …at most this many (default 50). */
  limit?: number;
}

/** At most this many recent papers are matched for one feed request. */
const FEED_CANDIDATES = 5000;

const firstAdded = (p: Paper) => p.sources.reduce((min, s) => (s.ingestedAt < min ? s.ingestedAt : min), p.sources[0]?.ingestedAt ?? '');

export async function buildFeed(sources: MatchSources, sub: SubscriptionRecord, options: FeedOptions): Promise<Feed> {
  const since = new Date(options.now.getTime() - (options.days ?? 30) * 86_400_000).toISOString();
  const candidates = await sources.store.getPapersByDocIds(await sources.store.papersAddedSince(since, FEED_CANDIDATES));
  const byDocId = new Map(candidates.map((c) => [c.docId, c.paper]));
  const matches = (await matchSubscription(sources, sub, candidates)).slice(0, options.limit ?? 50);
  const entries = matches.map((m) => {
    const paper = byDocId.get(m.docId)!;
    return { paper, reason: m.reason, added: firstAdded(paper) || options.now.toISOString() };
  });
  const updated = entries.reduce((max, e) => (e.added > max ? e.added : max), '') || options.now.toISOString();
  return { subscription: sub, title: `paperboy: ${describeSubscription(sub, sources.topics)}`, entries, updated };
}

const summary = (e: FeedEntry) => `${e.reason}. ${toPlainText(e.paper.abstract)}`;

/** Atom XML; every value goes through core/html.ts's escaping, which is XML-safe too. */
export function atomFeed(feed: Feed, links: DigestLinks): string {
  const urls = links.feeds(feed.subscription);
  const body = html`<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${links.baseUrl}/feeds/${feed.subscription.id}</id>
  <title>${feed.title}</title>
  <updated>${feed.updated}</updated>
  <author><name>paperboy</name></author>
  <link rel="self" type="application/atom+xml" href="${urls.atom}"/>
  <link rel="alternate" type="text/html" href="${links.manage}"/>
  <generator>paperboy</generator>
${feed.entries.map(
  (e) => html`  <entry>
    <id>${links.paper(e.paper.id)}</id>
    <title>${toPlainText(e.paper.title)}</title>
    <link rel="alternate" type="text/html" href="${links.paper(e.paper.id)}"/>
    <updated>${e.added}</updated>
${e.paper.authors.map((a) => html`    <author><name>${a}</name></author>\n`)}    <summary type="text">${summary(e)}</summary>
${e.paper.categories.map((c) => html`    <category term="${c}"/>\n`)}  </entry>
`,
)}</feed>
`;
  return `<?xml version="1.0" encoding="utf-8"?>\n${body.value}`;
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(feed: Feed, links: DigestLinks): Record<string, unknown> {
  const urls = links.feeds(feed.subscription);
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: links.manage,
    feed_url: urls.json,
    items: feed.entries.map((e) => ({
      id: links.paper(e.paper.id),
      url: links.paper(e.paper.id),
      title: toPlainText(e.paper.title),
      content_text: summary(e),
      summary: e.reason,
      date_published: e.added,
      ...(e.paper.authors.length ? { authors: e.paper.authors.map((name) => ({ name })) } : authorLine(e.paper) ? { authors: [{ name: authorLine(e.paper) }] } : {}),
      tags: e.paper.categories,
      _paperboy: { reason: e.reason, paperId: e.paper.id, date: e.paper.date ?? null },
    })),
  };
}
