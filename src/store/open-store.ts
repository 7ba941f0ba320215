import type { Config } from '../core/config.js';
import { SqliteStore, type SqliteOpenOptions } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** How a store is opened, beyond the configuration: for tests (a nearly full disk). */
export type StoreOptions = SqliteOpenOptions;

/** Opens the configured store: the embedded SQLite library in the data directory. */
export function openStore(config: Config, options?: StoreOptions): Store {
  return SqliteStore.open(config.dataDir, options);
}
