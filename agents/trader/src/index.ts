/**
 * @mandate/trader: the AI trader. Beliefs from several sources, pooled in log-odds; LMSR-exact
 * sizing (closed-form target, fractional Kelly, the holder's caps); a decision record for every
 * choice, skips included; a backtest on ForecastBench; and the chain runtime: trades through the
 * holder's vault with @mandate/sdk, idempotent and crash-safe, persisted in the decision store,
 * with a track record (Brier score, log loss) over resolved markets.
 */
export * from "./agent.js";
export * from "./backtest.js";
export * from "./beliefs/index.js";
export { main as traderCli, USAGE as TRADER_USAGE } from "./cli.js";
export * from "./limits.js";
export * from "./prob.js";
export * from "./sim.js";
export * from "./sizing.js";
export * from "./track-record.js";
export * from "./types.js";
export * from "./vault/index.js";
