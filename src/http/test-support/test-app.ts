/** A real library in a temp dir, the app over it, and helpers to call it as a browser or a script would. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { createApiToken } from '../../accounts/api-tokens.js';
import { addUser } from '../../accounts/users.js';
import { loadConfig } from '../../core/config.js';
import { startIngest } from '../../ingest/pipeline.js';
import { Library } from '../../library/library.js';
import type { AppEnv } from '../app-env.js';
import { createApp, type AppOptions } from '../app.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Cheap scrypt parameters for test users (stored with the hash, so verification uses them). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export interface TestEnv {
  dir: string;
  library: Library;
  app: Hono<AppEnv>;
  reopen(options?: AppOptions): Promise<void>;
  close(): Promise<void>;
}

export function openLibrary(dir: string, env: NodeJS.ProcessEnv = {}): Library {
  return Library.open(loadConfig({ data: dir, env: { PAPERBOY_TODAY: '2024-05-10', PAPERBOY_TRUST_PROXY: '1', ...env } }));
}

export async function testEnv(options: { env?: NodeJS.ProcessEnv; app?: AppOptions; fixtures?: string[] } = {}): Promise<TestEnv> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-http-'));
  const library = openLibrary(dir, options.env);
  const session = await startIngest(library.store);
  for (const f of options.fixtures ?? ['daily.jsonl']) {
    await session.ingest(path.join(FIXTURES, f), { today: '2024-05-10', thread: false });
  }
  await session.finish();
  const t: TestEnv = {
    dir,
    library,
    app: createApp(library, { ingestThread: false, ...options.app }),
    async reopen(appOptions) {
      await t.library.close();
      t.library = openLibrary(dir, options.env);
      t.app = createApp(t.library, { ingestThread: false, ...appOptions });
    },
    async close() {
      await t.library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export async function addTestUser(library: Library, name: string, password = 'correct horse battery', admin = false) {
  return addUser(library.store, { name, password, admin }, TEST_SCRYPT);
}

export async function tokenFor(library: Library, userId: number): Promise<string> {
  return (await createApiToken(library.store, userId, 'test')).token;
}

/** A tiny cookie jar: what a browser would send back. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  private static next = 1;
  /** Each browser its own client address, so rate limits do not leak between tests. */
  readonly ip = `10.0.${Math.floor(Browser.next / 250)}.${Browser.next++ % 250}`;

  constructor(private readonly env: () => TestEnv) {}

  async request(pathname: string, init: RequestInit & { json?: unknown; form?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.ip);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const res = await this.env().app.request(pathname, { ...init, headers, ...(body !== undefined ? { body } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, v] = pair!.split('=') as [string, string];
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return res;
  }

  /** GET /api/auth/me: picks up the CSRF token (and the pre-sign-in cookie). */
  async refreshCsrf(): Promise<string> {
    const me = (await (await this.request('/api/auth/me')).json()) as { csrfToken: string };
    this.csrf = me.csrfToken;
    return this.csrf;
  }

  async login(name: string, password = 'correct horse battery'): Promise<Response> {
    await this.refreshCsrf();
    const res = await this.request('/api/auth/login', { method: 'POST', json: { name, password }, headers: { 'x-csrf-token': this.csrf } });
    if (res.ok) this.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
