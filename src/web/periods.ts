/**
 * The periods the daily views list: a day, the ISO week (Monday to Sunday) holding a day, a month.
 * A period exists only inside the days a library can hold (FIRST_DAY … LAST_DAY, as `isoDate`
 * reads them): the week of 9999-12-31 runs into year 10000, so it has none.
 */
import { addDays, isoDate } from '../core/dates.js';
import { urls } from '../core/urls.js';

export const FIRST_DAY = '1000-01-01';
export const LAST_DAY = '9999-12-31';
const LAST_WEEK_START = '9999-12-25';

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
  return { kind: 'day', from: day, to: day, path: urls.day(day), label: formatDay(day) };
}

/** The ISO week holding `day`, unless it runs outside FIRST_DAY … LAST_DAY. */
export function weekPeriod(day: string): Period | undefined {
  const weekday = (utc(day).getUTCDay() + 6) % 7; // Monday 0
  const from = addDays(day, -weekday);
  // A Monday after LAST_WEEK_START has its Sunday in year 10000.
  if (from < FIRST_DAY || from > LAST_WEEK_START) return undefined;
  const to = addDays(from, 6);
  return { kind: 'week', from, to, path: urls.week(from), label: `Week of ${formatShortDay(from)} – ${formatShortDay(to)}` };
}

/** `month` as YYYY-MM, or a day within it. */
export function monthPeriod(month: string): Period | undefined {
  const m = MONTH.exec(month.slice(0, 7));
  const from = m ? isoDate(Number(m[1]), Number(m[2]), 1) : undefined;
  if (!from) return undefined;
  const year = Number(m![1]);
  const monthNo = Number(m![2]);
  const to = isoDate(year, monthNo, new Date(Date.UTC(year, monthNo, 0)).getUTCDate())!;
  return { kind: 'month', from, to, path: urls.month(from.slice(0, 7)), label: MONTH_NAME.format(utc(from)) };
}

/** The day, week or month holding `day`; undefined when it does not fit in FIRST_DAY … LAST_DAY. */
export function periodOf(kind: PeriodKind, day: string): Period | undefined {
  if (!parseDay(day)) return undefined;
  return kind === 'day' ? dayPeriod(day) : kind === 'week' ? weekPeriod(day) : monthPeriod(day);
}
