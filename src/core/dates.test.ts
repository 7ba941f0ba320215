import { describe, expect, it } from 'vitest';
import { addDays, monthNumber, parseDuration, parseLooseDate } from './dates.js';

describe('monthNumber', () => {
  it.each([
    ['Mar', 3],
    ['march', 3],
    ['Sept', 9],
    ['SEP', 9],
    ['May', 5],
  ])('reads %s as %i', (name, month) => {
    expect(monthNumber(name)).toBe(month);
  });

  it.each(['Marvel', 'Mart', 'Junk', 'Decl', 'Ma'])('rejects %s, which only starts like a month', (name) => {
    expect(monthNumber(name)).toBeUndefined();
  });
});

describe('parseLooseDate', () => {
  it.each([
    ['2025-03-18', '2025-03-18'],
    ['2025-03-18T17:59:59Z', '2025-03-18'],
    ['2025/3/8', '2025-03-08'],
    ['Mar 30, 2023', '2023-03-30'],
    ['30 Mar 2023', '2023-03-30'],
    ['Tue, 18 Mar 2025 00:00:00 GMT', '2025-03-18'],
    ['March 2023', '2023-03-01'],
    ['2023-7', '2023-07-01'],
    ['2023', '2023-01-01'],
  ])('parses %s', (input, iso) => {
    expect(parseLooseDate(input)).toBe(iso);
  });

  it('fills an implied year, and gives nothing without one', () => {
    expect(parseLooseDate('May 28', 2025)).toBe('2025-05-28');
    expect(parseLooseDate('May 28')).toBeUndefined();
  });

  it.each(['', 'Feb 30, 2024', 'Mart 5, 2024', 'soon', '2023-13-01'])('rejects %j', (input) => {
    expect(parseLooseDate(input)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('reads minutes, hours, days and weeks, and refuses anything else', () => {
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('2W')).toBe(14 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('90s')).toBe(90_000);
    for (const bad of ['', 'd', '0d', '1y', '-1d', '1.5d', 'yesterday']) expect(parseDuration(bad), bad).toBeUndefined();
  });
});

describe('dates at the ends of the calendar', () => {
  it('addDays answers a clear BAD_INPUT past year 9999, never a RangeError or "+010000"', () => {
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(addDays('1000-01-01', -1)).toBe('0999-12-31');
    for (const [date, days] of [['9999-12-31', 1], ['9999-12-31', 400_000_000], ['2024-01-01', 1e12]] as const) {
      expect(() => addDays(date, days)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('parseDuration refuses spans longer than 100 years, which would run off the calendar', () => {
    expect(parseDuration('5200w')).toBe(5200 * 7 * 86_400_000);
    expect(parseDuration('99999w')).toBeUndefined();
    expect(parseDuration('99999w'.repeat(150))).toBeUndefined();
  });
});
