/**
 * Papers and upvotes per ISO week (Monday to Sunday), and a growth score per topic. Weeks are
 * counted from the Unix epoch so they are plain integers: 1970-01-01 was a Thursday, so
 * week w starts on day 7w − 3.
 */

const DAY_MS = 86_400_000;
/** The day number of an undated paper (fits an Int32 column). */
export const NO_DAY = -0x80000000;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD…), or NO_DAY when it has none. */
export function dayOf(date: string | undefined): number {
  const ms = date ? Date.parse(`${date.slice(0, 10)}T00:00:00Z`) : NaN;
  return Number.isNaN(ms) ? NO_DAY : Math.floor(ms / DAY_MS);
}

/** The week index of a day number (NO_DAY stays NO_DAY). */
export const weekOfDay = (day: number): number => (day === NO_DAY ? NO_DAY : Math.floor((day + 3) / 7));

/** The week index of an ISO date, or NO_DAY when it has none. */
export const weekOf = (date: string | undefined): number => weekOfDay(dayOf(date));

/** The ISO date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The Monday (ISO date) a week starts on. */
export const weekStart = (week: number): string => dateOfDay(week * 7 - 3);

/** Monday 0 … Sunday 6 of a day number. */
export const weekdayOfDay = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** A newest week whose days so far hold this share of a usual week's papers counts as whole. */
const WHOLE_WEEK_SHARE = 0.95;

/**
 * Whether the week holding `newest` (the library's newest day) is whole: the days up to it hold
 * at least WHOLE_WEEK_SHARE of a usual week's papers, by the library's own papers per weekday. A
 * Sunday always ends a week; listings that skip weekends (arXiv's) are whole on their Friday.
 */
export function newestWeekIsWhole(days: Iterable<number>, newest: number): boolean {
  const perWeekday = new Array<number>(7).fill(0);
  let total = 0;
  for (const day of days) {
    if (day === NO_DAY) continue;
    perWeekday[weekdayOfDay(day)]!++;
    total++;
  }
  const upTo = perWeekday.slice(0, weekdayOfDay(newest) + 1).reduce((a, b) => a + b, 0);
  return total > 0 && upTo >= WHOLE_WEEK_SHARE * total;
}

export interface WeeklySeries {
  /** Monday of each week, oldest first, every week in the range (empty weeks included). */
  weeks: string[];
  papers: number[];
  upvotes: number[];
}

/**
 * Weekly counts over weeks [from, to] of the items given (each item's week and upvotes; items
 * outside the range or undated are left out).
 */
export function weeklySeries(items: Iterable<{ week: number; upvotes: number }>, from: number, to: number): WeeklySeries {
  const n = Math.max(0, to - from + 1);
  const series: WeeklySeries = {
    weeks: Array.from({ length: n }, (_, i) => weekStart(from + i)),
    papers: new Array<number>(n).fill(0),
    upvotes: new Array<number>(n).fill(0),
  };
  for (const { week, upvotes } of items) {
    if (week < from || week > to) continue;
    series.papers[week - from]!++;
    series.upvotes[week - from]! += upvotes;
  }
  return series;
}

/** Weeks compared by the growth score: the last RECENT weeks against the PRIOR weeks before them. */
export const RECENT_WEEKS = 4;
const PRIOR_WEEKS = 8;
/** Papers a week added to both rates, so a topic going from 0 to 1 paper a week does not top the list. */
const GROWTH_SMOOTHING = 2;

/**
 * log2 of (mean papers a week over the last RECENT weeks + s) / (mean over the PRIOR weeks
 * before + s), s = GROWTH_SMOOTHING: 0 is steady, 1 is doubling. The additive smoothing keeps
 * tiny topics from dominating: 0 → 1 a week scores log2(3/2) = 0.58, while 20 → 40 scores
 * log2(42/22) = 0.93. A series shorter than the windows compares what it has.
 */
export function growthScore(papers: readonly number[]): number {
  const end = papers.length;
  const recent = papers.slice(Math.max(0, end - RECENT_WEEKS));
  const prior = papers.slice(Math.max(0, end - RECENT_WEEKS - PRIOR_WEEKS), Math.max(0, end - RECENT_WEEKS));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return Math.log2((mean(recent) + GROWTH_SMOOTHING) / (mean(prior) + GROWTH_SMOOTHING));
}
