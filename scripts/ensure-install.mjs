// Installs the workspace's dependencies when they are missing or stale, so that
// `npm test` and `npm start` work from a fresh clone with only Node and npm.
// Runs under whatever Node starts it (the system Node may be older than 22):
// the pinned Node 22 arrives with the install, in node_modules/.bin.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// The one prerequisite: Node 20 or newer with npm (the Node 22 that Hardhat needs comes from npm).
const major = Number(process.versions.node.split(".")[0]);
if (!(major >= 20)) {
  console.error(
    `[mandate] Node ${process.versions.node} is too old: install Node 20 or newer (https://nodejs.org), then run the command again.`,
  );
  process.exit(1);
}
if (spawnSync("npm", ["--version"], { stdio: "ignore" }).status !== 0) {
  console.error("[mandate] npm was not found on the PATH: it comes with Node (https://nodejs.org).");
  process.exit(1);
}
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
