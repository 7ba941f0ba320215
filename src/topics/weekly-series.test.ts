import { describe, expect, it } from 'vitest';
import { NO_DAY, dateOfDay, dayOf, growthScore, newestWeekIsWhole, weekOf, weekStart, weekdayOfDay, weeklySeries } from './weekly-series.js';

describe('ISO weeks', () => {
  it('starts weeks on Monday', () => {
    // 1970-01-01 was a Thursday: it is in week 0, which started Monday 1969-12-29.
    expect(weekOf('1970-01-01')).toBe(0);
    expect(weekStart(0)).toBe('1969-12-29');
    expect(weekOf('1970-01-04')).toBe(0); // Sunday
    expect(weekOf('1970-01-05')).toBe(1); // Monday
    // 2026-11-22 is a Sunday, in the week of Monday 2026-11-16.
    expect(weekStart(weekOf('2026-11-22'))).toBe('2026-11-16');
    expect(weekOf('2026-11-16T10:00:00Z')).toBe(weekOf('2026-11-22'));
    expect(weekOf(undefined)).toBe(NO_DAY);
    expect(weekOf('not a date')).toBe(NO_DAY);
    expect(dateOfDay(dayOf('2024-02-29'))).toBe('2024-02-29');
  });

  it('counts papers and upvotes per week, empty weeks included, out-of-range left out', () => {
    const w = weekOf('2024-01-01'); // a Monday
    const s = weeklySeries(
      [
        { week: w, upvotes: 3 },
        { week: w, upvotes: 1 },
        { week: w + 2, upvotes: 5 },
        { week: w + 9, upvotes: 100 },
        { week: NO_DAY, upvotes: 7 },
      ],
      w,
      w + 2,
    );
    expect(s).toEqual({ weeks: ['2024-01-01', '2024-01-08', '2024-01-15'], papers: [2, 0, 1], upvotes: [4, 0, 5] });
  });
});

describe('growthScore', () => {
  it('is 0 for a steady topic and 1 for one doubling from a large base', () => {
    expect(growthScore(new Array(12).fill(5))).toBe(0);
    // prior 8 weeks at 98, recent 4 at 198: (198 + 2) / (98 + 2) = 2.
    expect(growthScore([...new Array(8).fill(98), ...new Array(4).fill(198)])).toBeCloseTo(1, 12);
  });

  it('keeps a tiny topic from outgrowing a large one (smoothing)', () => {
    const tiny = growthScore([...new Array(8).fill(0), 1, 1, 1, 1]); // log2(3/2)
    const large = growthScore([...new Array(8).fill(20), 40, 40, 40, 40]); // log2(42/22)
    expect(tiny).toBeCloseTo(Math.log2(3 / 2), 12);
    expect(large).toBeGreaterThan(tiny);
  });

  it('looks only at the last 12 weeks', () => {
    expect(growthScore([1000, ...new Array(12).fill(5)])).toBe(0);
  });
});

describe('whether the newest week is whole', () => {
  /** Days of `weeks` weeks of listings from Monday 2024-01-01, on the weekdays given (0 = Monday), 10 papers a day. */
  const listings = (weeks: number, weekdays: number[]) =>
    Array.from({ length: weeks * 7 }, (_, i) => dayOf('2024-01-01') + i)
      .filter((d) => weekdays.includes(weekdayOfDay(d)))
      .flatMap((d) => Array<number>(10).fill(d));
  const weekdays = [0, 1, 2, 3, 4];

  it('arXiv-like listings (Monday to Friday) are whole on the Friday, not before', () => {
    expect(weekdayOfDay(dayOf('2024-01-01'))).toBe(0);
    const days = listings(8, weekdays);
    expect(newestWeekIsWhole(days, dayOf('2024-02-23'))).toBe(true); // a Friday
    expect(newestWeekIsWhole(days, dayOf('2024-02-21'))).toBe(false); // a Wednesday: 3 of 5 days
    expect(newestWeekIsWhole([...days, NO_DAY], dayOf('2024-02-19'))).toBe(false); // a Monday
  });

  it('a library listing every day is whole only on a Sunday', () => {
    const days = listings(4, [0, 1, 2, 3, 4, 5, 6]);
    expect(newestWeekIsWhole(days, dayOf('2024-01-28'))).toBe(true);
    expect(newestWeekIsWhole(days, dayOf('2024-01-27'))).toBe(false);
    expect(newestWeekIsWhole([], dayOf('2024-01-27'))).toBe(false);
  });
});
