/**
 * The `paperboy` command line. One file per command (cli/*-command.ts); this file wires them to
 * commander, parses the configuration once, and maps errors to exit codes in one place.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import type { Config } from '../core/config.js';
import { ERROR_CODES, isPaperboyError } from '../core/errors.js';
import type { Library } from '../library/library.js';
import { readCommandLine } from './command-line.js';

/** Exit codes beyond the error table's: documented in the README. */
export const EXIT = { OK: 0, INTERNAL: 1, PARTIAL: 5 } as const;

export interface CliContext {
  config(): Config;
  out: NodeJS.WritableStream;
  err: NodeJS.WriteStream;
  /** Set by a command that succeeded only in part (records skipped). */
  setExitCode(code: number): void;
  /** A running server's library, when the command runs inside `paperboy serve` for the CLI. */
  library?: Library;
}

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Each command's module, loaded only when it runs (or for help): a command then loads its own
 * dependencies and no other's (the web server's, the evaluations', KaTeX…), which matters for
 * one that answers in a fraction of a second. In the order help lists them.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  ingest: async () => (await import('./ingest-command.js')).registerIngest,
  search: async () => (await import('./search-command.js')).registerSearch,
  show: async () => (await import('./show-command.js')).registerShow,
  related: async () => (await import('./related-command.js')).registerRelated,
  ask: async () => (await import('./ask-command.js')).registerAsk,
  embed: async () => (await import('./embed-command.js')).registerEmbed,
  eval: async () => (await import('./eval-command.js')).registerEval,
  'eval-evidence': async () => (await import('./eval-evidence-command.js')).registerEvalEvidence,
  'eval-ask': async () => (await import('./eval-ask-command.js')).registerEvalAsk,
  stats: async () => (await import('./stats-command.js')).registerStats,
  sync: async () => (await import('./sync-command.js')).registerSync,
  topics: async () => (await import('./topics-command.js')).registerTopics,
  topic: async () => (await import('./topic-command.js')).registerTopic,
  serve: async () => (await import('./serve-command.js')).registerServe,
  user: async () => (await import('./user-command.js')).registerUser,
  token: async () => (await import('./token-command.js')).registerToken,
  subscribe: async () => (await import('./subscribe-command.js')).registerSubscribe,
  subscriptions: async () => (await import('./subscriptions-command.js')).registerSubscriptions,
  unsubscribe: async () => (await import('./unsubscribe-command.js')).registerUnsubscribe,
  digest: async () => (await import('./digest-command.js')).registerDigest,
  install: async () => (await import('./install-command.js')).registerInstall,
};

/**
 * The command `argv` (as process.argv) runs, when it names one (or `-V`: none is registered); else
 * every command is registered (help, errors).
 */
function commandIn(argv: string[]): string | undefined {
  const { command } = readCommandLine(argv);
  return command === '-V' || command === '--version' || (command !== undefined && Object.hasOwn(COMMANDS, command)) ? command : undefined;
}

/** The program with the commands named (all by default, none for `-V`) registered. */
export async function buildProgram(ctx: CliContext, only?: string): Promise<Command> {
  const program = new Command('paperboy')
    .description('A self-hosted research-paper library: ingest listings, merge them into one library, search it.')
    .version((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
    .option('--data <dir>', 'library data directory (default: $PAPERBOY_HOME or ~/.local/share/paperboy)')
    .option('--no-server', 'answer search, related and ask in this process even when a paperboy serve runs on the library')
    .configureOutput({ writeOut: (s) => ctx.out.write(s), writeErr: (s) => ctx.err.write(s) })
    .showHelpAfterError()
    .exitOverride();
  const names = only ? (Object.hasOwn(COMMANDS, only) ? [only] : []) : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, ctx);
  return program;
}

export interface RunOptions {
  out: NodeJS.WritableStream;
  err: NodeJS.WriteStream;
  /** The environment the configuration is read from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The data directory, over --data (a server answering for a CLI resolved elsewhere). */
  dataDir?: string;
  library?: Library;
}

/** Runs the command line `argv` (as process.argv); returns its exit code. */
export async function runProgram(argv: string[], options: RunOptions): Promise<number> {
  let exitCode: number = EXIT.OK;
  let config: Config | undefined;
  const only = commandIn(argv);
  // The version needs no configuration: zod, a tenth of a second to load, comes with a command.
  const { loadConfig } = only === '-V' || only === '--version' ? { loadConfig: undefined } : await import('../core/config.js');
  const program: Command = await buildProgram({
    config: () => (config ??= loadConfig!({ data: options.dataDir ?? program.opts<{ data?: string }>().data, ...(options.env ? { env: options.env } : {}) })),
    out: options.out,
    err: options.err,
    setExitCode: (code) => {
      exitCode = code;
    },
    ...(options.library ? { library: options.library } : {}),
  }, only);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    exitCode = exitCodeFor(err);
    if (!(err instanceof CommanderError)) options.err.write(`paperboy: ${errorMessage(err)}\n`);
  }
  return exitCode;
}

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runProgram(argv, { out: process.stdout, err: process.stderr });
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
