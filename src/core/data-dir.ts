/** Where the library lives by default; apart from config.ts so the CLI finds it before loading zod. */
import os from 'node:os';
import path from 'node:path';

/** The default data directory: $PAPERBOY_HOME, else $XDG_DATA_HOME/paperboy, else ~/.local/share/paperboy. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.PAPERBOY_HOME) return env.PAPERBOY_HOME;
  const xdg = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'paperboy');
}
