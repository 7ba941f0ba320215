import { describe, expect, it } from 'vitest';
import { SignInThrottle, type SignInGate } from './sign-in-throttle.js';

function throttle() {
  let now = 0;
  const t = new SignInThrottle({ perAddress: { limit: 5, windowMs: 60_000 }, freeFailures: 2, baseDelayMs: 100, maxDelayMs: 1000, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

const allowed = (gate: SignInGate) => {
  if (!gate.allowed) throw new Error(`refused, retry after ${gate.retryAfter} s`);
  return gate;
};

describe('SignInThrottle', () => {
  it('slows a name down as its failures grow, doubling up to the cap, and never refuses it', () => {
    const { t } = throttle();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      // Each guess from a fresh address: the per-address limit never applies.
      const gate = allowed(t.begin(`10.0.0.${i}`, 'Ada'));
      delays.push(gate.delayMs);
      gate.finish(false);
    }
    expect(delays).toEqual([0, 0, 0, 100, 200, 400, 800, 1000, 1000, 1000]);
    // The owner, from yet another address, is slowed like everyone else, not locked out; a success forgets the failures.
    const owner = allowed(t.begin('192.0.2.1', 'ada'));
    expect(owner.delayMs).toBe(1000);
    owner.finish(true);
    expect(allowed(t.begin('192.0.2.1', 'ada')).delayMs).toBe(0);
    // Another name was never slowed.
    expect(allowed(t.begin('10.0.0.1', 'bob')).delayMs).toBe(0);
  });

  it('forgets a name’s failures after a quiet window', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 4; i++) allowed(t.begin(`10.0.1.${i}`, 'ada')).finish(false);
    expect(allowed(t.begin('10.0.1.9', 'ada')).delayMs).toBe(200);
    advance(60_000);
    expect(allowed(t.begin('10.0.1.9', 'ada')).delayMs).toBe(0);
  });

  it('limits an address by its attempts in flight and its failures, not by its successes', () => {
    const { t, advance } = throttle();
    // Five readers behind one address sign in, and sign in again: successes are given back.
    for (let round = 0; round < 3; round++) for (const name of ['a', 'b', 'c', 'd', 'e']) allowed(t.begin('203.0.113.7', name)).finish(true);
    // Five attempts started at once (none finished yet) fill the window…
    const inFlight = Array.from({ length: 5 }, (_, i) => allowed(t.begin('203.0.113.7', `guess${i}`)));
    expect(t.begin('203.0.113.7', 'a')).toEqual({ allowed: false, retryAfter: 60 });
    // …and failures keep it full: giving back is for successes only.
    for (const gate of inFlight) gate.finish(false);
    advance(30_000);
    expect(t.begin('203.0.113.7', 'a')).toEqual({ allowed: false, retryAfter: 30 });
    // Other addresses are not affected.
    expect(t.begin('203.0.113.8', 'a').allowed).toBe(true);
    advance(30_000);
    expect(t.begin('203.0.113.7', 'a').allowed).toBe(true);
  });
});
