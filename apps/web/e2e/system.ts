/**
 * Starts the whole local system for the end-to-end test, on free ports in 8600–8699: the chain
 * (contracts/scripts/chain.ts: Hardhat node, deployment, seeded DAO), the indexer (Ponder on a
 * fresh PGlite directory), the two seeded AI delegates (offline engine, fresh stores) and the web
 * app (`next start` on the production build, rebuilt first when missing or stale).
 *
 * It does what the repository's `npm start` (scripts/start.mjs) does, so it can be swapped for it
 * once that script starts the web app: the test only needs `webUrl`, `rpcUrl` and `stop()`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(webDir, "..", "..");
const bin = (p: string) => join(root, "node_modules", p);

export type System = {
  webUrl: string;
  rpcUrl: string;
  indexerUrl: string;
  ports: { chain: number; indexer: number; web: number };
  /** Stops the indexer only (to check the app without it). */
  stopIndexer(): Promise<void>;
  /** Stops everything that was started, and removes the temporary directories. */
  stop(): Promise<void>;
};

export type StartOptions = {
  /** Where the processes' logs go. */
  logDir: string;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
};

type Service = { name: string; child: ChildProcess };

/** A port in [from, to] nobody listens on (bound and released at once). */
export async function freePort(from = 8600, to = 8699, taken: number[] = []): Promise<number> {
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if (taken.includes(port)) continue;
    const ok = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen({ port, host: "127.0.0.1", exclusive: true }, () =>
        server.close(() => resolve(true)),
      );
    });
    if (ok) return port;
  }
  throw new Error(`no free port between ${from} and ${to}`);
}

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

/** True when `.next` is missing or older than the app's sources. */
export function buildIsStale(): boolean {
  const buildId = join(webDir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [
    "app",
    "components",
    "lib",
    "public",
    "next.config.ts",
    "instrumentation.ts",
    "instrumentation-node.ts",
    "package.json",
    "tsconfig.json",
  ]
    .map((p) => join(webDir, p))
    .filter((p) => existsSync(p));
  return sources.some((p) => newest(p) > built);
}

function runOrThrow(
  what: string,
  command: string,
  args: string[],
  cwd: string,
  log: (l: string) => void,
) {
  log(`${what}: ${command.split("/").pop()} ${args.join(" ")}`);
  const r = spawnSync(command, args, {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`${what} failed (exit code ${r.status ?? r.signal})`);
}

/** Builds what the system runs from, when it is missing (turbo caches the rest). */
export function ensureBuilt(log: (l: string) => void = console.log): void {
  const needed = [
    join(root, "agents", "delegate", "dist", "cli.js"),
    join(root, "packages", "sdk", "dist", "index.js"),
    join(root, "packages", "abis", "dist", "index.js"),
    join(root, "packages", "mandate", "dist", "index.js"),
    join(root, "packages", "lmsr", "dist", "index.js"),
  ];
  if (needed.some((p) => !existsSync(p))) {
    runOrThrow(
      "building the workspace",
      bin(".bin/turbo"),
      ["run", "build", "--output-logs=errors-only", "--filter=!@mandate/web"],
      root,
      log,
    );
  }
  if (buildIsStale()) {
    runOrThrow(
      "building the web app",
      process.execPath,
      [bin("next/dist/bin/next"), "build"],
      webDir,
      log,
    );
  }
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited (code ${child.exitCode ?? child.signalCode}) before it was ready`,
      );
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}

const httpOk = (url: string) => async () => {
  const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return r.ok;
};

async function stopService(s: Service, timeoutMs = 10_000): Promise<void> {
  const { child } = s;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-child.pid, "SIGTERM"); // its process group: the service and what it spawned
  } catch {
    child.kill("SIGTERM");
  }
  const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs));
  if ((await Promise.race([exited, timer])) === "timeout") {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
    await exited;
  }
}

export async function startSystem(options: StartOptions): Promise<System> {
  const log = options.log ?? ((l: string) => console.log(`[e2e] ${l}`));
  mkdirSync(options.logDir, { recursive: true });
  ensureBuilt(log);

  const chainPort = await freePort();
  const indexerPort = await freePort(8600, 8699, [chainPort]);
  const webPort = await freePort(8600, 8699, [chainPort, indexerPort]);
  const rpcUrl = `http://127.0.0.1:${chainPort}`;
  const indexerUrl = `http://127.0.0.1:${indexerPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const temp = mkdtempSync(join(tmpdir(), "mandate-web-e2e-"));
  const services: Service[] = [];

  const start = (name: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
    const out = createWriteStream(join(options.logDir, `${name}.log`));
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group, so stop() reaches its children too
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const service = { name, child };
    services.push(service);
    return service;
  };

  const stop = async () => {
    for (const s of [...services].reverse()) await stopService(s);
    rmSync(temp, { recursive: true, force: true });
    rmSync(join(root, "contracts", "deployments", `localhost-${chainPort}.json`), { force: true });
  };

  try {
    log(`chain on ${rpcUrl}`);
    const chain = start("chain", ["scripts/chain.ts"], join(root, "contracts"), {
      MANDATE_CHAIN_PORT: String(chainPort),
    });
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(
        () => reject(new Error("the chain was not ready within 180 s")),
        180_000,
      );
      chain.child.stdout?.on("data", (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-400);
        if (seen.includes("Press Ctrl-C to stop the chain.")) {
          clearTimeout(timer);
          resolve();
        }
      });
      chain.child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the chain exited (code ${code}); see ${options.logDir}/chain.log`));
      });
    });

    log(`indexer on ${indexerUrl}`);
    const indexer = start(
      "indexer",
      [
        bin("ponder/dist/esm/bin/ponder.js"),
        "start",
        "--port",
        String(indexerPort),
        "--schema",
        "public",
      ],
      join(root, "apps", "indexer"),
      {
        PONDER_TELEMETRY_DISABLED: "true",
        MANDATE_RPC_URL: rpcUrl,
        MANDATE_INDEXER_PGLITE_DIR: join(temp, "indexer"),
      },
    );

    log("AI delegates #1 (Treasury steward) and #2 (Builder-friendly)");
    for (const [id, account, mandate] of [
      [1, 10, "treasury-steward.json"],
      [2, 11, "builder-friendly.json"],
    ] as const) {
      start(
        `delegate-${id}`,
        [
          join(root, "agents", "delegate", "dist", "cli.js"),
          "--delegate-id",
          String(id),
          "--dev-account",
          String(account),
          "--mandate",
          join(root, "packages", "mandate", "examples", mandate),
          "--db-dir",
          join(temp, `delegate-${id}`),
          "--rpc-url",
          rpcUrl,
        ],
        root,
      );
    }

    log(`web app on ${webUrl}`);
    const web = start(
      "web",
      [bin("next/dist/bin/next"), "start", "--port", String(webPort), "--hostname", "127.0.0.1"],
      webDir,
      {
        MANDATE_RPC_URL: rpcUrl,
        MANDATE_INDEXER_URL: indexerUrl,
        MANDATE_CHAIN_ID: "31337",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    );
    await waitFor("the indexer", httpOk(`${indexerUrl}/ready`), indexer.child, 180_000);
    await waitFor("the web app", httpOk(`${webUrl}/`), web.child, 60_000);
    log("system ready");

    return {
      webUrl,
      rpcUrl,
      indexerUrl,
      ports: { chain: chainPort, indexer: indexerPort, web: webPort },
      stopIndexer: () => stopService(indexer),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
