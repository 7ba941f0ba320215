import type { Config } from '../core/config.js';
import { readServerRecord } from '../store/server-file.js';

/** paperboy serve's default address. */
const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/**
 * The address links in digests and feed listings point at: PAPERBOY_BASE_URL, else the address a
 * running `paperboy serve` on this library bound (its port, also when --port 0 picked one), else
 * serve's default; `configured` says whether it came from PAPERBOY_BASE_URL.
 */
export function linkBase(config: Config): { url: string; configured: boolean } {
  if (config.baseUrl) return { url: config.baseUrl, configured: true };
  return { url: readServerRecord(config.dataDir)?.url ?? DEFAULT_BASE_URL, configured: false };
}
