import { defineConfig } from 'vitest/config';

// Every database test runs twice: on a fresh SQLite file and on a real PostgreSQL server.
// Pure unit tests (*.unit.test.ts) run once; browser tests drive Debian's Chromium.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/browser/**'],
          env: { RIGENERA_TEST_DB: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/browser/**', 'test/**/*.unit.test.ts'],
          env: { RIGENERA_TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { RIGENERA_TEST_DB: 'sqlite' },
          testTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
