/**
 * Runs `hardhat node` (an in-memory EDR chain behind a JSON-RPC server) as a child process:
 * checks that the port is free first, waits until the RPC answers, and stops it cleanly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export const DEFAULT_HOST = "127.0.0.1";
export const PORT_ENV = "MANDATE_CHAIN_PORT";

/** Thrown when something already listens on the port the chain should use. */
export class PortInUseError extends Error {
  readonly port: number;
  constructor(port: number, host: string) {
    super(
      [
        `Port ${port} on ${host} is already in use, so the local chain cannot start there.`,
        `Another \`npm run chain\` or \`hardhat node\` is probably running. Either stop it`,
        `(find it with \`lsof -iTCP:${port} -sTCP:LISTEN\` or \`ss -ltnp 'sport = :${port}'\`, then kill that PID),`,
        `or start on another port: ${PORT_ENV}=${port === 8545 ? 8546 : port + 1} npm run chain`,
      ].join("\n"),
    );
    this.name = "PortInUseError";
    this.port = port;
  }
}

/** Whether nothing listens on `host:port` (tries to bind it, then releases it). */
export function isPortFree(port: number, host = DEFAULT_HOST): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" || error.code === "EACCES") resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago (the OS picks it). For tests. */
export function freePort(host = DEFAULT_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Parses a port from an environment variable value; undefined when unset. */
export function portFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${PORT_ENV} must be a TCP port between 1 and 65535, got "${value}".`);
  }
  return port;
}

export interface HardhatNode {
  rpcUrl: string;
  port: number;
  pid: number;
  /** Where the node's own output (every JSON-RPC call) goes. */
  logFile: string;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s) and waits until it exited. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the node exits for any reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartNodeOptions {
  /** The Hardhat project (where hardhat.config.ts is). */
  projectRoot: string;
  port: number;
  host?: string;
  logFile: string;
  /** Give up waiting for the RPC after this long. */
  timeoutMs?: number;
  /** Also echo the node's output to this process's stdout. */
  echo?: boolean;
}

const require = createRequire(import.meta.url);

function hardhatCli(): string {
  const pkg = require.resolve("hardhat/package.json");
  return join(dirname(pkg), "dist", "src", "cli.js");
}

/**
 * `hardhat node` lists its accounts with their private keys. They are Hardhat's publicly known
 * test keys, but nothing of ours prints or stores a private key, so they are masked.
 */
export function redactPrivateKeys(line: string): string {
  return line.replace(/(private key:?\s*)(0x)?[0-9a-fA-F]{64}/gi, "$1(hidden)");
}

/** The last `max` characters of what the node printed, for error messages. */
function tailBuffer(max = 4000) {
  let text = "";
  return {
    push(chunk: string) {
      text = (text + chunk).slice(-max);
    },
    get text() {
      return text.trim();
    },
  };
}

export async function startHardhatNode(options: StartNodeOptions): Promise<HardhatNode> {
  const host = options.host ?? DEFAULT_HOST;
  const { port } = options;
  if (!(await isPortFree(port, host))) throw new PortInUseError(port, host);

  // The child must run its own in-memory network, whatever network the caller selected.
  const env = { ...process.env };
  delete env.HARDHAT_NETWORK;
  const child: ChildProcess = spawn(
    process.execPath,
    [hardhatCli(), "node", "--hostname", host, "--port", String(port)],
    { cwd: options.projectRoot, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: WriteStream = createWriteStream(options.logFile);
  const tail = tailBuffer();
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.on("data", (chunk: Buffer) => {
      // Whole lines only, so that the node's account listing can be filtered reliably.
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      if (lines.length === 0) return;
      const text = `${lines.map(redactPrivateKeys).join("\n")}\n`;
      log.write(text);
      tail.push(text);
      if (options.echo) process.stdout.write(text);
    });
    stream?.on("end", () => {
      if (partial === "") return;
      const text = `${redactPrivateKeys(partial)}\n`;
      partial = "";
      if (!log.writableEnded) log.write(text);
      tail.push(text);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close" comes after the exit and after the output streams ended.
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  // A parent that exits (or crashes) takes the node with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener("exit", killOnExit);
      await new Promise<void>((resolve) => log.end(resolve));
    })();
    return stopping;
  };

  const rpcUrl = `http://${host}:${port}`;
  try {
    await waitForRpc(rpcUrl, {
      timeoutMs: options.timeoutMs ?? 60_000,
      exited,
      tail: () => tail.text,
      port,
      host,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { rpcUrl, port, pid: child.pid ?? -1, logFile: options.logFile, stop, exited };
}

async function waitForRpc(
  rpcUrl: string,
  opts: {
    timeoutMs: number;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    tail: () => string;
    port: number;
    host: string;
  },
): Promise<void> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void opts.exited.then((e) => {
    exit = e;
  });
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      const output = opts.tail();
      if (/EADDRINUSE/.test(output)) throw new PortInUseError(opts.port, opts.host);
      throw new Error(
        `hardhat node exited (code ${exit.code ?? "none"}, signal ${exit.signal ?? "none"}) before its RPC answered. Its output:\n${output}`,
      );
    }
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) {
        const body = (await response.json()) as { result?: string };
        if (typeof body.result === "string") return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `hardhat node did not answer on ${rpcUrl} within ${opts.timeoutMs / 1000} s. Its output:\n${opts.tail()}`,
  );
}
