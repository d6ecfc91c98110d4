// `npm start`: brings the whole local system up, in this order:
//   1. the local chain (contracts/scripts/chain.ts): a fresh Hardhat node with every contract
//      deployed and a DAO, markets and a trading vault seeded;
//   2. the two seeded AI delegates (agents/delegate), each with its mandate
//      (packages/mandate/examples), the offline engine and its own embedded database: they vote on
//      the proposals still open (the seeded P4 at once) and on every new one;
//   3. the AI trader (agents/trader), when built, trading holder #3's vault within its policy;
//   4. the indexer (apps/indexer, Ponder on embedded PGlite), serving REST, GraphQL and SQL;
//   5. the web app (apps/web, Next.js production build), when built.
// It prints the URLs once everything answers. Ctrl-C (or SIGTERM) stops everything.
//
// Every start is a fresh chain (the Hardhat node keeps its state in memory), so the agents'
// databases and the indexer's (.mandate/local/) are wiped at each start too: a cursor or a row
// from an earlier chain would describe blocks that no longer exist. See `npm start -- --help`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const HELP = `npm start [-- options]

Starts the local Mandate system: chain, AI delegates, AI trader, indexer, web app.
Every start is a fresh local chain; the local databases in .mandate/local/ are reset with it.

Options:
  --no-web        do not start the web app
  --no-indexer    do not start the indexer (the web app then reads the chain only)
  --no-agents     do not start the AI delegates and the trader
  --help          this text

Environment:
  MANDATE_CHAIN_PORT    the chain's JSON-RPC port (default 8545)
  MANDATE_INDEXER_PORT  the indexer's HTTP port (default 42069)
  MANDATE_WEB_PORT      the web app's port (default 3000)
  MANDATE_AGENT_PORT    the first of three ports for the agents' /health and /metrics:
                        delegate #1, delegate #2, the trader (default 42101)
  MANDATE_DATA_DIR      where the local databases and logs go (default .mandate/local; wiped
                        at each start)
  MANDATE_SKIP_BUILD=1  do not run the build first (it is cached by turbo anyway)
`;

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!["--no-web", "--no-indexer", "--no-agents", "--help", "-h"].includes(a)) {
    console.error(`[mandate] unknown option ${a}\n\n${HELP}`);
    process.exit(2);
  }
}
if (args.has("--help") || args.has("-h")) {
  console.log(HELP);
  process.exit(0);
}

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`[mandate] ${name} must be a port number (1–65535), got "${raw}".`);
    process.exit(2);
  }
  return n;
}
const ports = {
  chain: port("MANDATE_CHAIN_PORT", 8545),
  indexer: port("MANDATE_INDEXER_PORT", 42069),
  web: port("MANDATE_WEB_PORT", 3000),
  agents: port("MANDATE_AGENT_PORT", 42101),
};
if (ports.agents > 65533) {
  console.error(
    `[mandate] MANDATE_AGENT_PORT must leave room for three ports, got ${ports.agents}.`,
  );
  process.exit(2);
}
/** Each agent's /health and /metrics port: delegate #1, delegate #2, then the trader. */
const agentPort = { 1: ports.agents, 2: ports.agents + 1, trader: ports.agents + 2 };
const rpcUrl = `http://127.0.0.1:${ports.chain}`;
const indexerUrl = `http://127.0.0.1:${ports.indexer}`;
const webUrl = `http://127.0.0.1:${ports.web}`;
// Where the local databases and logs go (wiped at each start).
const localDir = process.env.MANDATE_DATA_DIR
  ? resolve(process.env.MANDATE_DATA_DIR)
  : join(root, ".mandate", "local");
const logDir = join(localDir, "logs");

// Every service runs on the repository's pinned Node 22 (Hardhat 3 and the chain script need it),
// whatever Node started this script: on a fresh clone `npm start` looks `node` up before the
// install puts node_modules/.bin/node in place, so this script itself may run on an older one.
const pinnedNode = join(root, "node_modules", ".bin", "node");
const nodeBin = existsSync(pinnedNode) ? pinnedNode : process.execPath;
if (nodeBin === process.execPath && Number(process.versions.node.split(".")[0]) < 22) {
  console.error(
    `[mandate] Node 22 is needed and ${relative(root, pinnedNode)} is missing: run npm install (npm start does it first).`,
  );
  process.exit(1);
}

const webBuilt = existsSync(join(root, "apps", "web", "package.json"));
const traderCli = join(root, "agents", "trader", "dist", "cli.js");
const want = {
  indexer: !args.has("--no-indexer"),
  agents: !args.has("--no-agents"),
  web: !args.has("--no-web") && webBuilt,
};

const say = (line) => console.log(`[mandate] ${line}`);

// ------------------------------------------------------------------ preflight

