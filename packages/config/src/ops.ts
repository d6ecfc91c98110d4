/**
 * What an operator's supervisor needs of a long-running agent (`@mandate/config/ops`), shared by
 * the AI delegate and the AI trader: a health endpoint, a Prometheus metrics endpoint, JSON log
 * lines, the settings that turn them on (MANDATE_HTTP_PORT, MANDATE_HTTP_HOST,
 * MANDATE_LOG_FORMAT), and the stop signals (./signals.ts).
 *
 * - `GET /health`: 200 `{ status: "ok", … }` while the agent's loop is succeeding; 503
 *   `{ status: "starting" | "failing" | "stalled" | "stopped", reason, … }` otherwise (failing:
 *   its last steps failed; stalled: no successful step for `staleAfterMs`).
 * - `GET /metrics`: Prometheus text format 0.0.4, counters and gauges from the agent.
 * - Anything else: 404. Nothing secret is ever served (no keys, no URLs with credentials).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export {
  FORCED_EXIT_CODE,
  type SignalTarget,
  type StopOnSignals,
  type StopOnSignalsOptions,
  stopOnSignals,
} from "./signals.js";

/** `running` is the trader's loop; `catching-up` and `watching` the delegate's. */
export type AgentPhase = "starting" | "catching-up" | "watching" | "running" | "stopped";

/** Mutable status the agent's loop updates and the endpoints read. */
export interface AgentStatus {
  service: string;
  phase: AgentPhase;
  startedAt: number;
  /** Unix ms of the last loop step that succeeded. */
  lastSuccessAt: number | null;
  failuresInARow: number;
  /** One line, already redacted. */
  lastError: string | null;
  /** Labels on every metric, e.g. `{ delegate_id: "1" }`. */
  labels: Record<string, string>;
  /** Counters (monotonic) and gauges, by metric name without the prefix. */
  counters: Record<string, number>;
  gauges: Record<string, number>;
}

export function createAgentStatus(
  service: string,
  labels: Record<string, string> = {},
): AgentStatus {
  return {
    service,
    phase: "starting",
    startedAt: Date.now(),
    lastSuccessAt: null,
    failuresInARow: 0,
    lastError: null,
    labels,
    counters: {},
    gauges: {},
  };
}

export interface HealthReport {
  status: "ok" | "starting" | "failing" | "stalled" | "stopped";
  reason?: string;
  service: string;
  phase: AgentPhase;
  uptimeSeconds: number;
  lastSuccessAt: string | null;
  failuresInARow: number;
  lastError: string | null;
}

export function healthOf(
  status: AgentStatus,
  staleAfterMs: number,
  now = Date.now(),
): HealthReport {
  const base = {
    service: status.service,
    phase: status.phase,
    uptimeSeconds: Math.round((now - status.startedAt) / 1000),
    lastSuccessAt:
      status.lastSuccessAt === null ? null : new Date(status.lastSuccessAt).toISOString(),
    failuresInARow: status.failuresInARow,
    lastError: status.lastError,
  };
  if (status.phase === "stopped")
    return { status: "stopped", reason: "the agent is stopping", ...base };
  if (status.failuresInARow > 0) {
    return {
      status: "failing",
      reason: `${status.failuresInARow} step(s) in a row failed: ${status.lastError ?? "unknown error"}`,
      ...base,
    };
  }
  if (status.lastSuccessAt === null) {
    return { status: "starting", reason: "no step has completed yet", ...base };
  }
  if (now - status.lastSuccessAt > staleAfterMs) {
    return {
      status: "stalled",
      reason: `no successful step for ${Math.round((now - status.lastSuccessAt) / 1000)} s`,
      ...base,
    };
  }
  return { status: "ok", ...base };
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${entries.map(([k, v]) => `${k}="${esc(v)}"`).join(",")}}`;
}

/** Prometheus text exposition of the status (prefix `mandate_<service>_`). */
export function metricsText(status: AgentStatus, staleAfterMs: number, now = Date.now()): string {
  const prefix = `mandate_${status.service.replace(/[^a-zA-Z0-9_]/g, "_")}_`;
  const labels = labelText(status.labels);
  const lines: string[] = [];
  const metric = (name: string, type: "counter" | "gauge", value: number) => {
    lines.push(`# TYPE ${prefix}${name} ${type}`, `${prefix}${name}${labels} ${value}`);
  };
  metric("up", "gauge", healthOf(status, staleAfterMs, now).status === "ok" ? 1 : 0);
  metric("uptime_seconds", "gauge", Math.round((now - status.startedAt) / 1000));
  metric("failures_in_a_row", "gauge", status.failuresInARow);
  metric(
    "last_success_timestamp_seconds",
    "gauge",
    status.lastSuccessAt === null ? 0 : Math.floor(status.lastSuccessAt / 1000),
  );
  for (const [name, value] of Object.entries(status.counters))
    metric(`${name}_total`, "counter", value);
  for (const [name, value] of Object.entries(status.gauges)) metric(name, "gauge", value);
  return `${lines.join("\n")}\n`;
}

