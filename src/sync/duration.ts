/** Schedule flags (`--every 6h`): a duration from core/dates.ts, or a clear BAD_INPUT. */
import { parseDuration } from '../core/dates.js';
import { PaperboyError } from '../core/errors.js';

/** Milliseconds; BAD_INPUT for anything else, and for less than `minMs` (default one minute). */
export function scheduleInterval(text: string, what: string, minMs = 60_000): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new PaperboyError('BAD_INPUT', `${what}: "${text}" is not a duration such as 30m, 6h or 1d`);
  if (ms < minMs) throw new PaperboyError('BAD_INPUT', `${what}: ${text} is too short (at least ${minMs / 1000} s)`);
  return ms;
}
