import type { Command } from 'commander';
import { userNamed } from '../accounts/users.js';
import { parseDuration } from '../core/dates.js';
import { PaperboyError } from '../core/errors.js';
import { digestLinks } from '../digest/digest-links.js';
import { smtpMailer } from '../digest/mailer.js';
import { runDigests, type UserDigestRun } from '../digest/run-digests.js';
import type { CliContext } from './main.js';
import { linkBase } from './link-base.js';
import { withLibrary } from './one-shot-library.js';

interface DigestFlags {
  since: string;
  user?: string;
  dryRun?: boolean;
  json?: boolean;
}

function runJson(r: UserDigestRun) {
  return {
    user: r.digest.user.name,
    email: r.digest.user.email ?? null,
    since: r.digest.since,
    ...r.outcome,
    subject: r.rendered?.subject ?? null,
    papers: r.digest.entries.map((e) => ({ id: e.paper.id, title: e.paper.title, subscription: e.subscription.id, reason: e.reason, alsoMatched: e.alsoMatched })),
  };
}

function runText(r: UserDigestRun, dryRun: boolean): string {
  const who = `${r.digest.user.name}${r.digest.user.email ? ` <${r.digest.user.email}>` : ''}`;
  const n = r.digest.entries.length;
  switch (r.outcome.status) {
    case 'sent':
      return `${who}: sent ${n} paper${n === 1 ? '' : 's'}\n`;
    case 'nothing-new':
      return `${who}: nothing new\n`;
    case 'no-email':
      return `${who}: no email address, not sent (paperboy user email ${r.digest.user.name} ADDRESS)\n`;
    case 'failed':
      return `${who}: NOT sent: ${r.outcome.error}\n`;
    case 'dry-run':
      if (!r.rendered) return `${who}: nothing new\n`;
      return `${'='.repeat(72)}\nTo: ${who}${dryRun && !r.digest.user.email ? ' (no email address: would not be sent)' : ''}\nSubject: ${r.rendered.subject}\n\n${r.rendered.text}\n`;
  }
}

export function registerDigest(program: Command, ctx: CliContext): void {
  program
    .command('digest')
    .description("email each user the new papers their subscriptions match (papers added since the later of --since ago and their last digest; a paper is never sent twice). For cron: paperboy digest --since 1d")
    .requiredOption('--since <span>', 'how far back to look: 30m, 12h, 1d, 1w')
    .option('--user <name>', 'only this user')
    .option('--dry-run', 'print each digest; send and record nothing')
    .option('--json', 'print JSON')
    .action(async (flags: DigestFlags) => {
      const windowMs = parseDuration(flags.since);
      if (windowMs === undefined) throw new PaperboyError('BAD_INPUT', `--since takes a span like 30m, 12h, 1d or 2w (at most 100 years), not ${flags.since}`);
      const config = ctx.config();
      if (!flags.dryRun && !config.baseUrl) throw new PaperboyError('BAD_CONFIG', 'set PAPERBOY_BASE_URL (the address readers reach paperboy serve at): digest links point there');
      // Made before any work, so a missing mail setting fails fast.
      const mailer = flags.dryRun ? undefined : smtpMailer(config);
      try {
        await withLibrary(ctx, async (library) => {
          const store = library.store;
          const users = flags.user ? [await userNamed(store, flags.user)] : undefined;
          // The topic model is caught up (new papers placed) only when someone follows a topic.
          const topics = await library.topicsFor(await store.listSubscriptions());
          const runs = await runDigests({
            sources: { store, lexical: await library.lexical(), topics },
            links: await digestLinks(store, linkBase(config).url),
            now: new Date(),
            windowMs,
            ...(users ? { users } : {}),
            ...(mailer ? { mailer } : {}),
          });
          if (flags.json) ctx.out.write(`${JSON.stringify({ dryRun: flags.dryRun === true, digests: runs.map(runJson) }, null, 2)}\n`);
          else if (runs.length === 0) ctx.err.write('no subscriptions: paperboy subscribe --user NAME search "your query"\n');
          else for (const r of runs) ctx.out.write(runText(r, flags.dryRun === true));
          const failed = runs.filter((r) => r.outcome.status === 'failed');
          if (failed.length) {
            throw new PaperboyError('MAIL_FAILED', `${failed.length} digest${failed.length === 1 ? '' : 's'} not sent (nothing recorded for ${failed.map((r) => r.digest.user.name).join(', ')}): check PAPERBOY_SMTP_URL and the mail server`);
          }
        });
      } finally {
        mailer?.close();
      }
    });
}
