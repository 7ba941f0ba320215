/**
 * Preloaded into a CLI under test (`node --import`): at exit, tells on stderr whether the process
 * loaded SQLite (better-sqlite3), that is whether it opened the library itself or had a running
 * server answer for it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const SQLITE_LOADED = '[sqlite loaded]';

process.on('exit', () => {
  if (Object.keys(require.cache).some((file) => file.includes(`${path.sep}better-sqlite3${path.sep}`))) process.stderr.write(`${SQLITE_LOADED}\n`);
});
