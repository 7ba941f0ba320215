import type { Command } from 'commander';
import { addUser, setEmail, userNamed } from '../accounts/users.js';
import { PaperboyError } from '../core/errors.js';
import { openLibraryStore } from '../library/open-library-store.js';
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
    .option('--email <address>', 'where digests of their subscriptions go')
    .action(async (name: string, flags: { admin?: boolean; passwordStdin?: boolean; email?: string }) => {
      let password: string;
      if (flags.passwordStdin) password = (await readStdin()).replace(/\r?\n$/, '');
      else {
        if (!process.stdin.isTTY) throw new PaperboyError('BAD_INPUT', 'no terminal to ask for a password: pass --password-stdin and pipe it in');
        password = await readPassword(`Password for ${name}: `, ctx.err);
        if ((await readPassword('Again: ', ctx.err)) !== password) throw new PaperboyError('BAD_INPUT', 'the passwords do not match');
      }
      const store = openLibraryStore(ctx.config());
      try {
        const created = await addUser(store, { name, password, admin: flags.admin ?? false });
        if (flags.email !== undefined) await setEmail(store, created.id, flags.email);
        ctx.out.write(`added user ${created.name}${created.admin ? ' (admin)' : ''}${flags.email ? ` <${flags.email.trim()}>` : ''}\n`);
      } finally {
        await store.close();
      }
    });  user
    .command('email')
    .description("set where a user's digests go (paperboy digest), or clear it with --clear")
    .argument('<name>', 'the user')
    .argument('[address]', 'a mail address')
    .option('--clear', 'send this user no digest email')
    .action(async (name: string, address: string | undefined, flags: { clear?: boolean }) => {
      if (!address && !flags.clear) throw new PaperboyError('BAD_INPUT', 'give an address, or --clear to remove it');
      const store = openLibraryStore(ctx.config());
      try {
        const found = await userNamed(store, name);
        await setEmail(store, found.id, flags.clear ? undefined : address);
        ctx.out.write(flags.clear ? `${found.name} gets no digest email\n` : `digests for ${found.name} go to ${address!.trim()}\n`);
      } finally {
        await store.close();
      }
    });
}
