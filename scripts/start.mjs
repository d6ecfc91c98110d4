// `npm start`: brings the local system up:
//   1. the local chain (contracts/scripts/chain.ts): a fresh Hardhat node with the whole system
//      deployed and a DAO seeded;
//   2. once it is ready, the two seeded AI delegates (agents/delegate), each with its mandate
//      (packages/mandate/examples), the offline engine and its own embedded database: they vote on
//      the proposals still open (the seeded P4 at once) and on every new one.
// The indexer and the web app join as they land. Ctrl-C (or SIGTERM) stops everything.
//
// Each start is a fresh chain, so the delegates' databases (.mandate/local/) start fresh too:
// a cursor or decision from an earlier chain would describe blocks that no longer exist.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Build what the services run (the packages, the contracts, the delegate's CLI); turbo skips what
// is up to date, so later starts pass through in a few seconds.
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

const DELEGATES = [
  { id: 1, devAccount: 10, mandate: "treasury-steward.json", tag: "steward" },
  { id: 2, devAccount: 11, mandate: "builder-friendly.json", tag: "builder" },
];
const localDataDir = join(root, ".mandate", "local");
// The chain listens on MANDATE_CHAIN_PORT (default 8545); the delegates follow it.
const rpcUrl = `http://127.0.0.1:${process.env.MANDATE_CHAIN_PORT || "8545"}`;

/** @type {import("node:child_process").ChildProcess[]} */
const children = [];
let stopping = false;

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}

// The chain script is started directly (not through `npm run`, which does not forward signals),
// so a SIGINT or SIGTERM sent to this process alone also stops the node.
const chain = spawn(process.execPath, ["scripts/chain.ts"], {
  cwd: join(root, "contracts"),
  stdio: ["inherit", "pipe", "inherit"],
});
children.push(chain);

let delegatesStarted = false;
chain.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!delegatesStarted && chunk.toString().includes("Press Ctrl-C to stop the chain.")) {
    delegatesStarted = true;
    startDelegates();
  }
});

function startDelegates() {
  rmSync(localDataDir, { recursive: true, force: true });
  for (const d of DELEGATES) {
    const child = spawn(
      process.execPath,
      [
        join(root, "agents", "delegate", "dist", "cli.js"),
        "--delegate-id",
        String(d.id),
        "--dev-account",
        String(d.devAccount),
        "--mandate",
        join(root, "packages", "mandate", "examples", d.mandate),
        "--db-dir",
        join(localDataDir, `delegate-${d.id}`),
        "--rpc-url",
        rpcUrl,
      ],
      { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
    );
    children.push(child);
    child.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(
          `[mandate] the ${d.tag} delegate stopped (code ${code ?? "none"}, signal ${signal ?? "none"}); the chain keeps running.`,
        );
      }
    });
  }
  console.log(
    "[mandate] AI delegates started: #1 Treasury steward (dev account #10), #2 Builder-friendly (#11).",
  );
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => stopAll(signal));
}
chain.on("exit", (code, signal) => {
  stopAll("SIGTERM");
  // Give the delegates a moment to close their databases.
  setTimeout(() => process.exit(code ?? (signal ? 0 : 1)), 1500).unref();
  Promise.all(
    children
      .filter((c) => c !== chain && c.exitCode === null)
      .map((c) => new Promise((r) => c.on("exit", r))),
  ).then(() => process.exit(code ?? (signal ? 0 : 1)));
});
