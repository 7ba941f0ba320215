/**
 * The `paperboy` command line. One file per command (cli/*-command.ts); this file wires them to
 * commander, parses the configuration once, and maps errors to exit codes in one place.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { loadConfig, type Config } from '../core/config.js';
import { ERROR_CODES, isPaperboyError } from '../core/errors.js';
import { registerAsk } from './ask-command.js';
import { registerDigest } from './digest-command.js';
import { registerEmbed } from './embed-command.js';
import { registerEval } from './eval-command.js';
import { registerEvalEvidence } from './eval-evidence-command.js';
import { registerIngest } from './ingest-command.js';
import { registerInstall } from './install-command.js';
import { registerRelated } from './related-command.js';
import { registerSearch } from './search-command.js';
import { registerServe } from './serve-command.js';
import { registerShow } from './show-command.js';
import { registerStats } from './stats-command.js';
import { registerSubscribe } from './subscribe-command.js';
import { registerSubscriptions } from './subscriptions-command.js';
import { registerSync } from './sync-command.js';
import { registerToken } from './token-command.js';
import { registerUnsubscribe } from './unsubscribe-command.js';
import { registerTopic } from './topic-command.js';
import { registerTopics } from './topics-command.js';
import { registerUser } from './user-command.js';

/** Exit codes beyond the error table's: documented in the README. */
export const EXIT = { OK: 0, INTERNAL: 1, PARTIAL: 5 } as const;

export interface CliContext {
  config(): Config;
  out: NodeJS.WritableStream;
  err: NodeJS.WriteStream;
  /** Set by a command that succeeded only in part (records skipped). */
  setExitCode(code: number): void;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('paperboy')
    .description('A self-hosted research-paper library: ingest listings, merge them into one library, search it.')
    .version((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
    .option('--data <dir>', 'library data directory (default: $PAPERBOY_HOME or ~/.local/share/paperboy)')
    .showHelpAfterError()
    .exitOverride();
  registerIngest(program, ctx);
  registerSearch(program, ctx);
  registerShow(program, ctx);
  registerRelated(program, ctx);
  registerAsk(program, ctx);
  registerEmbed(program, ctx);
  registerEval(program, ctx);
  registerEvalEvidence(program, ctx);
  registerStats(program, ctx);
  registerSync(program, ctx);
  registerTopics(program, ctx);
  registerTopic(program, ctx);
  registerServe(program, ctx);
  registerUser(program, ctx);
  registerToken(program, ctx);
  registerSubscribe(program, ctx);
  registerSubscriptions(program, ctx);
  registerUnsubscribe(program, ctx);
  registerDigest(program, ctx);
  registerInstall(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  let exitCode: number = EXIT.OK;
  let config: Config | undefined;
  const program: Command = buildProgram({
    config: () => (config ??= loadConfig({ data: program.opts<{ data?: string }>().data })),
    out: process.stdout,
    err: process.stderr,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    exitCode = exitCodeFor(err);
    if (!(err instanceof CommanderError)) process.stderr.write(`paperboy: ${errorMessage(err)}\n`);
  }
  process.exitCode = exitCode;
}

function errorMessage(err: unknown): string {
  if (isPaperboyError(err)) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : ERROR_CODES.BAD_INPUT.exit;
  if (isPaperboyError(err)) return ERROR_CODES[err.code].exit;
  return EXIT.INTERNAL;
}
