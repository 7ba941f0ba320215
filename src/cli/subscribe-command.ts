import type { Command } from 'commander';
import { userNamed } from '../accounts/users.js';
import { SUBSCRIPTION_KINDS, describeSubscription, subscribe } from '../digest/subscriptions.js';
import type { CliContext } from './main.js';
import { withLibrary } from './one-shot-library.js';

export function registerSubscribe(program: Command, ctx: CliContext): void {
  program
    .command('subscribe')
    .description(`subscribe a user to new papers: ${SUBSCRIPTION_KINDS.join(', ')} (paperboy digest sends them)`)
    .requiredOption('--user <name>', 'the user who subscribes')
    .argument('<kind>', SUBSCRIPTION_KINDS.join(' | '))
    .argument('<value...>', 'the query, topic id, author name or question')
    .action(async (kind: string, value: string[], flags: { user: string }) => {
      await withLibrary(ctx, async (library) => {
        const user = await userNamed(library.store, flags.user);
        const topics = kind === 'topic' ? await library.topics() : undefined;
        const sub = await subscribe(library.store, { userId: user.id, kind, value: value.join(' ') }, topics);
        ctx.out.write(`subscription ${sub.id}: ${user.name} follows ${describeSubscription(sub)}\n`);
        if (!user.email) ctx.err.write(`note: ${user.name} has no email address yet: paperboy user email ${user.name} ADDRESS\n`);
      });
    });
}
