import type { Command } from 'commander';
import { createApiToken } from '../accounts/api-tokens.js';
import { PaperboyError } from '../core/errors.js';
import { openLibraryStore } from '../library/open-library-store.js';
import type { CliContext } from './main.js';

export function registerToken(program: Command, ctx: CliContext): void {
  const token = program.command('token').description('API tokens for scripts (Authorization: Bearer pb_…)');
  token
    .command('create')
    .description('create an API token for a user and print it (it is shown this once)')
    .requiredOption('--user <name>', 'the user the token acts as')
    .option('--name <label>', 'a label to recognise the token by', 'cli')
    .action(async (flags: { user: string; name: string }) => {
      const store = openLibraryStore(ctx.config());
      try {
        const user = await store.userByName(flags.user);
        if (!user) throw new PaperboyError('NOT_FOUND', `no user named ${JSON.stringify(flags.user)}: add one with paperboy user add`);
        const { token: value } = await createApiToken(store, user.id, flags.name);
        ctx.out.write(`${value}\n`);
        ctx.err.write(`token "${flags.name}" for ${user.name}: keep it secret; it is not shown again\n`);
      } finally {
        await store.close();
      }
    });
}
