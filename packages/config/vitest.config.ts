import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Web3 Secret Storage vectors use the standard scrypt/pbkdf2 costs (about a second each).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
