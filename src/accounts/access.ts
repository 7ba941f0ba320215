/** Who may read: with `access: 'private'` only signed-in users (session or API token); else anyone. */
import type { Config } from '../core/config.js';

export type AccessMode = 'open' | 'private';

export const accessMode = (config: Config): AccessMode => config.access ?? 'open';

export function canRead(config: Config, user: unknown): boolean {
  return accessMode(config) === 'open' || user !== undefined;
}
