/**
 * What a command line asks for, read without loading commander or the configuration: the
 * command it names and the data directory, so that `paperboy search` can go to a running server
 * before loading anything else (cli-socket-client.ts).
 */

/** The global options that take a value (the rest are flags): skipped when looking for the command. */
const GLOBAL_VALUE_OPTIONS = new Set(['--data']);

export interface CommandLine {
  /** The first word that is no option, or the version flag when it comes first. */
  command?: string;
  /** --data's value. */
  data?: string;
}

/**
 * Reads `argv` (as process.argv): the command, and --data wherever it stands, before the command or
 * after it (commander takes a global option in either place: `paperboy ask "…" --data DIR`), up to `--`.
 */
export function readCommandLine(argv: readonly string[]): CommandLine {
  const line: CommandLine = {};
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) line.data = argv[++i];
    else if (arg.startsWith('--data=')) line.data = arg.slice('--data='.length);
    else if (line.command === undefined && (arg === '-V' || arg === '--version' || !arg.startsWith('-'))) line.command = arg;
  }
  return line;
}

/** The commands a running server answers for the CLI: those that only read the library. */
const SERVED_COMMANDS = new Set(['search', 'related', 'ask']);

/**
 * Whether a running server may answer this command line: a read command, not told otherwise
 * (--no-server), and not one that loads a local language model (that stays in the CLI's process).
 */
export function servable(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const { command } = readCommandLine(argv);
  if (command === undefined || !SERVED_COMMANDS.has(command)) return false;
  return !env.PAPERBOY_LLM_GGUF && !argv.slice(2).some((a) => a === '--no-server' || /^--llm-gguf(=|$)/.test(a));
}
