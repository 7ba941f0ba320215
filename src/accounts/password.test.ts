import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, verifyPassword } from './password.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores scrypt parameters and a per-user salt with the hash, and verifies', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('defaults to N=2^15, r=8, p=1', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    const h = await hashPassword('a long enough password');
    expect(h.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('a long enough password', h)).toBe(true);
  });

  it('refuses unreadable or absurd stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$3$8$1$c2FsdA$aGFzaA', 'scrypt$1073741824$8$1$c2FsdA$aGFzaA', 'bcrypt$1$2$3$4$5']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('asks for 8 to 1024 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most/);
    expect(passwordProblem('long enough')).toBeUndefined();
  });
});
