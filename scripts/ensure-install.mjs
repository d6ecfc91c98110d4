// Installs the workspace's dependencies when they are missing or stale, so that
// `npm test` and `npm start` work from a fresh clone with only Node and npm.
// Runs under whatever Node starts it (the system Node may be older than 22):
// the pinned Node 22 arrives with the install, in node_modules/.bin.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lock = join(root, "package-lock.json");
const marker = join(root, "node_modules", ".package-lock.json");
const nodeBin = join(root, "node_modules", ".bin", "node");

function stale() {
  if (!existsSync(marker) || !existsSync(nodeBin)) return "dependencies are not installed";
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000)
    return "package-lock.json changed since the last install";
  return null;
}

const reason = stale();
if (reason) {
  // `npm install`, not `npm ci`: it installs the locked versions all the same, and npm 11 leaves
  // other platforms' optional packages (turbo's, biome's) out of the lockfile, which `npm ci`
  // then rejects as out of sync.
  const cmd = "install";
  console.log(`[mandate] ${reason}: running npm ${cmd} (first run takes a minute or two)…`);
  const r = spawnSync("npm", [cmd, "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(
      `[mandate] npm ${cmd} failed with exit code ${r.status}. Check the network access to the npm registry and retry.`,
    );
    process.exit(r.status ?? 1);
  }
}
