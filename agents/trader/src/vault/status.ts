/**
 * The trader's status for the health and metrics endpoints (@mandate/config/ops): one step is one
 * pass of `runTraderLoop`. A pass that completes is a success (even when the vault does not name
 * this key yet: the `blocked` gauge says so, and a market's error is counted in
 * `market_errors`); a pass that throws (the RPC is down or stalls) is a failure.
 *
 * Metrics (prefix `mandate_trader_`, label `user`: the vault's owner): the counters
 * `passes_total`, `failed_steps_total` (failed passes, and failed connections to the RPC at start),
 * `trades_total` (buys and sells confirmed on-chain, those
 * an earlier run left and this one settled included), `redeems_total`, `skips_total` (skip
 * decisions, the vault's refusals included, one per market per pass), `dry_run_decisions_total`,
 * `failed_trades_total`, `market_errors_total`; the gauges `markets`, `blocked` and
 * `last_step_timestamp_seconds` (the end of the last pass, successful or not); and, from
 * @mandate/config/ops, `up`, `uptime_seconds`, `failures_in_a_row`,
 * `last_success_timestamp_seconds`.
 */
import { type AgentStatus, createAgentStatus } from "@mandate/config/ops";
import type { PassResult } from "./runtime.js";

/** A fresh status, labelled with the vault's owner (none for a report). */
export function createTraderStatus(user: string | null): AgentStatus {
  const status = createAgentStatus("trader", user ? { user } : {});
  Object.assign(status.counters, {
    passes: 0,
    failed_steps: 0,
    trades: 0,
    redeems: 0,
    skips: 0,
    dry_run_decisions: 0,
    failed_trades: 0,
    market_errors: 0,
  });
  Object.assign(status.gauges, { markets: 0, blocked: 0, last_step_timestamp_seconds: 0 });
  return status;
}

function add(status: AgentStatus, name: string, n: number): void {
  status.counters[name] = (status.counters[name] ?? 0) + n;
}

/** Records a pass that completed. */
export function recordPass(status: AgentStatus, result: PassResult, now = Date.now()): void {
  status.lastSuccessAt = now;
  status.failuresInARow = 0;
  status.lastError = null;
  add(status, "passes", 1);
  let trades = 0;
  let redeems = 0;
  for (const o of result.resumed) {
    if (o.status !== "confirmed") continue;
    if (o.intent.kind === "redeem") redeems++;
    else trades++;
  }
  for (const e of result.entries) {
    if (e.status === "executed") {
      if (e.action === "redeem") redeems++;
      else trades++;
    } else if (e.status === "skipped" || e.status === "refused") add(status, "skips", 1);
    else if (e.status === "printed") add(status, "dry_run_decisions", 1);
    else if (e.status === "failed") add(status, "failed_trades", 1);
  }
  add(status, "trades", trades);
  add(status, "redeems", redeems);
  add(status, "market_errors", result.errors);
  status.gauges.markets = result.markets;
  status.gauges.blocked = result.blocked === null ? 0 : 1;
  status.gauges.last_step_timestamp_seconds = Math.floor(now / 1000);
}

/** Records a pass (or a connection at start) that failed; `error` is one redacted line. */
export function recordFailure(status: AgentStatus, error: string, now = Date.now()): void {
  status.failuresInARow++;
  status.lastError = error;
  add(status, "failed_steps", 1);
  status.gauges.last_step_timestamp_seconds = Math.floor(now / 1000);
}

/** The chain answered at start: failed connections no longer make /health `failing`. */
export function recordConnected(status: AgentStatus): void {
  status.failuresInARow = 0;
  status.lastError = null;
}

/**
 * How long without a successful pass before /health says `stalled`: 10 intervals, at least twice
 * the receipt timeout (a pass may wait that long for a trade), at least 30 s.
 */
export function traderStaleAfterMs(config: { intervalMs: number; receiptTimeoutMs: number }) {
  return Math.max(30_000, 10 * config.intervalMs, 2 * config.receiptTimeoutMs);
}
