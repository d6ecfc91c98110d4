import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The PostgreSQL file runs only with a server (npm test runs it through with-postgres.mjs), so
    // the plain run does not list it as skipped.
    exclude: process.env.DATABASE_URL ? [] : ["test/postgres.test.ts", "**/node_modules/**"],
    // Each file starts its own chain and indexer: run them one after the other (2 cores shared).
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
