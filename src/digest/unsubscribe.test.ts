/** Unsubscribe links never name another reader's subscription, old links included (SQLite reused ids before schema 5). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csrfSecret, signedToken } from '../accounts/csrf.js';
import { createApp } from '../http/app.js';
import { addTestUser, openLibrary } from '../http/test-support/test-app.js';
import type { Library } from '../library/library.js';
import { VERSION_4_REUSED_IDS, createLibraryAtVersion, runSql } from '../store/test-support/library-at-version.js';
import { digestLinks } from './digest-links.js';
import { subscribe } from './subscriptions.js';

let dir: string;
let library: Library;

afterEach(async () => {
  await library.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(prepare?: (dir: string) => void) {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-unsubscribe-'));
  prepare?.(dir);
  library = openLibrary(dir);
  const app = createApp(library, { ingestThread: false });
  const post = (token: string) => app.request(`/unsubscribe?token=${token}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
  return { app, post };
}

describe('unsubscribe links', () => {
  it('from digests sent before the upgrade (the id signed alone): still work, unless the id has since named another reader\'s subscription', async () => {
    const { app, post } = open((d) => createLibraryAtVersion(d, 4, VERSION_4_REUSED_IDS));
    const secret = await csrfSecret(library.store);
    // What paperboy put in digests before: s<id>, signed alone.
    const oldLink = (id: number) => `s${id}.${signedToken(secret, 'unsubscribe', `s${id}`)}`;

    // ada's subscription 2 went out in a digest; SQLite then gave 2 to bob's subscription.
    const reused = await app.request(`/unsubscribe?token=${oldLink(2)}`);
    const page = await reused.text();
    expect(reused.status).toBe(403);
    expect(page).not.toContain('private topic of bob');
    expect(page).toMatch(/no longer works/);
    expect((await post(oldLink(2))).status).toBe(403);
    expect((await library.store.listSubscriptions(2)).map((s) => s.value)).toEqual(['private topic of bob']);

    // ada's subscription 1 was never reused: its old link still works.
    expect(await (await app.request(`/unsubscribe?token=${oldLink(1)}`)).text()).toMatch(/dense retrieval/);
    expect(await (await post(oldLink(1))).text()).toMatch(/You are unsubscribed from/);
    expect(await library.store.listSubscriptions(1)).toEqual([]);
  });

  it('sign the owner: a link whose subscription now belongs to another reader neither shows nor removes it', async () => {
    const { app, post } = open();
    const ada = await addTestUser(library, 'ada');
    const bob = await addTestUser(library, 'bob');
    const sub = await subscribe(library.store, { userId: ada.id, kind: 'search', value: 'private topic' });
    const link = (await digestLinks(library.store, '')).unsubscribe({ kind: 'subscription', id: sub.id, userId: ada.id });
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    expect(await (await app.request(link)).text()).toMatch(/private topic/);

    // What a reused id did before schema 5: the row under this id is now bob's.
    runSql(dir, `UPDATE subscriptions SET user = ${bob.id} WHERE id = ${sub.id}`);
    const page = await (await app.request(link)).text();
    expect(page).not.toContain('private topic');
    expect(page).toMatch(/Already unsubscribed/);
    expect(await (await post(token)).text()).toMatch(/already unsubscribed/);
    expect((await library.store.listSubscriptions(bob.id)).map((s) => s.value)).toEqual(['private topic']);
  });
});
