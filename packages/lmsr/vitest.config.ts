import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // The differential test sets its own, longer timeout.
    testTimeout: 60_000,
  },
});
