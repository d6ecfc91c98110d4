import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = dirname(fileURLToPath(import.meta.url));

const nextConfig: NextConfig = {
  // The summary of a proposal is computed on the server with the AI delegate's own decoder and
  // offline engine (@mandate/delegate). That package also carries the delegate's database drivers
  // (PGlite, pg) and the OpenAI client: load them from node_modules at run time, never bundle them.
  serverExternalPackages: ["@mandate/delegate", "@electric-sql/pglite", "pg", "openai"],
  // The repository is an npm-workspaces monorepo: trace and resolve from its root.
  outputFileTracingRoot: join(here, "..", ".."),
  turbopack: { root: join(here, "..", "..") },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
