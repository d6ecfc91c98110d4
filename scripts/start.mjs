// `npm start`: brings the local system up. Today that is the local chain with the market
// contracts deployed and seeded (contracts/scripts/chain.ts); the indexer, agents and web app
// join it as they land. Ctrl-C stops everything.
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Build what the chain script imports (the mandate package, the contracts); turbo skips what is
// up to date, so later starts pass through in a second or two.
console.log("[mandate] building the workspace (cached after the first run)…");
const build = spawnSync(
  join(root, "node_modules", ".bin", "turbo"),
  ["run", "build", "--output-logs=errors-only"],
  { cwd: root, stdio: "inherit" },
);
if (build.status !== 0) {
  console.error(`[mandate] the build failed (exit code ${build.status}); see the errors above.`);
  process.exit(build.status ?? 1);
}
// The chain script is started directly (not through `npm run`, which does not forward signals),
// so a SIGINT or SIGTERM sent to this process alone also stops the node.
const child = spawn(process.execPath, ["scripts/chain.ts"], {
  cwd: join(root, "contracts"),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
