import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Three files each start a local chain (a Hardhat node and a deployment): one at a time.
    fileParallelism: false,
  },
});
