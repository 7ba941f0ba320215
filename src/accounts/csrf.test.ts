import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { csrfSecret, csrfToken, csrfTokenMatches } from './csrf.js';

describe('CSRF tokens', () => {
  it('derive from the session with a secret kept in the library', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-csrf-'));
    const store = SqliteStore.open(dir);
    try {
      const secret = await csrfSecret(store);
      expect(await csrfSecret(store)).toBe(secret);
      const token = csrfToken(secret, 'session', 'sid-1');
      expect(csrfTokenMatches(token, token)).toBe(true);
      expect(csrfTokenMatches(token, csrfToken(secret, 'session', 'sid-2'))).toBe(false);
      expect(csrfTokenMatches(token, csrfToken(secret, 'anonymous', 'sid-1'))).toBe(false);
      expect(csrfTokenMatches(token, undefined)).toBe(false);
      expect(csrfTokenMatches(token, 'short')).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
