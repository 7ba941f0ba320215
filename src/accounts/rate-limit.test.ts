import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows `limit` attempts per window per key, then says when to retry', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.attempt('ip:1', 'name:ada').allowed).toBe(true);
      now += 1000;
    }
    expect(limiter.attempt('ip:1', 'name:ada')).toEqual({ allowed: false, retryAfter: 7 });
    // Blocked while any of its keys is over; another key alone is not.
    expect(limiter.attempt('ip:2', 'name:ada').allowed).toBe(false);
    expect(limiter.attempt('ip:2', 'name:bob').allowed).toBe(true);
    now = 10_001;
    expect(limiter.attempt('ip:1', 'name:ada').allowed).toBe(true);
  });

  it('gives back one attempt, so it no longer counts', () => {
    const now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000, now: () => now });
    const first = limiter.attempt('k');
    expect(limiter.attempt('k').allowed).toBe(true);
    expect(limiter.attempt('k').allowed).toBe(false);
    limiter.giveBack('k', first.allowed ? first.at : -1);
    expect(limiter.attempt('k').allowed).toBe(true);
    expect(limiter.attempt('k').allowed).toBe(false);
  });
});
