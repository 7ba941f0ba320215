/** The periods the daily views list: a day, the ISO week (Monday to Sunday) holding a day, a month. */
import { addDays, isoDate } from '../core/dates.js';

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  /** The path of this period's page. */
  path: string;
  label: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** The ISO date if `s` is a real calendar day. */
export function parseDay(s: string | undefined): string | undefined {
  const m = s ? DAY.exec(s) : null;
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

const LONG_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const SHORT_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

export const formatDay = (day: string): string => LONG_DAY.format(utc(day));
export const formatShortDay = (day: string): string => SHORT_DAY.format(utc(day));

export function dayPeriod(day: string): Period {
  return { kind: 'day', from: day, to: day, path: `/day/${day}`, label: formatDay(day) };
}

export function weekPeriod(day: string): Period {
  const weekday = (utc(day).getUTCDay() + 6) % 7; // Monday 0
  const from = addDays(day, -weekday);
  const to = addDays(from, 6);
  return { kind: 'week', from, to, path: `/week/${from}`, label: `Week of ${formatShortDay(from)} – ${formatShortDay(to)}` };
}

/** `month` as YYYY-MM, or a day within it. */
export function monthPeriod(month: string): Period | undefined {
  const m = MONTH.exec(month.slice(0, 7));
  const from = m ? isoDate(Number(m[1]), Number(m[2]), 1) : undefined;
  if (!from) return undefined;
  const next = Number(m![2]) === 12 ? `${Number(m![1]) + 1}-01-01` : `${m![1]}-${String(Number(m![2]) + 1).padStart(2, '0')}-01`;
  return { kind: 'month', from, to: addDays(next, -1), path: `/month/${from.slice(0, 7)}`, label: MONTH_NAME.format(utc(from)) };
}

export function periodOf(kind: PeriodKind, day: string): Period {
  return kind === 'day' ? dayPeriod(day) : kind === 'week' ? weekPeriod(day) : monthPeriod(day)!;
}
