import { defineConfig } from 'vitest/config';

// Every database test runs twice: on a fresh SQLite file and on a real PostgreSQL server.
// Pure unit tests (*.unit.test.ts) run once; browser tests drive Debian's Chromium; api-contract runs
// last and checks the /api/v1 answers the other two saw against the OpenAPI document.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '#jsx' } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/browser/**', 'test/contract/**'],
          env: { RIGENERA_TEST_DB: 'sqlite', RIGENERA_API_OBSERVE: '1' },
          setupFiles: ['test/support/api-observed-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/browser/**', 'test/contract/**', 'test/**/*.unit.test.ts', 'test/**/*.unit.test.tsx'],
          env: { RIGENERA_TEST_DB: 'postgres', RIGENERA_API_OBSERVE: '1' },
          globalSetup: ['test/support/postgres-global.ts'],
          setupFiles: ['test/support/api-observed-setup.ts'],
        },
      },
      {
        // After the sqlite and postgres projects (group 0): compares what they saw of /api/v1 with
        // the OpenAPI document. Its global setup clears the observations before anything runs.
        extends: true,
        test: {
          name: 'api-contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/support/api-observed-global.ts'],
          sequence: { groupOrder: 1 },
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
