/**
 * @mandate/trader: the AI trader's decision core. Beliefs from several sources, pooled in
 * log-odds; LMSR-exact sizing (closed-form target, fractional Kelly, the holder's caps); a
 * decision record for every choice, skips included; a backtest on ForecastBench.
 */
export * from "./agent.js";
export * from "./backtest.js";
export * from "./beliefs/index.js";
export * from "./limits.js";
export * from "./prob.js";
export * from "./sim.js";
export * from "./sizing.js";
export * from "./types.js";
