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
    // Another address is still blocked through the name; another name from a fresh address is not.
    expect(limiter.attempt('ip:2', 'name:ada').allowed).toBe(false);
    expect(limiter.attempt('ip:2', 'name:bob').allowed).toBe(true);
    now = 10_001;
    expect(limiter.attempt('ip:1', 'name:ada').allowed).toBe(true);
    limiter.reset('name:ada');
  });
});
