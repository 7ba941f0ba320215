/** A digest as an email: subject, plain text and HTML (every value escaped by core/html.ts). */
import { authorLine } from '../core/paper-format.js';
import { toPlainText } from '../text/normalise.js';
import type { TopicMembership } from '../topics/topic-membership.js';
import { html, type SafeHtml } from '../core/html.js';
import type { Digest, DigestEntry, DigestSection } from './build-digest.js';
import type { DigestLinks } from './digest-links.js';
import { describeSubscription } from './subscriptions.js';

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

const title = (e: DigestEntry) => toPlainText(e.paper.title);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const why = (e: DigestEntry) => (e.alsoMatched.length ? `${e.reason} (also: ${e.alsoMatched.join('; ')})` : e.reason);
const when = (iso: string) => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');

export function digestSubject(digest: Digest, topics?: TopicMembership): string {
  const names = digest.sections.map((s) => describeSubscription(s.subscription, topics));
  const shown = names.slice(0, 2).join(', ') + (names.length > 2 ? `, +${names.length - 2} more` : '');
  return `paperboy: ${plural(digest.entries.length, 'new paper')} for you (${shown})`;
}

/** `topics` names topic subscriptions by their labels (else by id). */
export function renderDigest(digest: Digest, links: DigestLinks, topics?: TopicMembership): RenderedDigest {
  return { subject: digestSubject(digest, topics), text: digestText(digest, links, topics), html: digestHtml(digest, links, topics) };
}

function sectionText(s: DigestSection, links: DigestLinks, topics?: TopicMembership): string {
  const lines = [`== ${describeSubscription(s.subscription, topics)} (${s.entries.length}) ==`, ''];
  s.entries.forEach((e, i) => {
    const meta = [authorLine(e.paper), e.paper.date].filter(Boolean).join(' · ');
    lines.push(`${i + 1}. ${title(e)}`, ...(meta ? [`   ${meta}`] : []), `   Why: ${why(e)}`, `   ${links.paper(e.paper.id)}`, '');
  });
  if (s.more) lines.push(`…and ${s.more} more: see the feed.`, '');
  lines.push(`Feed: ${links.feeds(s.subscription).atom}`, `Unsubscribe from this: ${links.unsubscribe({ kind: 'subscription', id: s.subscription.id, userId: s.subscription.userId })}`, '');
  return lines.join('\n');
}

export function digestText(digest: Digest, links: DigestLinks, topics?: TopicMembership): string {
  return [
    `${plural(digest.entries.length, 'new paper')} for ${digest.user.name} since ${when(digest.since)}.`,
    '',
    ...digest.sections.map((s) => sectionText(s, links, topics)),
    '--',
    `Manage your subscriptions: ${links.manage}`,
    `Unsubscribe from all digests: ${links.unsubscribe({ kind: 'user', id: digest.user.id })}`,
    '',
  ].join('\n');
}

function sectionHtml(s: DigestSection, links: DigestLinks, topics?: TopicMembership): SafeHtml {
  const feeds = links.feeds(s.subscription);
  return html`<h2 style="font-size:1.1em;margin:1.5em 0 .5em">${describeSubscription(s.subscription, topics)} <span style="color:#666;font-weight:normal">(${s.entries.length})</span></h2>
<ol style="padding-left:1.2em">${s.entries.map(
    (e) => html`<li style="margin-bottom:.9em"><a href="${links.paper(e.paper.id)}" style="font-weight:bold">${title(e)}</a><br>
<span style="color:#555">${[authorLine(e.paper), e.paper.date].filter(Boolean).join(' · ')}</span><br>
<span class="reason">${e.reason}</span>${e.alsoMatched.length ? html` <span style="color:#666">(also: ${e.alsoMatched.join('; ')})</span>` : ''}</li>`,
  )}</ol>
${s.more ? html`<p>…and ${s.more} more in <a href="${feeds.atom}">the feed</a>.</p>` : ''}
<p style="font-size:.9em;color:#555"><a href="${feeds.atom}">Atom feed</a> · <a href="${feeds.json}">JSON Feed</a> · <a href="${links.unsubscribe({ kind: 'subscription', id: s.subscription.id, userId: s.subscription.userId })}">Unsubscribe from this</a></p>`;
}

export function digestHtml(digest: Digest, links: DigestLinks, topics?: TopicMembership): string {
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><title>${digestSubject(digest, topics)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.45;max-width:44em;margin:auto;padding:1em">
<p>${plural(digest.entries.length, 'new paper')} for ${digest.user.name} since ${when(digest.since)}.</p>
${digest.sections.map((s) => sectionHtml(s, links, topics))}
<hr><p style="font-size:.9em;color:#555"><a href="${links.manage}">Manage your subscriptions</a> · <a href="${links.unsubscribe({ kind: 'user', id: digest.user.id })}">Unsubscribe from all digests</a></p>
</body></html>`}`;
}
