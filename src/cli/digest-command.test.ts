/** paperboy subscribe / subscriptions / digest / unsubscribe / user email, spawned, against a local SMTP server. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPERS } from '../digest/test-support/digest-library.js';
import { startSmtpSink, type SmtpSink } from '../digest/test-support/smtp-sink.js';
import { runCli } from './test-support/run-cli.js';

let dir: string;
let sink: SmtpSink;
let refusing: SmtpSink;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-cli-digest-'));
  sink = await startSmtpSink();
  refusing = await startSmtpSink({ reject: true });
});
afterAll(async () => {
  await sink.close();
  await refusing.close();
  rmSync(dir, { recursive: true, force: true });
});

const mailEnv = (smtp: string) => ({ PAPERBOY_SMTP_URL: smtp, PAPERBOY_MAIL_FROM: 'paperboy <digest@example.org>', PAPERBOY_BASE_URL: 'https://papers.example.org' });
const cli = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) => runCli(['--data', dir, ...args], { env, ...(input ? { input } : {}) });

describe('paperboy digest from the command line', () => {
  it('subscribes, lists, dry-runs, fails cleanly on a refusing server, sends once, and unsubscribes', async () => {
    const file = path.join(dir, 'new.jsonl');
    const rows = [PAPERS.moeRouting!, PAPERS.moeMention!, PAPERS.segmentation!].map((p) => JSON.stringify({ ...p, arxiv_id: p.arxivId, arxivId: undefined }));
    writeFileSync(file, `${rows.join('\n')}\n`);
    expect((await cli(['ingest', file])).code).toBe(0);
    const added = await cli(['user', 'add', 'ada', '--password-stdin', '--email', 'ada@example.org'], {}, 'correct horse battery\n');
    expect(added.stdout).toBe('added user ada <ada@example.org>\n');
    expect((await cli(['user', 'email', 'ada', 'not-an-address'])).code).toBe(2);

    const sub = await cli(['subscribe', '--user', 'ada', 'search', 'mixture', 'of', 'experts', 'routing']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^subscription 1: ada follows search 'mixture of experts routing'\n$/);
    expect((await cli(['subscribe', '--user', 'ada', 'author', 'Ana Müller'])).code).toBe(0);
    expect((await cli(['subscribe', '--user', 'ada', 'venue', 'x'])).code).toBe(2);
    expect((await cli(['subscribe', '--user', 'nobody', 'search', 'x'])).code).toBe(3);

    const listed = await cli(['subscriptions', '--json'], mailEnv(sink.url));
    const subs = (JSON.parse(listed.stdout) as { subscriptions: { id: number; user: string; kind: string; feeds: { atom: string } }[] }).subscriptions;
    expect(subs.map((s) => [s.id, s.user, s.kind, s.feeds.atom])).toEqual([
      [1, 'ada', 'search', expect.stringMatching(/^https:\/\/papers\.example\.org\/feeds\/1\.atom\?token=[\w-]{43}$/)],
      [2, 'ada', 'author', expect.stringMatching(/^https:\/\/papers\.example\.org\/feeds\/2\.atom\?token=[\w-]{43}$/)],
    ]);

    const dry = await cli(['digest', '--since', '1d', '--dry-run'], mailEnv(sink.url));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Subject: paperboy: 3 new papers for you/);
    expect(dry.stdout).toMatch(/Why: matches your search 'mixture of experts routing'/);
    expect(dry.stdout).toMatch(/Why: by author Ana Müller/);
    expect(sink.received).toHaveLength(0);

    const failed = await cli(['digest', '--since', '1d'], mailEnv(refusing.url));
    expect(failed.code).toBe(7);
    expect(failed.stdout).toMatch(/ada <ada@example.org>: NOT sent: .*554/);
    expect(failed.stderr).toMatch(/1 digest not sent \(nothing recorded for ada\)/);
    expect(failed.stderr + failed.stdout).not.toContain('hunter2');

    const noBase = await cli(['digest', '--since', '1d'], { PAPERBOY_SMTP_URL: sink.url, PAPERBOY_MAIL_FROM: 'p@example.org' });
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/PAPERBOY_BASE_URL/);
    expect((await cli(['digest', '--since', 'yesterday'], mailEnv(sink.url))).code).toBe(2);

    const sent = await cli(['digest', '--since', '1d', '--json'], mailEnv(sink.url));
    expect(sent.code).toBe(0);
    const report = JSON.parse(sent.stdout) as { digests: { user: string; status: string; papers: { id: string; reason: string }[] }[] };
    expect(report.digests.map((d) => [d.user, d.status, d.papers.map((p) => p.id)])).toEqual([['ada', 'sent', ['2501.00001', '2501.00002', '2501.00003']]]);
    expect(sink.received).toHaveLength(1);
    const mail = await sink.parsed(0);
    expect(mail.to?.[0]?.address).toBe('ada@example.org');
    expect(mail.text).toContain('https://papers.example.org/paper/2501.00003');

    const again = await cli(['digest', '--since', '1d'], mailEnv(sink.url));
    expect(again.stdout).toBe('ada <ada@example.org>: nothing new\n');
    expect(sink.received).toHaveLength(1);

    const removed = await cli(['unsubscribe', '2']);
    expect(removed.stdout).toBe('removed subscription 2 (author Ana Müller)\n');
    expect((await cli(['unsubscribe', '2'])).code).toBe(3);
    const left = await cli(['subscriptions', '--user', 'ada']);
    expect(left.stdout).toMatch(/^ {3}1 {2}ada {2}search 'mixture of experts routing'\n/);
    expect(left.stdout).not.toMatch(/author/);
  });
});
