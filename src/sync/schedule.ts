/**
 * Runs a task now and then every `everyMs`, never two at once: the next run is timed from the end
 * of the last (a fixed delay, not a fixed rate, so a slow run cannot pile up behind itself). A run
 * that throws is reported and the schedule goes on.
 */
export interface Schedule {
  /** Stops the schedule; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

export function startSchedule(everyMs: number, task: () => Promise<void>, onError: (err: unknown) => void): Schedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = task()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
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
