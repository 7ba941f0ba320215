import { describe, expect, it, vi } from 'vitest';
import { scheduleInterval } from './duration.js';
import { startSchedule } from './schedule.js';

describe('scheduleInterval', () => {
  it('reads 30m, 6h, 1d and combinations, and refuses the rest', () => {
    expect(scheduleInterval('30m', '--every')).toBe(30 * 60_000);
    expect(scheduleInterval('6h', '--every')).toBe(6 * 3_600_000);
    expect(scheduleInterval('1d', '--every')).toBe(86_400_000);
    expect(scheduleInterval('1h30m', '--every')).toBe(90 * 60_000);
    expect(() => scheduleInterval('6x', '--every')).toThrow(/--every: "6x" is not a duration/);
    expect(() => scheduleInterval('10s', '--every')).toThrow(/too short/);
  });
});

describe('startSchedule', () => {
  it('runs now and then again after each run ends, never two at once, and goes on after a failure', async () => {
    let running = 0;
    let overlapped = false;
    const errors: unknown[] = [];
    let runs = 0;
    let thirdRun: () => void = () => undefined;
    const threeRuns = new Promise<void>((resolve) => (thirdRun = resolve));
    const schedule = startSchedule(
      10,
      async () => {
        runs++;
        if (runs === 3) thirdRun();
        overlapped ||= running > 0;
        running++;
        await new Promise((r) => setTimeout(r, 25));
        running--;
        if (runs === 2) throw new Error('source down');
      },
      (err) => errors.push(err),
    );
    // Waits for the third run rather than a fixed time: on a loaded machine three 35 ms cycles can take longer than 150 ms.
    await threeRuns;
    await schedule.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(after).toBeGreaterThanOrEqual(3);
    expect(runs).toBe(after);
    expect(overlapped).toBe(false);
    expect(errors).toHaveLength(1);
  });
});

describe('startSchedule with an interval past setTimeout\'s ceiling (2^31-1 ms, about 24.8 days)', () => {
  it('waits the whole interval, not 1 ms, and stops during the wait', async () => {
    vi.useFakeTimers();
    try {
      const month = 30 * 86_400_000;
      let runs = 0;
      const schedule = startSchedule(month, async () => void runs++, () => undefined);
      await vi.advanceTimersByTimeAsync(0);
      expect(runs).toBe(1);
      // An overflowed setTimeout fires after 1 ms: it would have run about a thousand times by now.
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(month - 1001);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(runs).toBe(2);
      // Stopped past the first 24.8 days of the next wait: the chained timer is the one cleared.
      await vi.advanceTimersByTimeAsync(2 ** 31);
      await schedule.stop();
      await vi.advanceTimersByTimeAsync(2 * month);
      expect(runs).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
