/**
 * End-to-end support: a real paperboy server (the HTTP app over a library in a temp directory,
 * filled through the real ingest pipeline) listening on loopback, and Debian's Chromium driven by
 * playwright-core. Pages opened with `openPage` record every console message, page error, CSP
 * violation and dialog, so a test can assert the browser saw none.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { addUser } from '../accounts/users.js';
import { loadConfig } from '../core/config.js';
import { createApp } from '../http/app.js';
import { startIngest } from '../ingest/pipeline.js';
import { Library } from '../library/library.js';
import type { PageDocument } from './page-globals.js';

declare const document: PageDocument;

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const FIXTURE = fileURLToPath(new URL('./fixtures/papers.jsonl', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export const USER = { name: 'reader', password: 'correct horse battery staple' };

export interface TestServer {
  url: string;
  library: Library;
  close(): Promise<void>;
}

/** A library in a temp dir holding `files` (ingested as the CLI would), served on 127.0.0.1. */
export async function startServer(files: string[], options: { user?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-e2e-'));
  const library = Library.open(loadConfig({ data: path.join(dir, 'lib'), env: { PAPERBOY_TODAY: '2025-06-06' } }));
  if (files.length) {
    const session = await startIngest(library.store);
    for (const file of files) {
      const report = await session.ingest(file, { today: '2025-06-06', thread: false });
      if (report.error) throw new Error(`${file}: ${report.error.message}`);
    }
    await session.finish();
  }
  // Cheap scrypt parameters: they are stored with the hash, so sign-in uses the same.
  if (options.user) await addUser(library.store, { name: USER.name, password: USER.password, admin: false }, { N: 1024, r: 8, p: 1 });
  const app = createApp(library, { ingestThread: false });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    library,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What the browser reported that a clean page never should. */
export interface Problems {
  console: string[];
  pageErrors: string[];
  dialogs: string[];
}

export const newProblems = (): Problems => ({ console: [], pageErrors: [], dialogs: [] });

/** Removes the one console message a test provoked on purpose; fails when it is not there. */
export function expectConsole(problems: Problems, pattern: RegExp): void {
  const i = problems.console.findIndex((m) => pattern.test(m));
  if (i < 0) throw new Error(`expected a console message matching ${pattern}; got ${JSON.stringify(problems.console)}`);
  problems.console.splice(i, 1);
}

/**
 * A context with a listener in every page that turns CSP violations into console errors (Chromium
 * logs most of them anyway; this catches every one), and every console message, page error and
 * dialog recorded in `problems`. Dialogs are dismissed so a stray alert cannot hang a test.
 */
export async function newContext(browser: Browser, problems: Problems, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('page', (page) => watch(page, problems));
  return context;
}

function watch(page: Page, problems: Problems): void {
  page.on('console', (msg) => problems.console.push(`${msg.type()}: ${msg.text()} (${page.url()})`));
  page.on('pageerror', (err) => problems.pageErrors.push(`${err.message} (${page.url()})`));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()} (${page.url()})`);
    void dialog.dismiss().catch(() => undefined);
  });
}

export const screenshotPath = (name: string): string => path.join(SCREENSHOTS, `${name}.png`);
