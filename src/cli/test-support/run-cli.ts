import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../paperboy.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a CLI under test runs in: this process's, without any PAPERBOY_* setting of
 * the shell running the tests (a developer's PAPERBOY_LLM_URL or PAPERBOY_ACCESS would change
 * what the CLI does), with today pinned, and `extra` on top.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PAPERBOY_')));
  return { ...inherited, PAPERBOY_TODAY: '2026-11-22', ...extra };
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Modules to load first (`node --import`), such as a test hook of the store. */
  preload?: string[];
}

/** The real CLI (TypeScript sources through tsx) in a child process, its stdio piped, for a test that talks to it as it runs. */
export function spawnCli(args: string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  const preload = (options.preload ?? []).flatMap((m) => ['--import', m]);
  return spawn(process.execPath, ['--import', 'tsx', ...preload, ENTRY, ...args], { env: cliEnv(options.env), stdio: 'pipe' });
}

/** Runs the real CLI in a child process, as a user would. */
export function runCli(args: string[], options: CliOptions & { input?: string | Buffer } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export { ENTRY as CLI_ENTRY };
