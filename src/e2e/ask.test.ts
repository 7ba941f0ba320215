/**
 * Asking in a real browser: the library page's ask box streams an answer (app.js reading
 * /api/ask's server-sent events), a citation mark shows its quote on hover and on keyboard focus
 * and opens the paper at the cited sentence; the paper page's box answers from that paper; without
 * JavaScript the same boxes load the server-rendered answer page. Saves docs/screenshots/ask.png
 * and ask-paper.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, hasChromium, launchChromium, newContext, newProblems, screenshotPath, startServer, type TestServer } from './e2e-support.js';
import type { GetComputedStyle, PageDocument } from './page-globals.js';

declare const document: PageDocument;
declare const getComputedStyle: GetComputedStyle;

const ASK_PAPERS = fileURLToPath(new URL('../http/fixtures/ask-papers.jsonl', import.meta.url));
const QUESTION = 'What do solar sails use for propulsion?';
const QUOTE = 'Solar sails use the radiation pressure of sunlight for propulsion.';

if (!hasChromium) console.warn(`e2e: ${CHROMIUM} is absent; skipping the ask browser tests`);

describe.skipIf(!hasChromium)('asking in Chromium', () => {
  const problems = newProblems();
  let browser: Browser;
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;

  const go = async (p: Page, path: string) => {
    const res = await p.goto(server.url + path, { waitUntil: 'load' });
    expect(res?.status(), path).toBe(200);
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchChromium(), startServer([ASK_PAPERS])]);
    context = await newContext(browser, problems);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the library page: the answer streams in, marks show their quote on hover and focus, a click opens the sentence', async () => {
    await go(page, '/library');
    let documentLoads = 0;
    page.on('load', () => documentLoads++);
    await page.locator('#ask-q').fill(QUESTION);
    await page.locator('#ask-q').press('Enter');
    await page.locator('#ask-result .sources').waitFor();
    // Streamed into this page: no navigation happened.
    expect(documentLoads).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/library');
    expect(await page.locator('#ask-result .question').textContent()).toBe(QUESTION);
    expect(await page.locator('#ask-result .why').textContent()).not.toBe('Planning…');
    const mark = page.locator('#ask-result .cite').first();
    expect(await mark.textContent()).toBe('[1]');
    expect(await mark.getAttribute('href')).toBe('/paper/2405.20001#s-0');
    const tip = page.locator('#ask-result .cite-tip').first();
    expect(await tip.isVisible()).toBe(false);
    await mark.hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe(`“${QUOTE}”`);
    await page.screenshot({ path: screenshotPath('ask'), animations: 'disabled' });
    // Keyboard: the tooltip follows focus too.
    await page.mouse.move(0, 0);
    await expect.poll(() => tip.isVisible()).toBe(false);
    await mark.focus();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await mark.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    await mark.press('Enter');
    await page.waitForURL(`${server.url}/paper/2405.20001#s-0`);
    const target = page.locator('#s-0');
    expect(await target.textContent()).toBe(QUOTE);
    // The cited sentence is highlighted (:target), its neighbours are not.
    const background = (id: string) => page.evaluate((i) => getComputedStyle([...document.querySelectorAll(`#${i}`)][0]!).backgroundColor, id);
    expect(await background('s-0')).not.toBe('rgba(0, 0, 0, 0)');
    expect(await background('s-1')).toBe('rgba(0, 0, 0, 0)');
  });

  it('the paper page: "Ask about this paper" answers from that paper only', async () => {
    await go(page, '/paper/2405.20002');
    await page.locator('#ask-q').fill('How is the distance to the food encoded?');
    await page.locator('#ask-q').press('Enter');
    await page.locator('#ask-result .engine').waitFor();
    await page.screenshot({ path: screenshotPath('ask-paper'), animations: 'disabled' });
    const hrefs = await page.locator('#ask-result .cite').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^\/paper\/2405\.20002#s-\d$/);
  });

  it('an unanswerable question: the answer says so and links the closest papers', async () => {
    await go(page, '/ask');
    await page.locator('#ask-q').fill('What is the boiling point of liquid nitrogen at high altitude?');
    await page.locator('#ask-q').press('Enter');
    await page.locator('#ask-result .abstained').waitFor();
    expect(await page.locator('#ask-result .abstained h2').textContent()).toBe('No answer: the library does not say');
    expect(await page.locator('#ask-result .cite').count()).toBe(0);
    const closest = await page.locator('#ask-result .note a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(closest.length).toBeGreaterThan(0);
    for (const href of closest) expect(href).toMatch(/^\/paper\/2405\.2000\d$/);
    expect(new URL(page.url()).search).toBe('?q=What+is+the+boiling+point+of+liquid+nitrogen+at+high+altitude%3F');
  });

  it('without JavaScript the box loads the answer page', async () => {
    const plain = await newContext(browser, problems, { javaScriptEnabled: false });
    try {
      const p = await plain.newPage();
      await go(p, '/library');
      await p.locator('#ask-q').fill(QUESTION);
      await Promise.all([p.waitForURL(/\/ask\?q=/), p.locator('#ask-q').press('Enter')]);
      expect(await p.locator('.answer .question').textContent()).toBe(QUESTION);
      expect(await p.locator('.answer .cite').first().getAttribute('href')).toBe('/paper/2405.20001#s-0');
      expect(await p.locator('.sources q').first().textContent()).toBe(QUOTE);
    } finally {
      await plain.close();
    }
  });

  it('the browser reported no console messages, page errors, CSP violations or dialogs', () => {
    expect(problems).toEqual({ console: [], pageErrors: [], dialogs: [] });
  });
});
