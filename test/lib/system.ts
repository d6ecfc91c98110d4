/**
 * Starts the whole local system the way `npm start` does (scripts/start.mjs, the same script), on
 * free ports, and stops it with SIGTERM as Ctrl-C would. The build is left to turbo (`npm test`
 * builds every workspace this one depends on first), so the script runs with MANDATE_SKIP_BUILD=1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningSystem {
  rpcUrl: string;
  indexerUrl: string;
  webUrl: string;
  /** `agents`: the first of the three health ports (delegate #1, delegate #2, the trader). */
  ports: { chain: number; indexer: number; web: number; agents: number };
  /** MANDATE_DATA_DIR: the agents' and the indexer's databases, logs. */
  dataDir: string;
  /** Everything the system printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, as Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
  process: ChildProcess;
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

/** The first of `count` consecutive free ports (the agents' health endpoints take three). */
async function freeRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await freePort();
    if (first + count - 1 > 65535) continue;
    let ok = true;
    for (let p = first + 1; p < first + count && ok; p++) ok = await portFree(p);
    if (ok) return first;
  }
  throw new Error(`no run of ${count} free ports found`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function startSystem(
  options: { args?: string[]; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunningSystem> {
  const ports = {
    chain: await freePort(),
    indexer: await freePort(),
    web: await freePort(),
    agents: await freeRun(3),
  };
  const dataDir = mkdtempSync(join(tmpdir(), "mandate-system-"));
  const child = spawn(
    process.execPath,
    [join(repoRoot, "scripts", "start.mjs"), ...(options.args ?? [])],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        MANDATE_SKIP_BUILD: "1",
        MANDATE_CHAIN_PORT: String(ports.chain),
        MANDATE_INDEXER_PORT: String(ports.indexer),
        MANDATE_WEB_PORT: String(ports.web),
        MANDATE_AGENT_PORT: String(ports.agents),
        MANDATE_DATA_DIR: dataDir,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout?.on("data", (c) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const timeoutMs = options.timeoutMs ?? 240_000;
  const started = Date.now();
  while (!/\[mandate\] ready/.test(out)) {
    if (child.exitCode !== null) {
      throw new Error(`npm start exited with code ${child.exitCode}:\n${out.slice(-4000)}`);
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`npm start was not ready after ${timeoutMs / 1000} s:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    rpcUrl: `http://127.0.0.1:${ports.chain}`,
    indexerUrl: `http://127.0.0.1:${ports.indexer}`,
    webUrl: `http://127.0.0.1:${ports.web}`,
    ports,
    dataDir,
    output: () => out,
    stop,
    process: child,
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${String(last)})` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
