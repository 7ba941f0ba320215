/** Digests over real SMTP: a local server receives them, postal-mime parses them, the links work. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../core/config.js';
import { addTestUser, testEnv, type TestEnv } from '../http/test-support/test-app.js';
import type { UserRecord } from '../store/store.js';
import { digestLinks } from './digest-links.js';
import { smtpMailer } from './mailer.js';
import { runDigests } from './run-digests.js';
import { subscribe } from './subscriptions.js';
import { PAPERS, addPapers } from './test-support/digest-library.js';
import { startSmtpSink, type SmtpSink } from './test-support/smtp-sink.js';

const BASE = 'https://papers.example.org';
const DAY = 86_400_000;

let t: TestEnv;
let ada: UserRecord;
let sink: SmtpSink;
let config: Config;

beforeAll(async () => {
  t = await testEnv({ fixtures: [] });
  ada = await addTestUser(t.library, 'ada');
  await t.library.store.setUserEmail(ada.id, 'ada@example.org');
  await subscribe(t.library.store, { userId: ada.id, kind: 'search', value: 'mixture of experts routing' });
  await subscribe(t.library.store, { userId: ada.id, kind: 'author', value: 'Ana Müller' });
  await addPapers(t.library.store, [PAPERS.moeMention!, PAPERS.moeRouting!, PAPERS.segmentation!], '/papers.jsonl');
  sink = await startSmtpSink();
  config = mailConfig(sink.url);
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

function mailConfig(smtpUrl: string): Config {
  return loadConfig({ data: t.dir, env: { PAPERBOY_SMTP_URL: smtpUrl, PAPERBOY_MAIL_FROM: 'paperboy <digest@example.org>', PAPERBOY_BASE_URL: BASE } });
}

async function run(options: { dryRun?: boolean; smtp?: string } = {}) {
  const c = options.smtp ? mailConfig(options.smtp) : config;
  const mailer = options.dryRun ? undefined : smtpMailer(c);
  try {
    return await runDigests({
      sources: { store: t.library.store, lexical: await t.library.lexical() },
      links: await digestLinks(t.library.store, BASE),
      now: new Date(),
      windowMs: DAY,
      ...(mailer ? { mailer } : {}),
    });
  } finally {
    mailer?.close();
  }
}

const pathOf = (url: string) => url.slice(BASE.length);

describe('digest delivery over SMTP', () => {
  it('a dry run renders the digest but sends and records nothing', async () => {
    const [dry] = await run({ dryRun: true });
    expect(dry!.outcome).toEqual({ status: 'dry-run', to: 'ada@example.org' });
    expect(dry!.rendered?.text).toMatch(/matches your search 'mixture of experts routing'/);
    expect(sink.received).toHaveLength(0);
    expect((await t.library.store.userById(ada.id))?.lastDigestAt).toBeUndefined();
  });

  it('a mail server that refuses the message: a clear failure, nothing recorded', async () => {
    const refusing = await startSmtpSink({ reject: true });
    try {
      const [failed] = await run({ smtp: refusing.url });
      expect(failed!.outcome).toMatchObject({ status: 'failed', to: 'ada@example.org' });
      expect((failed!.outcome as { error: string }).error).toMatch(/did not accept the digest.*554/s);
      expect((failed!.outcome as { error: string }).error).not.toContain('hunter2');
      const [unreachable] = await run({ smtp: `smtp://127.0.0.1:${refusing.port === 1 ? 2 : 1}` });
      expect(unreachable!.outcome.status).toBe('failed');
    } finally {
      await refusing.close();
    }
    const docIds = await t.library.store.papersAddedSince('2000-01-01T00:00:00.000Z');
    expect(await t.library.store.sentPapers(ada.id, docIds)).toEqual(new Set());
    expect((await t.library.store.userById(ada.id))?.lastDigestAt).toBeUndefined();
  });

  it('arrives with both parts, reasons, paper links and a one-click unsubscribe that works without sign-in', async () => {
    const [sent] = await run();
    expect(sent!.outcome).toEqual({ status: 'sent', to: 'ada@example.org' });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.envelopeTo).toEqual(['ada@example.org']);
    const mail = await sink.parsed(0);
    expect(mail.from).toMatchObject({ address: 'digest@example.org', name: 'paperboy' });
    expect(mail.to?.map((a) => a.address)).toEqual(['ada@example.org']);
    expect(mail.subject).toBe("paperboy: 3 new papers for you (search 'mixture of experts routing', author Ana Müller)");
    const text = mail.text!;
    const htmlPart = mail.html!;
    // Ranked: the paper about routing first, the one that only mentions mixtures second.
    expect(text.indexOf('Mixture of Experts Routing with Balanced Expert Load')).toBeLessThan(text.indexOf('Efficient Inference for Large Language Models'));
    for (const part of [text, htmlPart]) {
      expect(part).toContain(`${BASE}/paper/2501.00001`);
      expect(part).toContain(`${BASE}/paper/2501.00003`);
      expect(part).toContain('by author Ana Müller');
    }
    expect(text).toContain("Why: matches your search 'mixture of experts routing'");
    expect(htmlPart).toContain('matches your search &#39;mixture of experts routing&#39;');
    expect(htmlPart).toMatch(/<a href="https:\/\/papers\.example\.org\/feeds\/\d+\.atom\?token=[\w-]{43}">Atom feed<\/a>/);

    const header = (name: string) => mail.headers.find((h) => h.key === name)?.value;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeUrl = /^<(https:\/\/papers\.example\.org\/unsubscribe\?token=u\d+\.[\w-]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribeUrl).toBeDefined();

    // A second run sends nothing: every paper was sent once already.
    const [again] = await run();
    expect(again!.outcome).toEqual({ status: 'nothing-new' });
    expect(sink.received).toHaveLength(1);

    // GET (what a mail scanner does) only asks; the one-click POST unsubscribes, signed out.
    const confirm = await t.app.request(pathOf(unsubscribeUrl!));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toMatch(/<form method="post" action="\/unsubscribe">/);
    expect(await t.library.store.listSubscriptions(ada.id)).toHaveLength(2);
    const done = await t.app.request(pathOf(unsubscribeUrl!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/unsubscribed from all 2 subscriptions of ada/);
    expect(await t.library.store.listSubscriptions(ada.id)).toEqual([]);
  });

  it('unsubscribes from one subscription by the link in the text, and refuses tampered or missing tokens', async () => {
    const sub = await subscribe(t.library.store, { userId: ada.id, kind: 'search', value: 'segmentation' });
    const links = await digestLinks(t.library.store, BASE);
    const url = pathOf(links.unsubscribe({ kind: 'subscription', id: sub.id, userId: sub.userId }));
    const token = new URL(url, BASE).searchParams.get('token')!;
    const other = await subscribe(t.library.store, { userId: ada.id, kind: 'search', value: 'retrieval' });
    const forged = token.replace(/^s\d+/, `s${other.id}`);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [forged, flipped, 'u1.abc', 'garbage']) {
      const res = await t.app.request(`/unsubscribe?token=${encodeURIComponent(bad)}`, { method: 'POST' });
      expect(res.status, bad).toBe(403);
      expect(await res.text()).toMatch(/not valid/);
    }
    expect((await t.app.request('/unsubscribe')).status).toBe(400);
    expect(await t.library.store.listSubscriptions(ada.id)).toHaveLength(2);
    const form = await t.app.request('/unsubscribe', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
    expect(form.status).toBe(200);
    expect((await t.library.store.listSubscriptions(ada.id)).map((s) => s.id)).toEqual([other.id]);
    // Again: already done, still a 200.
    expect(await (await t.app.request(url, { method: 'POST' })).text()).toMatch(/already unsubscribed/);
  });
});
