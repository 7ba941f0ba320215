import type { Command } from 'commander';
import { PaperboyError } from '../core/errors.js';
import { describeSubscription } from '../digest/subscriptions.js';
import { openLibraryStore } from '../library/open-library-store.js';
import type { CliContext } from './main.js';

export function registerUnsubscribe(program: Command, ctx: CliContext): void {
  program
    .command('unsubscribe')
    .description('remove a subscription (ids: paperboy subscriptions)')
    .argument('<id>', 'the subscription id')
    .action(async (id: string) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1) throw new PaperboyError('BAD_INPUT', `a subscription id is a positive whole number, not ${id}`);
      const store = openLibraryStore(ctx.config());
      try {
        const sub = await store.subscriptionById(n);
        if (!sub || !(await store.deleteSubscription(n))) throw new PaperboyError('NOT_FOUND', `no subscription ${n}: paperboy subscriptions lists them`);
        ctx.out.write(`removed subscription ${n} (${describeSubscription(sub)})\n`);
      } finally {
        await store.close();
      }
    });
}
