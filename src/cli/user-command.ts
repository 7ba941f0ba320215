import type { Command } from 'commander';
import { addUser } from '../accounts/users.js';
import { PaperboyError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';
import type { CliContext } from './main.js';
import { readPassword, readStdin } from './prompt.js';

export function registerUser(program: Command, ctx: CliContext): void {
  const user = program.command('user').description('manage the accounts that can sign in to paperboy serve');
  user
    .command('add')
    .description('add a user; the password is asked for (or read from standard input with --password-stdin)')
    .argument('<name>', 'user name: letters, digits, dots, dashes, underscores')
    .option('--admin', 'may ingest over HTTP and see server-side details')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .action(async (name: string, flags: { admin?: boolean; passwordStdin?: boolean }) => {
      let password: string;
      if (flags.passwordStdin) password = (await readStdin()).replace(/\r?\n$/, '');
      else {
        if (!process.stdin.isTTY) throw new PaperboyError('BAD_INPUT', 'no terminal to ask for a password: pass --password-stdin and pipe it in');
        password = await readPassword(`Password for ${name}: `, ctx.err);
        if ((await readPassword('Again: ', ctx.err)) !== password) throw new PaperboyError('BAD_INPUT', 'the passwords do not match');
      }
      const store = openStore(ctx.config());
      try {
        const created = await addUser(store, { name, password, admin: flags.admin ?? false });
        ctx.out.write(`added user ${created.name}${created.admin ? ' (admin)' : ''}\n`);
      } finally {
        await store.close();
      }
    });
}
