import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Component and unit tests: jsdom, React's automatic JSX runtime through Vite's own transform
// (oxc in Vite 8; no @vitejs/plugin-react).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  resolve: {
    alias: {
      "@/": here("./"),
      "server-only": here("./test/stubs/server-only.ts"),
    },
  },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 20_000,
  },
});
