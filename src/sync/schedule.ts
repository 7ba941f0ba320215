/**
 * Runs a task now and then every `everyMs`, never two at once: the next run is timed from the end
 * of the last (a fixed delay, not a fixed rate, so a slow run cannot pile up behind itself). A run
 * that throws is reported and the schedule goes on. Any interval works, days or months (`--every 4w`).
 */
export interface Schedule {
  /** Stops the schedule; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/** setTimeout's ceiling: a longer delay fires after 1 ms (Node's TimeoutOverflowWarning). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function startSchedule(everyMs: number, task: () => Promise<void>, onError: (err: unknown) => void): Schedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  // A wait past the ceiling is a chain of timeouts; `timer` is always the pending one.
  const wait = (ms: number) => {
    timer = setTimeout(() => (ms > MAX_TIMEOUT_MS ? wait(ms - MAX_TIMEOUT_MS) : tick()), Math.min(ms, MAX_TIMEOUT_MS));
  };
  const tick = () => {
    running = task()
      .catch(onError)
      .finally(() => {
        if (!stopped) wait(everyMs);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