/** Resolves to null when the port can be bound on every interface, else to the error code. */
function portProblem(p) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error) => resolve(error.code ?? String(error)));
    server.listen({ port: p, host: "0.0.0.0", exclusive: true }, () =>
      server.close(() => resolve(null)),
    );
  });
}

const needed = [["chain", "MANDATE_CHAIN_PORT", ports.chain]];
if (want.indexer) needed.push(["indexer", "MANDATE_INDEXER_PORT", ports.indexer]);
if (want.web) needed.push(["web app", "MANDATE_WEB_PORT", ports.web]);
if (want.agents) {
  needed.push(["delegate #1's health endpoint", "MANDATE_AGENT_PORT", agentPort[1]]);
  needed.push(["delegate #2's health endpoint", "MANDATE_AGENT_PORT", agentPort[2]]);
  if (existsSync(traderCli))
    needed.push(["trader's health endpoint", "MANDATE_AGENT_PORT", agentPort.trader]);
}
const busy = [];
for (const [what, env, p] of needed) {
  const problem = await portProblem(p);
  if (problem !== null)
    busy.push(
      `  port ${p} (the ${what}) is ${problem === "EADDRINUSE" ? "already in use" : `not available (${problem})`}: stop what uses it, or set ${env} to another port`,
    );
}
if (busy.length > 0) {
  console.error(`[mandate] cannot start:\n${busy.join("\n")}`);
  process.exit(1);
}

// ------------------------------------------------------------------ build

if (process.env.MANDATE_SKIP_BUILD !== "1") {
  say("building the workspace (cached after the first run)…");
  const build = spawnSync(
    join(root, "node_modules", ".bin", "turbo"),
    ["run", "build", "--output-logs=errors-only"],
    { cwd: root, stdio: "inherit" },
  );
  if (build.status !== 0) {
    console.error(`[mandate] the build failed (exit code ${build.status}); see the errors above.`);
    process.exit(build.status ?? 1);
  }
}

// ------------------------------------------------------------------ processes

/** @type {{ name: string, child: import("node:child_process").ChildProcess, log?: string }[]} */
const services = [];
let stopping = false;
let exitCode = 0;

function stopAll(signal = "SIGTERM") {
  if (stopping) return;
  stopping = true;
  for (const { child } of services) if (child.exitCode === null) child.kill(signal);
  const exit = () => process.exit(exitCode);
  // Give the services a moment to close their databases, then leave anyway.
  setTimeout(exit, 8000).unref();
  Promise.all(
    services
      .filter(({ child }) => child.exitCode === null && child.signalCode === null)
      .map(({ child }) => new Promise((r) => child.once("exit", r))),
  ).then(exit);
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (!stopping) console.log(`\n[mandate] ${signal}: stopping everything…`);
    stopAll(signal);
  });
}

function tail(file, lines = 20) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Spawns a Node service. With `logFile`, its output goes there (the console stays readable);
 * otherwise it shares this terminal. An unexpected exit is reported with the end of its log;
 * `critical` services take the rest down with them.
 */
function service(name, argv, { cwd = root, env = {}, logFile, critical = false } = {}) {
  let stdio = ["ignore", "inherit", "inherit"];
  if (logFile !== undefined) {
    const fd = openSync(logFile, "a");
    stdio = ["ignore", fd, fd];
  }
  const child = spawn(nodeBin, argv, {
    cwd,
    env: { ...process.env, ...env },
    stdio,
  });
  services.push({ name, child, log: logFile });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    const where = logFile
      ? `; its log ends with:\n${tail(logFile)}\n(full log: ${relative(root, logFile)})`
      : "";
    console.error(
      `[mandate] the ${name} stopped (code ${code ?? "none"}, signal ${signal ?? "none"})${where}`,
    );
    if (critical) {
      exitCode = 1;
      console.error("[mandate] stopping everything.");
      stopAll("SIGTERM");
    }
  });
  return child;
}

async function waitForHttp(url, { timeoutMs, name, child }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping || child.exitCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`[mandate] the ${name} did not answer ${url} within ${timeoutMs / 1000} s.`);
  return false;
}

// 1. The chain. Started directly (not through `npm run`, which does not forward signals), on this
// terminal: it prints the deployment, the seeded DAO and the dev accounts.
say(`starting the local chain on ${rpcUrl}…`);
const chain = spawn(nodeBin, ["scripts/chain.ts"], {
  cwd: join(root, "contracts"),
  env: { ...process.env, MANDATE_CHAIN_PORT: String(ports.chain) },
  stdio: ["ignore", "pipe", "inherit"],
});
services.push({ name: "chain", child: chain });
chain.on("exit", (code, signal) => {
  if (!stopping) {
    console.error(
      `[mandate] the chain stopped (code ${code ?? "none"}, signal ${signal ?? "none"}).`,
    );
    exitCode = code ?? 1;
  }
  stopAll("SIGTERM");
});
await new Promise((resolve) => {
  let seen = "";
  chain.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    if (seen !== null) {
      seen = (seen + chunk.toString()).slice(-200);
      if (seen.includes("Press Ctrl-C to stop the chain.")) {
        seen = null;
        resolve();
      }
    }
  });
  chain.once("exit", resolve);
});
if (stopping) await new Promise(() => {}); // the exit handler takes it from here

