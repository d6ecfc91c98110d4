/**
 * Test and benchmark harness: a fresh local chain (contracts/scripts/chain.ts) on a free port and
 * the indexer (`ponder start`) as a child process on another free port, with its own database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Address } from "viem";

export const indexerDir = fileURLToPath(new URL("..", import.meta.url));
const contractsScripts = fileURLToPath(new URL("../../../contracts/scripts/", import.meta.url));
const ponderBin = join(
  indexerDir,
  "..",
  "..",
  "node_modules",
  "ponder",
  "dist",
  "esm",
  "bin",
  "ponder.js",
);

/** What the tests use of contracts/scripts/chain.ts's RunningChain (loaded at run time, so tsc
 * does not type-check the contracts package from here). */
export interface LocalChain {
  rpcUrl: string;
  accounts: Address[];
  deployment: {
    chainId: number;
    contracts: Record<string, { address: Address; blockNumber: number }>;
    seededMarkets: {
      marketId: number;
      question: string;
      outcomes: string[];
      trades: number;
      state: string;
    }[];
    dao: {
      proposals: {
        key: string;
        proposalId: string;
        title: string;
        marketId: number;
        state: string;
      }[];
      delegates: { key: string; delegateId: number; instance: Address; operator: Address }[];
    } | null;
  };
  stop(): Promise<void>;
}

export async function startLocalChain(options: {
  port?: number;
  seed?: boolean;
  nodeLogFile?: string;
  log?: (line: string) => void;
}): Promise<LocalChain> {
  const { startChain } = (await import(join(contractsScripts, "chain.ts"))) as {
    startChain: (o: Record<string, unknown>) => Promise<LocalChain>;
  };
  return startChain({
    port: options.port ?? (await freePort()),
    deploymentFile: null,
    seed: options.seed ?? true,
    ...(options.nodeLogFile ? { nodeLogFile: options.nodeLogFile } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("no port"));
        else resolve(address.port);
      });
    });
  });
}

export interface Indexer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM (Ponder shuts down cleanly and releases its lock), then SIGKILL after 20 s. */
  stop(): Promise<number | null>;
}

export interface StartIndexerOptions {
  rpcUrl: string;
  /** PGlite directory (ignored when `databaseUrl` is set). */
  pgliteDir?: string;
  databaseUrl?: string;
  /** Database schema (`ponder start --schema`). */
  schema?: string;
  port?: number;
  /** Where Ponder's output goes (appended). */
  logFile: string;
  command?: "start" | "dev";
  env?: Record<string, string>;
}

export async function startIndexer(options: StartIndexerOptions): Promise<Indexer> {
  const port = options.port ?? (await freePort());
  mkdirSync(dirname(options.logFile), { recursive: true });
  const out = createWriteStream(options.logFile, { flags: "a" });
  const env: Record<string, string | undefined> = {
    ...process.env,
    PONDER_TELEMETRY_DISABLED: "true",
    MANDATE_RPC_URL: options.rpcUrl,
    MANDATE_INDEXER_PGLITE_DIR: options.pgliteDir,
    DATABASE_URL: options.databaseUrl,
    DATABASE_PRIVATE_URL: undefined,
    DATABASE_SCHEMA: undefined,
    PORT: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const command = options.command ?? "start";
  const args = [ponderBin, command, "--port", String(port), "--schema", options.schema ?? "public"];
  if (command === "dev") args.push("--disable-ui");
  args.push("--log-format", "json");
  const child = spawn(process.execPath, args, {
    cwd: indexerDir,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      out.end();
      resolve(code);
    }),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { url: `http://127.0.0.1:${port}`, port, process: child, exited, stop };
}

async function rpcBlockNumber(rpcUrl: string): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
  });
  const body = (await res.json()) as { result: string };
  return Number(body.result);
}

/**
 * Waits until Ponder's `/ready` answers 200 (historical backfill done) and `/status` shows the
 * chain's head block indexed (Ponder indexes the last, unfinalized blocks after `/ready`).
 * Returns the milliseconds until `/ready` first answered 200.
 */
export async function waitUntilSynced(
  indexer: Indexer,
  rpcUrl: string,
  { timeoutMs = 120_000, pollMs = 100 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<{ readyMs: number; syncedMs: number }> {
  const started = Date.now();
  let readyMs: number | undefined;
  for (;;) {
    if (indexer.process.exitCode !== null) {
      throw new Error(`the indexer exited with code ${indexer.process.exitCode}`);
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`the indexer was not in sync after ${timeoutMs} ms`);
    try {
      if (readyMs === undefined) {
        const ready = await fetch(`${indexer.url}/ready`);
        if (ready.status === 200) readyMs = Date.now() - started;
      }
      if (readyMs !== undefined) {
        const [status, head] = await Promise.all([
          fetch(`${indexer.url}/status`).then(
            (r) => r.json() as Promise<Record<string, { block?: { number: number } }>>,
          ),
          rpcBlockNumber(rpcUrl),
        ]);
        const indexed = Object.values(status)[0]?.block?.number ?? -1;
        if (indexed >= head) return { readyMs, syncedMs: Date.now() - started };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** GET a JSON endpoint of the indexer. */
export async function getJson<T = Record<string, unknown>>(
  url: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** POST a GraphQL query. */
export async function graphqlQuery<T = Record<string, unknown>>(
  indexerUrl: string,
  query: string,
): Promise<T> {
  const res = await fetch(`${indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors !== undefined || body.data === undefined) {
    throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  }
  return body.data;
}
