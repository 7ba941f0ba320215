import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // CLI tests spawn real processes; on a loaded 2-core machine one took 42 s. Speed is judged by benchmarks, not here.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