rmSync(localDir, { recursive: true, force: true });
mkdirSync(logDir, { recursive: true });
const running = [`  chain       ${rpcUrl}  (chain id 31337)`];

// 2. The AI delegates (their log lines are short and worth seeing: they share the terminal).
const DELEGATES = [
  {
    id: 1,
    devAccount: 10,
    mandate: "treasury-steward.json",
    tag: "steward",
    name: "Treasury steward",
  },
  {
    id: 2,
    devAccount: 11,
    mandate: "builder-friendly.json",
    tag: "builder",
    name: "Builder-friendly",
  },
];
if (want.agents) {
  for (const d of DELEGATES) {
    service(`${d.tag} delegate`, [
      join(root, "agents", "delegate", "dist", "cli.js"),
      "--delegate-id",
      String(d.id),
      "--dev-account",
      String(d.devAccount),
      "--mandate",
      join(root, "packages", "mandate", "examples", d.mandate),
      "--db-dir",
      join(localDir, `delegate-${d.id}`),
      "--rpc-url",
      rpcUrl,
      "--http-port",
      String(agentPort[d.id]),
    ]);
    running.push(
      `  AI delegate #${d.id} ${d.name} (dev account #${d.devAccount}, offline engine; http://127.0.0.1:${agentPort[d.id]}/health)`,
    );
  }
  // 3. The AI trader, for the vault the chain seeded (holder #3, agent #12).
  if (existsSync(traderCli)) {
    service("trader", [
      traderCli,
      "--user",
      "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      "--dev-account",
      "12",
      "--delegate-id",
      "1",
      "--beliefs",
      join(root, "agents", "trader", "examples", "local-beliefs.json"),
      "--db-dir",
      join(localDir, "trader"),
      "--rpc-url",
      rpcUrl,
      "--http-port",
      String(agentPort.trader),
    ]);
    running.push(
      `  AI trader for holder #3's vault (dev account #12; beliefs: agents/trader/examples/local-beliefs.json, tally, delegate #1's votes; http://127.0.0.1:${agentPort.trader}/health)`,
    );
  }
}

// 4. The indexer: Ponder on an embedded PGlite under .mandate/local/.
if (want.indexer) {
  say(
    `starting the indexer on ${indexerUrl} (log: ${relative(root, join(logDir, "indexer.log"))})…`,
  );
  const indexerDir = join(root, "apps", "indexer");
  const indexer = service(
    "indexer",
    [
      join(root, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"),
      "start",
      "--port",
      String(ports.indexer),
      "--schema",
      "public",
    ],
    {
      cwd: indexerDir,
      env: {
        PONDER_TELEMETRY_DISABLED: "true",
        MANDATE_RPC_URL: rpcUrl,
        MANDATE_INDEXER_PGLITE_DIR: join(localDir, "indexer"),
      },
      logFile: join(logDir, "indexer.log"),
    },
  );
  if (
    await waitForHttp(`${indexerUrl}/ready`, {
      timeoutMs: 120_000,
      name: "indexer",
      child: indexer,
    })
  ) {
    running.push(`  indexer     ${indexerUrl}  (REST: /api, GraphQL: /graphql, SQL: /sql)`);
  } else if (!stopping) {
    running.push(`  indexer     not ready; see ${relative(root, join(logDir, "indexer.log"))}`);
  }
}

// 5. The web app: Next.js's production server on the build.
if (want.web && !stopping) {
  say(`starting the web app on ${webUrl} (log: ${relative(root, join(logDir, "web.log"))})…`);
  const web = service(
    "web app",
    [
      join(root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "--port",
      String(ports.web),
      "--hostname",
      "127.0.0.1",
    ],
    {
      cwd: join(root, "apps", "web"),
      env: {
        MANDATE_RPC_URL: rpcUrl,
        MANDATE_INDEXER_URL: indexerUrl,
        MANDATE_CHAIN_ID: "31337",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      logFile: join(logDir, "web.log"),
    },
  );
  if (await waitForHttp(webUrl, { timeoutMs: 60_000, name: "web app", child: web })) {
    running.push(`  web app     ${webUrl}`);
  }
}

if (!stopping) {
  console.log(
    ["", "[mandate] running:", ...running, "", "[mandate] Ctrl-C stops everything."].join("\n"),
  );
  if (want.web && running.some((l) => l.startsWith("  web app"))) say(`ready: web ${webUrl}`);
  else say("ready");
}
