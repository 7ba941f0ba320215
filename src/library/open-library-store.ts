/**
 * The one way into a library's store, for the server's Library and for every CLI command: a
 * command that needs only the papers (show, stats, user…) opens the store here, one that searches
 * opens the Library (cli/one-shot-library.ts), so no command assembles them by hand.
 */
import type { Config } from '../core/config.js';
import { openStore, type StoreOptions } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export type { StoreOptions };

export function openLibraryStore(config: Config, options?: StoreOptions): Store {
  return openStore(config, options);
}
