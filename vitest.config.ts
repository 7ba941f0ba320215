import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // Tests that spawn the CLI pay a tsx start per run: on a loaded 2-core machine one spawn took
    // 3-5 s, so the digest CLI test (17 spawns) ran past 60 s and others took 30-40 s.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default: little for a loaded machine driving Chromium (a
    // click or keystroke, a fetch, a re-render). 10 s, as the e2e tests give Playwright; a poll
    // that succeeds returns as soon as it does.
    expect: { poll: { timeout: 10_000 } },
  },
});
