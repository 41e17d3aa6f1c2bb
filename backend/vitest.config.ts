import { defineConfig } from 'vitest/config';

// One real database per test file, copied from a template migrated once in global
// setup (SQLite file copy, or PostgreSQL CREATE DATABASE … TEMPLATE).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.VITEST_JSON_REPORT ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]] : ['default'],
  },
});
