import type { Config } from '../core/config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Opens the configured store: the embedded SQLite library in the data directory. */
export function openStore(config: Config): Store {
  return SqliteStore.open(config.dataDir);
}
