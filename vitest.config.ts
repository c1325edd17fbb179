import { defineConfig } from 'vitest/config';

// Unit and compatibility tests only; Playwright specs in e2e/ are run by Playwright itself.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
