/**
 * The topic pages in a real browser: no console message, page error or CSP violation on any of
 * them, and the map's dots open their papers. (docs/screenshots/topics.png and map.png are of
 * the 74,724-paper arXiv library, taken the same way by hand.) The fixture's 31 papers are on 31
 * subjects, which do not split into topics above chance, so three themes of ten papers each join
 * them (topics/test-support/theme-corpus.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themeCorpus } from '../topics/test-support/theme-corpus.js';
import { CHROMIUM, FIXTURE, hasChromium, launchChromium, newContext, newProblems, startServer, type TestServer } from './e2e-support.js';

if (!hasChromium) console.warn(`e2e: ${CHROMIUM} is absent; skipping the topic pages in a browser`);

describe.skipIf(!hasChromium)('topic pages in Chromium', () => {
  const problems = newProblems();
  let browser: Browser;
  let server: TestServer;
  let page: Page;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-e2e-themes-'));

  beforeAll(async () => {
    const themes = path.join(dir, 'themes.jsonl');
    writeFileSync(themes, themeCorpus(10).map(({ arxivId, ...r }) => JSON.stringify({ id: arxivId, ...r })).join('\n'));
    [browser, server] = await Promise.all([launchChromium(), startServer([FIXTURE, themes])]);
    await server.library.topics({ wait: true });
    page = await (await newContext(browser, problems)).newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('render /topics, a topic, /map and /trending cleanly, and a map dot opens its paper', async () => {
    for (const path of ['/topics', '/map', '/trending']) expect((await page.goto(server.url + path))?.status(), path).toBe(200);
    await page.goto(`${server.url}/topics`);
    const topics = page.locator('a.topic-label');
    expect(await topics.count()).toBeGreaterThanOrEqual(2);
    await topics.first().click();
    await page.waitForURL(/\/topics\/[^/]+$/);
    expect(await page.locator('svg.trend-chart').count()).toBe(1);
    await page.goto(`${server.url}/map`);
    // The last dot is drawn on top of any it overlaps.
    const dot = page.locator('svg.topic-map a').last();
    const title = await dot.locator('title').textContent();
    expect(title).toBeTruthy();
    await dot.locator('circle').click();
    await page.waitForURL(/\/paper\//);
    expect(await page.locator('h1').first().textContent()).toContain(title!.slice(0, 20));
    expect(problems).toEqual(newProblems());
  }, 60_000);
});