export interface OpsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves /health and /metrics on `host:port` (port 0: any free port). */
export async function serveOps(
  status: AgentStatus,
  options: { port: number; host?: string; staleAfterMs: number },
): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/health") {
      const report = healthOf(status, options.staleAfterMs);
      res
        .writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify(report));
      return;
    }
    if (path === "/metrics") {
      res
        .writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" })
        .end(metricsText(status, options.staleAfterMs));
      return;
    }
    res
      .writeHead(404, { "content-type": "application/json" })
      .end(JSON.stringify({ error: `no ${path}: try /health or /metrics` }));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === "EADDRINUSE"
            ? `the health/metrics port ${options.port} on ${host} is already in use`
            : `cannot serve health/metrics on ${host}:${options.port}: ${e.message}`,
        ),
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A log function writing one JSON object per line (`MANDATE_LOG_FORMAT=json`):
 * `{"time":"…","level":"info","service":"delegate","msg":"…", …labels}`. Lines that start with
 * `[tag] ` keep the tag out of the message.
 */
export function jsonLogger(
  service: string,
  write: (line: string) => void,
  level: "info" | "error" = "info",
): (line: string) => void {
  return (line: string) => {
    const m = /^\[([^\]]+)\] (.*)$/s.exec(line);
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        service,
        ...(m ? { tag: m[1] } : {}),
        msg: m ? m[2] : line,
      }),
    );
  };
}

/** The operational settings every long-running agent reads. */
export interface OpsSettings {
  /** MANDATE_HTTP_PORT (or the agent's `--http-port`): serve /health and /metrics; null: not. */
  httpPort: number | null;
  /** MANDATE_HTTP_HOST, default 127.0.0.1. */
  httpHost: string;
  /** MANDATE_LOG_FORMAT: `text` (default) or `json` (one JSON object per line). */
  logFormat: "text" | "json";
}

export const DEFAULT_HTTP_HOST = "127.0.0.1";

/**
 * Reads MANDATE_HTTP_PORT (the flag `--http-port` wins), MANDATE_HTTP_HOST and
 * MANDATE_LOG_FORMAT. Empty values count as unset. A bad value is an error built with `fail`
 * (so each agent keeps its own error type) whose message names the variable.
 */
export function opsSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  flags: { httpPort?: string | undefined },
  fail: (message: string) => Error,
): OpsSettings {
  const read = (key: string) => {
    const v = env[key]?.trim();
    return v ? v : undefined;
  };
  const logFormat = read("MANDATE_LOG_FORMAT") ?? "text";
  if (logFormat !== "text" && logFormat !== "json") {
    throw fail(`MANDATE_LOG_FORMAT must be "text" or "json", got "${logFormat}"`);
  }
  const portRaw = flags.httpPort ?? read("MANDATE_HTTP_PORT");
  let httpPort: number | null = null;
  if (portRaw !== undefined) {
    httpPort = Number(portRaw);
    if (!/^\d+$/.test(portRaw) || httpPort > 65_535) {
      throw fail(
        `MANDATE_HTTP_PORT / --http-port must be an integer from 0 to 65535 (got "${portRaw}")`,
      );
    }
  }
  return { httpPort, httpHost: read("MANDATE_HTTP_HOST") ?? DEFAULT_HTTP_HOST, logFormat };
}
