import type { Command } from 'commander';
import { userNamed } from '../accounts/users.js';
import { digestLinks } from '../digest/digest-links.js';
import { subscriptionJson } from '../digest/subscriptions.js';
import { openLibraryStore } from '../library/open-library-store.js';
import { linkBase } from './link-base.js';
import type { CliContext } from './main.js';

export function registerSubscriptions(program: Command, ctx: CliContext): void {
  program
    .command('subscriptions')
    .description("list subscriptions with their feed URLs (every user's, or one user's)")
    .option('--user <name>', 'only this user')
    .option('--json', 'print JSON')
    .action(async (flags: { user?: string; json?: boolean }) => {
      const config = ctx.config();
      const store = openLibraryStore(config);
      try {
        const only = flags.user ? await userNamed(store, flags.user) : undefined;
        const users = new Map((await store.listUsers()).map((u) => [u.id, u]));
        const base = linkBase(config);
        const links = await digestLinks(store, base.url);
        const subs = (await store.listSubscriptions(only?.id)).map((s) => ({ user: users.get(s.userId)?.name ?? '', ...subscriptionJson(s, links) }));
        if (flags.json) {
          ctx.out.write(`${JSON.stringify({ subscriptions: subs }, null, 2)}\n`);
          return;
        }
        if (subs.length === 0) {
          ctx.err.write('no subscriptions: paperboy subscribe --user NAME search "your query"\n');
          return;
        }
        for (const s of subs) ctx.out.write(`${String(s.id).padStart(4)}  ${s.user}  ${s.label}\n      ${s.feeds.atom}\n      ${s.feeds.json}\n`);
        if (!base.configured) ctx.err.write(`note: feed URLs use ${base.url}; set PAPERBOY_BASE_URL to the address readers reach the server at\n`);
      } finally {
        await store.close();
      }
    });
}
