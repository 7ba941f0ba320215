/**
 * The web app end to end in a real browser: Debian's Chromium (playwright-core) against a real
 * server on loopback over a library filled through the real ingest pipeline. Every console
 * message, page error, CSP violation and dialog across all tests is collected and must be none.
 * Also saves the screenshots in docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  FIXTURE,
  SCREENSHOTS,
  USER,
  hasChromium,
  launchChromium,
  newContext,
  newProblems,
  expectConsole,
  screenshotPath,
  startServer,
  type TestServer,
} from './e2e-support.js';
import type { GetComputedStyle, PageDocument, PageElement, PageWindow } from './page-globals.js';

// In-page callbacks run in Chromium: its globals, typed loosely (see page-globals.ts).
declare const document: PageDocument;
declare const window: PageWindow;
declare const getComputedStyle: GetComputedStyle;

if (!hasChromium) {
  console.warn(`e2e: ${CHROMIUM} is absent; skipping the browser tests (apt-get install chromium, as .ci/run does)`);
}

const LATEST = { path: '/day/2025-06-05', label: 'Thursday, 5 June 2025', top: 'Scaling Laws for Mixture of Experts Language Models', cards: 7 };
const MATH_PAPER = '/paper/2506.03001';
const XSS_PAPER = '/paper/2506.03003';
const XSS_TITLE = '<img src=x onerror=alert(1)> Robust Parsing of Untrusted Markup';

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  const problems = newProblems();
  let browser: Browser;
  let server: TestServer;
  let anon: BrowserContext;
  let page: Page;

  const go = async (p: Page, path: string) => {
    const res = await p.goto(server.url + path, { waitUntil: 'load' });
    expect(res?.status(), path).toBe(200);
    return res;
  };
  const cardTitles = (p: Page) => p.locator('.card .card-title a').allTextContents();
  const shot = (p: Page, name: string) => p.screenshot({ path: screenshotPath(name), animations: 'disabled' });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchChromium(), startServer([FIXTURE], { user: true })]);
    anon = await newContext(browser, problems);
    page = await anon.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the daily list: the latest day, cards sorted by upvotes, previous and next day', async () => {
    await go(page, '/');
    await expect.poll(() => page.locator('h1').textContent()).toBe(LATEST.label);
    const titles = await cardTitles(page);
    expect(titles).toHaveLength(LATEST.cards);
    expect(titles[0]).toBe(LATEST.top);
    const first = page.locator('.card').first();
    expect(await first.locator('time').getAttribute('datetime')).toBe('2025-06-05');
    expect(await first.locator('.authors').textContent()).toContain('Isabel Torres');
    expect(await first.locator('.cat').allTextContents()).toEqual(['cs.LG', 'cs.CL']);
    expect(await first.locator('.upvote .count').textContent()).toBe('61');
    const counts = (await page.locator('.card .upvote .count').allTextContents()).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // The latest day has no next; the previous day is the day before.
    expect(await page.locator('a[rel="next"]').count()).toBe(0);
    await shot(page, 'daily-light');

    await page.locator('a[rel="prev"]').first().click();
    await page.waitForURL('**/day/2025-06-04');
    expect(await page.locator('h1').textContent()).toBe('Wednesday, 4 June 2025');
    const mathCard = page.locator('.card', { hasText: 'Sorting-Based Sparse Transformers' });
    expect(await mathCard.locator('.card-title .katex').count()).toBe(1);
    await page.locator('a[rel="next"]').first().click();
    await page.waitForURL(`**${LATEST.path}`);
    expect(await page.locator('h1').textContent()).toBe(LATEST.label);

    // Across the gap: 2 June's previous day is 27 May.
    await go(page, '/day/2025-06-02');
    await page.locator('a[rel="prev"]').first().click();
    await page.waitForURL('**/day/2025-05-27');
    expect(await cardTitles(page)).toEqual([
      'A Survey of Retrieval-Augmented Generation Evaluation',
      'Sparse Attention Without Regret: Linear-Time Transformers for Long Documents',
      'Counting Photons with Graph Neural Networks',
    ]);
    await page.locator('a[rel="next"]').first().click();
    await page.waitForURL('**/day/2025-06-02');
  });

  it('the daily list counts its papers, filters by category, and has a compact view that it remembers', async () => {
    await go(page, LATEST.path);
    expect(await page.locator('.period-count').textContent()).toBe(`${LATEST.cards} papers on this day`);
    const chip = page.locator('.category-filter a', { hasText: 'cs.CL' });
    const inCl = Number(await chip.locator('.n').textContent());
    await Promise.all([page.waitForURL('**category=cs.CL'), chip.click()]);
    expect(await cardTitles(page)).toHaveLength(inCl);
    expect(await page.locator('.period-count').textContent()).toBe(`${inCl} ${inCl === 1 ? 'paper' : 'papers'} in cs.CL on this day`);
    await go(page, LATEST.path);
    const cardsHeight = (await page.locator('.cards').boundingBox())!.height;
    await Promise.all([page.waitForURL('**view=list'), page.locator('.view-switch a', { hasText: 'List' }).click()]);
    expect(await page.locator('.card').count()).toBe(0);
    expect(await page.locator('ol.rows li.row').count()).toBe(LATEST.cards);
    // Denser: the same papers take well under half the height.
    expect((await page.locator('ol.rows').boundingBox())!.height).toBeLessThan(cardsHeight / 2);
    await shot(page, 'daily-list');
    // Remembered: the next page without the parameter is a list too, until cards are chosen.
    await go(page, '/search?q=sparse');
    expect(await page.locator('ol.rows li.row').count()).toBeGreaterThan(0);
    await go(page, `${LATEST.path}?view=cards`);
    expect(await page.locator('.card').count()).toBe(LATEST.cards);
  });

  it('/ focuses the search box; a search from the daily list opens the results page', async () => {
    await go(page, '/');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('retrieval');
    await Promise.all([page.waitForURL('**/search?q=retrieval'), page.keyboard.press('Enter')]);
    expect(await page.locator('#q').inputValue()).toBe('retrieval');
    const titles = await cardTitles(page);
    expect(titles.length).toBeGreaterThanOrEqual(3);
    expect(titles).toContain('Dense Retrieval for Scientific Claim Verification');
    expect((await page.locator('#results mark').allTextContents()).map((m) => m.toLowerCase())).toContain('retrieval');
  });

  it('results as you type: the fragment is swapped in without a page load, terms highlighted', async () => {
    await go(page, '/search');
    expect(await page.locator('#results .card').count()).toBe(0);
    // history.replaceState counts as a (same-document) navigation; a page load fires `load`.
    let loads = 0;
    const onLoad = () => loads++;
    page.on('load', onLoad);
    await page.evaluate(() => (window.marker = 42));
    await page.locator('#q').pressSequentially('diffusion', { delay: 20 });
    await page.locator('#results .card').first().waitFor();
    await expect.poll(() => cardTitles(page)).toEqual(expect.arrayContaining(['Video Diffusion with Temporal Consistency Guidance', 'Diffusion Language Models Are Efficient Planners']));
    expect((await page.locator('#results mark').allTextContents()).map((m) => m.toLowerCase())).toContain('diffusion');
    await page.waitForURL('**/search?q=diffusion');
    await shot(page, 'search');

    // Narrow it: the list updates again, best match first.
    await page.locator('#q').pressSequentially(' protein backbone', { delay: 20 });
    await expect.poll(async () => (await cardTitles(page))[0]).toBe('Diffusion Models for Protein Backbone Generation at Scale');
    await page.waitForURL('**/search?q=diffusion+protein+backbone');
    expect(await page.evaluate(() => window.marker)).toBe(42);
    page.off('load', onLoad);
    expect(loads).toBe(0);
  });

  it('a paper page renders its math with KaTeX, visibly, with KaTeX fonts loaded', async () => {
    await go(page, MATH_PAPER);
    const title = page.locator('h1.paper-title');
    expect(await title.textContent()).toContain('Sorting-Based Sparse Transformers');
    expect(await title.locator('.katex').count()).toBe(1);
    const abstract = page.locator('.abstract-full .tex');
    const math = abstract.locator('.katex');
    expect(await math.count()).toBeGreaterThanOrEqual(6);
    expect(await abstract.locator('.katex-display').count()).toBe(1);
    // No TeX source left in the visible text; \textbf became <strong>.
    const visible = await abstract.evaluate((el) => {
      const clone = (el as unknown as PageElement).cloneNode(true);
      clone.querySelectorAll('.katex-mathml').forEach((m) => m.remove());
      return clone.textContent ?? '';
    });
    expect(visible).not.toMatch(/\$|\\mathcal|\\frac|\\textbf/);
    expect(await abstract.locator('strong').textContent()).toBe('Sorting attention');
    // \mathcal{O}(n^2), x_i^2 and \frac{a}{b} are laid out (a fraction, a sub/superscript) and on screen.
    expect(await abstract.locator('.katex .mfrac').count()).toBeGreaterThanOrEqual(1);
    expect(await abstract.locator('.katex .msupsub').count()).toBeGreaterThanOrEqual(2);
    expect(await abstract.locator('.katex .mathcal').count()).toBeGreaterThanOrEqual(1);
    const viewport = page.viewportSize()!;
    for (const i of [0, 1]) {
      const box = await math.nth(i).boundingBox();
      expect(box, `math ${i}`).not.toBeNull();
      expect(box!.width).toBeGreaterThan(5);
      expect(box!.height).toBeGreaterThan(5);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      expect(await math.nth(i).isVisible()).toBe(true);
    }
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').map((f) => f.family);
    });
    expect(fonts).toContain('KaTeX_Main');
    expect(fonts).toContain('KaTeX_Caligraphic');
    await shot(page, 'paper');
  });

  it('the library page', async () => {
    await go(page, '/library');
    expect(await page.locator('.counts dt').allTextContents()).toContain('Papers');
    expect(await page.locator('.counts div', { hasText: 'Papers' }).locator('dd').textContent()).toBe('31');
    expect(await page.locator('td.file').allTextContents()).toEqual([expect.stringMatching(/papers\.jsonl$/)]);
    await shot(page, 'library');
  });

  it('keyboard: j and k move between cards, Enter opens one, Escape leaves the search box', async () => {
    await go(page, LATEST.path);
    const current = () => page.evaluate(() => [...document.querySelectorAll('[data-card]')].findIndex((c) => c.classList.contains('current')));
    const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href'));
    const hrefs = await page.locator('.card .card-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await page.keyboard.press('j');
    expect(await current()).toBe(0);
    expect(await focusedHref()).toBe(hrefs[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await current()).toBe(2);
    expect(await focusedHref()).toBe(hrefs[2]);
    await page.keyboard.press('k');
    expect(await current()).toBe(1);
    expect(await focusedHref()).toBe(hrefs[1]);
    // Typing in the search box is not navigation.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.press('j');
    expect(await page.locator('#q').inputValue()).toBe('j');
    expect(await current()).toBe(1);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('q');
    await page.keyboard.press('j');
    expect(await current()).toBe(2);
    await Promise.all([page.waitForURL(`**${hrefs[2]!}`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1.paper-title').count()).toBe(1);
  });

  describe('signed in', () => {
    let signedIn: BrowserContext;
    let p: Page;
    const PAPER = '/paper/2506.04003';

    beforeAll(async () => {
      signedIn = await newContext(browser, problems);
      p = await signedIn.newPage();
      p.setDefaultTimeout(10_000);
    });
    afterAll(async () => {
      await signedIn?.close();
    });

    it('signs in through the login form (a wrong password first) and comes back', async () => {
      await go(p, LATEST.path);
      expect(await p.locator('.upvote').first().evaluate((el) => el.tagName)).toBe('A');
      await Promise.all([p.waitForURL('**/login?next=*'), p.locator('header a.account', { hasText: 'Sign in' }).click()]);
      await p.locator('#login-name').fill(USER.name);
      await p.locator('#login-password').fill('not the password');
      await Promise.all([p.waitForURL('**/login?error=1*'), p.locator('.login-form button[type="submit"]').click()]);
      expect(await p.locator('.login .error').textContent()).toContain('do not match');
      // The failed sign-in page is answered 401, which Chromium logs: expected here, once.
      expectConsole(problems, /status of 401 .*\/login\?error=1/);
      await p.locator('#login-name').fill(USER.name);
      await p.locator('#login-password').fill(USER.password);
      await Promise.all([p.waitForURL(`**${LATEST.path}`), p.locator('.login-form button[type="submit"]').click()]);
      expect(await p.locator('.signed-in').textContent()).toBe(`Signed in as ${USER.name}`);
      expect(await p.locator('form.upvote').count()).toBe(LATEST.cards);
      // Signed in, the account is a menu, so the header keeps its rows: one on a desktop; on a
      // phone, as many as signed out (the bar, then the scrolling nav), and nothing overflows.
      const headerHeight = async (q: Page) => (await q.locator('header.site').boundingBox())!.height;
      for (const width of [1280, 375]) {
        await p.setViewportSize({ width, height: 800 });
        await page.setViewportSize({ width, height: 800 });
        await go(p, LATEST.path);
        await go(page, LATEST.path);
        expect(await headerHeight(p), `header height at ${width} px`).toBe(await headerHeight(page));
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        if (width === 1280) {
          const tops = await Promise.all((await p.locator('header.site > *').all()).map(async (el) => (await el.boundingBox())!));
          const first = tops[0]!;
          for (const b of tops) expect(b.y < first.y + first.height && first.y < b.y + b.height, 'one row at 1280 px').toBe(true);
        }
      }
      await page.setViewportSize({ width: 1280, height: 720 });
      await p.setViewportSize({ width: 1280, height: 720 });
      await p.locator('details.account summary').click();
      expect(await p.locator('.account-menu a[href="/subscriptions"]').isVisible()).toBe(true);
      expect(await p.locator('.account-menu button', { hasText: 'Sign out' }).isVisible()).toBe(true);
    });

    it('upvotes without a reload; the vote persists; a second click withdraws it', async () => {
      await go(p, LATEST.path);
      const card = p.locator('.card', { has: p.locator(`a[href="${PAPER}"]`) });
      const button = card.locator('.upvote button');
      const count = card.locator('.upvote .count');
      expect(await count.textContent()).toBe('13');
      expect(await button.getAttribute('aria-pressed')).toBe('false');
      await p.evaluate(() => (window.marker = 7));
      await button.click();
      await expect.poll(() => count.textContent()).toBe('14');
      await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
      expect(await p.evaluate(() => window.marker)).toBe(7);

      await p.reload();
      expect(await count.textContent()).toBe('14');
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      expect(await card.locator('form.upvote').getAttribute('class')).toContain('upvoted');

      // The paper page agrees, and clicking again withdraws the vote (the form says up=0 and the
      // button "Withdraw your upvote"; the API withdraws with DELETE /api/papers/:id/upvote).
      await go(p, PAPER);
      const pageCount = p.locator('.actions .upvote .count');
      const pageButton = p.locator('.actions .upvote button');
      expect(await pageCount.textContent()).toBe('14');
      expect(await pageButton.getAttribute('aria-pressed')).toBe('true');
      await pageButton.click();
      await expect.poll(() => pageCount.textContent()).toBe('13');
      await expect.poll(() => pageButton.getAttribute('aria-pressed')).toBe('false');
      await p.reload();
      expect(await pageCount.textContent()).toBe('13');
      expect(await pageButton.getAttribute('aria-pressed')).toBe('false');
    });
  });

  it('the XSS paper: its title is text, no dialog, no javascript: link, no injected element', async () => {
    const dialogs = problems.dialogs.length;
    const check = async (p: Page) => {
      expect(await p.locator('img').count()).toBe(0);
      expect(await p.locator('[onerror]').count()).toBe(0);
      expect(await p.locator('a[href^="javascript:" i], a[href^=" javascript:" i]').count()).toBe(0);
      const hrefs = await p.locator('a[href]').evaluateAll((as) => as.map((a) => (a as unknown as PageElement).protocol));
      expect(hrefs.every((proto) => proto === 'http:' || proto === 'https:')).toBe(true);
      expect(await p.locator('script:not([src])').count()).toBe(0);
    };
    await go(page, '/day/2025-06-04');
    expect(await cardTitles(page)).toContain(XSS_TITLE);
    await check(page);

    await go(page, XSS_PAPER);
    expect(await page.locator('h1.paper-title').textContent()).toBe(XSS_TITLE);
    const abstract = page.locator('.abstract-full .tex');
    // Markup in an abstract is dropped (toPlainText), LaTeX links to anything but http(s) are text.
    expect(await abstract.textContent()).toContain('see click and the project page. We fuzz HTML sanitisers with alert(2) payloads');
    expect(await abstract.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://example.org/robust-parsing']);
    await check(page);

    await go(page, `/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    await check(page);
    await go(page, '/search');
    await page.locator('#q').pressSequentially('untrusted onerror', { delay: 10 });
    await expect.poll(() => cardTitles(page)).toContain(XSS_TITLE);
    await check(page);
    await page.waitForTimeout(200);
    expect(problems.dialogs.length).toBe(dialogs);
  });

  it('dark colour scheme and a phone-width screen', async () => {
    const dark = await newContext(browser, problems, { colorScheme: 'dark' });
    const d = await dark.newPage();
    await go(d, '/');
    expect(await d.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 19, 22)');
    await shot(d, 'daily-dark');
    await dark.close();

    const phone = await newContext(browser, problems, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const m = await phone.newPage();
    await go(m, '/');
    expect(await m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(m, 'daily-phone');
    await go(m, MATH_PAPER);
    expect(await m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(m, 'paper-phone');
    await phone.close();
  });

  describe('an empty library', () => {
    let empty: TestServer;
    beforeAll(async () => {
      empty = await startServer([]);
    });
    afterAll(async () => {
      await empty?.close();
    });

    it('shows the welcome page with how to add papers', async () => {
      const res = await page.goto(`${empty.url}/`);
      expect(res?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('Welcome to paperboy');
      expect(await page.locator('.welcome pre').textContent()).toContain('npx paperboy ingest FILE');
      expect(await page.locator('.card').count()).toBe(0);
      await shot(page, 'welcome');
    });
  });

  it('the harness itself sees a CSP violation (so the check below means something)', async () => {
    await go(page, '/library');
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://example.invalid/pixel.png';
      document.body.append(img);
    });
    await expect.poll(() => problems.console.some((m) => /CSP violation: img-src/.test(m))).toBe(true);
    expectConsole(problems, /CSP violation: img-src/);
    // Chromium's own report of the same refusal.
    await expect.poll(() => problems.console.some((m) => /Content Security Policy/.test(m))).toBe(true);
    expectConsole(problems, /Content Security Policy/);
  });

  it('the browser reported no console messages, page errors, CSP violations or dialogs', () => {
    expect(problems).toEqual({ console: [], pageErrors: [], dialogs: [] });
  });
});
