/** Dates as sources write them, to ISO YYYY-MM-DD. */
import { PaperboyError } from './errors.js';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const FULL_MONTHS = ['january','february','march','april','may','june','july','august','september','october','november','december'];

export function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase();
  const month = MONTHS[key.slice(0, 3)];
  // Accept "Mar", "March", "Sept"; reject words that merely start like a month ("Marvel", "Mart").
  return month && (key.length === 3 || key === 'sept' || FULL_MONTHS[month - 1] === key) ? month : undefined;
}

/**
 * Parses the date spellings listings use: ISO dates and timestamps ("2025-03-18",
 * "2025-03-18T17:59:59Z"), "Mar 30, 2023", "30 Mar 2023", "March 2023" (day 1), "2023" (Jan 1),
 * and RFC 2822 ("Tue, 18 Mar 2025 00:00:00 GMT"). `impliedYear` fills "May 28". Undefined if none.
 */
export function parseLooseDate(input: string | undefined | null, impliedYear?: number): string | undefined {
  if (!input) return undefined;
  const s = input.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b/.exec(s);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? isoDate(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/.exec(s);
  if (m) {
    const month = monthNumber(m[1]!);
    const year = m[3] ? Number(m[3]) : impliedYear;
    return month && year ? isoDate(year, month, Number(m[2])) : undefined;
  }
  m = /^([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? isoDate(Number(m[2]), month, 1) : undefined;
  }
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), 1);
  m = /^(\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[1]), 1, 1);
  return undefined;
}

/**
 * The ISO date `days` days after `date` (before, when negative), in UTC. A result that cannot be
 * written as YYYY-MM-DD (past year 9999) is a BAD_INPUT error, not a RangeError or "+010000-01".
 */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const iso = Number.isNaN(d.getTime()) ? '' : d.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new PaperboyError('BAD_INPUT', `${date} ${days < 0 ? '-' : '+'} ${Math.abs(days)} days is not a date paperboy can write (years 0 to 9999)`);
  return iso.slice(0, 10);
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** The longest span: `now - span` stays a date (a repeated `99999w` would not). */
export const MAX_DURATION_MS = 100 * 366 * 86_400_000;

/** A span like `90s`, `30m`, `12h`, `1d`, `2w` or `1h30m` (up to 100 years) in milliseconds; undefined when it is not one. */
export function parseDuration(input: string): number | undefined {
  const s = input.trim().toLowerCase();
  if (!/^(\d{1,5}[smhdw])+$/.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(/(\d+)([smhdw])/g)) ms += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}
