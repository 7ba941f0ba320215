/** Durations as people write them for schedules: "30m", "6h", "1d", "90s" (and combinations: "1h30m"). */
import { PaperboyError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds; BAD_INPUT for anything else, and for less than `minMs` (default one minute). */
export function parseDuration(text: string, what = 'duration', minMs = 60_000): number {
  const s = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[smhd])+$/.test(s)) {
    throw new PaperboyError('BAD_INPUT', `${what}: "${text}" is not a duration such as 30m, 6h or 1d`);
  }
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms < minMs) throw new PaperboyError('BAD_INPUT', `${what}: ${text} is too short (at least ${minMs / 1000} s)`);
  return Math.round(ms);
}
