/**
 * A real library in a temp directory, filled through the real ingest pipeline, and a small Hono
 * app that sets what the HTTP layer's middleware would (library, user, csrfToken) and mounts
 * webPages(). `x-test-user: NAME` on a request signs it in as NAME (an admin with `x-test-admin: 1`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { loadConfig } from '../../core/config.js';
import type { AppEnv } from '../app-env.js';
import { startIngest } from '../../ingest/pipeline.js';
import { Library } from '../../library/library.js';
import { webPages } from '../pages.js';
import { makeServices } from '../services.js';

export const CSRF = 'test-csrf-token';
export const FIXTURES = new URL('../fixtures/', import.meta.url);
export const fixturePath = (name: string): string => new URL(name, FIXTURES).pathname;

export interface WebFixture {
  dir: string;
  library: Library;
  app: Hono<AppEnv>;
  /** GET a path; returns status, headers and body text. */
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }>;
  /** Writes a file in the temp directory; returns its path. */
  write(name: string, content: string): string;
  ingest(...files: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function webFixture(files: string[] = []): Promise<WebFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-web-'));
  // Today pinned, as the other test libraries do: /ask routes "latest …" questions from it.
  const library = Library.open(loadConfig({ data: path.join(dir, 'lib'), env: { PAPERBOY_TODAY: '2024-07-01' } }));
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('library', library);
    const name = c.req.header('x-test-user');
    c.set('user', name ? { id: 1, name, admin: c.req.header('x-test-admin') === '1' } : undefined);
    c.set('csrfToken', CSRF);
    await next();
  });
  app.route('/', webPages(makeServices(library)));
  const fixture: WebFixture = {
    dir,
    library,
    app,
    async get(pathAndQuery, headers = {}) {
      const res = await app.request(pathAndQuery, { headers });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    write(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    async ingest(...inputs) {
      const session = await startIngest(library.store);
      for (const input of inputs) {
        const report = await session.ingest(input, { today: '2024-07-01', thread: false });
        if (report.error) throw new Error(`${input}: ${report.error.message}`);
      }
      await session.finish();
    },
    async close() {
      await library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (files.length) await fixture.ingest(...files);
  return fixture;
}

/**
 * Problems with a page's markup that would let data run script: inline <script> (one without
 * src), `on*=` event attributes on real tags, javascript: URLs in href/src/action, raw tags that
 * only come from paper data.
 */
export function unsafeMarkup(page: string): string[] {
  const problems: string[] = [];
  for (const m of page.matchAll(/<script\b([^>]*)>/gi)) {
    if (!/\ssrc="\/assets\/[^"]+"/.test(m[1]!)) problems.push(`inline script: ${m[0]}`);
  }
  for (const m of page.matchAll(/<[a-zA-Z][^<>]*>/g)) {
    const attrs = m[0].replace(/"[^"]*"|'[^']*'/g, '""');
    if (/\son[a-z]+\s*=/i.test(attrs)) problems.push(`event handler attribute: ${m[0]}`);
    if (/\s(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|data|vbscript):/i.test(m[0])) problems.push(`script URL: ${m[0]}`);
    if (/^<img\b/i.test(m[0])) problems.push(`raw img from data: ${m[0]}`);
  }
  if (/<script>alert/i.test(page)) problems.push('raw <script> from data');
  return problems;
}
