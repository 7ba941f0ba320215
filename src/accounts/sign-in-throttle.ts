/**
 * Sign-in attempts: limited per client address, slowed down per name, never locked per name.
 *
 * Anyone can send wrong passwords for a name, from as many addresses as they have, so a limit per
 * name would let them lock its owner out. Instead:
 * - an address gets `perAddress.limit` attempts a window, then RATE_LIMITED (429, Retry-After);
 *   an attempt is counted as it starts (parallel guesses cannot slip past) and given back when
 *   it succeeds, so in effect an address is limited by its failures;
 * - a name with more than `freeFailures` failures in the window makes every attempt at it wait
 *   before its password is checked, `baseDelayMs` doubling with each further failure, at most
 *   `maxDelayMs`; a success forgets them. Its owner, from any address, still gets in, after a
 *   few seconds at worst, and a guesser gets no answer sooner than the owner would.
 */
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';

export interface SignInThrottleOptions {
  /** Attempts per client address (default 10 per 10 minutes); the window also bounds a name's failures. */
  perAddress: RateLimitOptions;
  /** Failures a name may have before its attempts wait (default 3). */
  freeFailures: number;
  /** The first wait, doubled for each failure after it (default 250 ms)… */
  baseDelayMs: number;
  /** …up to this (default 4 s). */
  maxDelayMs: number;
  /** The clock and the wait, for tests. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export type SignInGate = { allowed: false; retryAfter: number } | { allowed: true; delayMs: number; finish(succeeded: boolean): void };

const DEFAULTS: SignInThrottleOptions = {
  perAddress: { limit: 10, windowMs: 10 * 60_000 },
  freeFailures: 3,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class SignInThrottle {
  readonly options: SignInThrottleOptions;
  private readonly addresses: RateLimiter;
  /** Per name (lower case): failures in the current window and when the last one was. */
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(options: Partial<SignInThrottleOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.addresses = new RateLimiter({ ...this.options.perAddress, now: this.options.now });
  }

  /** Starts an attempt: refused when the address is over its limit, else how long it must wait and how to report its outcome. */
  begin(address: string, name: string): SignInGate {
    const key = `ip:${address}`;
    const gate = this.addresses.attempt(key);
    if (!gate.allowed) return gate;
    const nameKey = name.toLowerCase();
    return {
      allowed: true,
      delayMs: this.delayFor(nameKey),
      finish: (succeeded) => {
        if (succeeded) {
          this.addresses.giveBack(key, gate.at);
          this.failures.delete(nameKey);
        } else this.failed(nameKey);
      },
    };
  }

  wait(ms: number): Promise<void> {
    return ms > 0 ? this.options.sleep(ms) : Promise.resolve();
  }

  private recent(nameKey: string): number {
    const f = this.failures.get(nameKey);
    return f && this.options.now() - f.last < this.options.perAddress.windowMs ? f.count : 0;
  }

  private delayFor(nameKey: string): number {
    const over = this.recent(nameKey) - this.options.freeFailures;
    return over <= 0 ? 0 : Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (over - 1));
  }

  private failed(nameKey: string): void {
    const now = this.options.now();
    this.failures.set(nameKey, { count: this.recent(nameKey) + 1, last: now });
    if (this.failures.size > 10_000) {
      for (const [key, f] of this.failures) if (now - f.last >= this.options.perAddress.windowMs) this.failures.delete(key);
    }
  }
}
