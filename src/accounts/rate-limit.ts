/**
 * In-memory rate limiting: at most `limit` hits per key in any `windowMs` (a sliding log of
 * timestamps per key). Used for sign-ins (per client address: sign-in-throttle.ts), ingest and
 * questions.
 * Memory stays bounded: keys whose hits have all expired are dropped as the map grows.
 */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** The clock, for tests. */
  now?: () => number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Counts one attempt for each key; allowed only when no key is over its limit (then nothing is
   * counted). `retryAfter` is in whole seconds.
   */
  attempt(...keys: string[]): { allowed: true; at: number } | { allowed: false; retryAfter: number } {
    const now = this.now();
    const since = now - this.options.windowMs;
    let oldestBlocking: number | undefined;
    const logs = keys.map((key) => {
      const log = (this.hits.get(key) ?? []).filter((t) => t > since);
      this.hits.set(key, log);
      if (log.length >= this.options.limit) oldestBlocking = Math.min(oldestBlocking ?? Infinity, log[log.length - this.options.limit]!);
      return log;
    });
    if (oldestBlocking !== undefined) {
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((oldestBlocking + this.options.windowMs - now) / 1000)) };
    }
    for (const log of logs) log.push(now);
    if (this.hits.size > 10_000) this.sweep(since);
    return { allowed: true, at: now };
  }

  /** Uncounts one attempt (`at`, from `attempt`) of a key: a sign-in that succeeded, say. */
  giveBack(key: string, at: number): void {
    const log = this.hits.get(key);
    const i = log ? log.lastIndexOf(at) : -1;
    if (i >= 0) log!.splice(i, 1);
  }

  private sweep(since: number): void {
    for (const [key, log] of this.hits) if (!log.some((t) => t > since)) this.hits.delete(key);
  }
}
