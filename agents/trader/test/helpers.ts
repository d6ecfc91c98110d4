import { seedBinaryMarket } from "../src/backtest.js";
import type { PooledBelief } from "../src/beliefs/pool.js";
import type { LimitUsage, TradingPolicy } from "../src/limits.js";
import { NO_LIMIT } from "../src/limits.js";
import type { SimMarket } from "../src/sim.js";

export const T = 1_000_000n; // one token of a 6-decimal collateral
export const NOW = 1_750_000_000n;

/** A binary market seeded so that Yes trades at `price`. b in tokens. */
export function binaryMarket(price: number, b = 1_000n, feeBps = 0n, marketId = 1n): SimMarket {
  return seedBinaryMarket({
    marketId,
    liquidity: b * T,
    feeBps,
    price,
    now: NOW - 10n,
    closeTime: NOW + 86_400n * 30n,
    question: "Will it happen?",
  }).market;
}

/** A pooled belief from one source. */
export function belief(p: number, source = "test"): PooledBelief {
  return {
    p,
    method: "log-odds weighted mean",
    components: [{ source, weight: 1, share: 1, p, rationale: "test belief" }],
    failures: [],
  };
}

export function policy(overrides: Partial<TradingPolicy> = {}): TradingPolicy {
  return {
    maxPerTrade: NO_LIMIT,
    maxPerDay: NO_LIMIT,
    maxExposurePerMarket: NO_LIMIT,
    expiry: NOW + 86_400n * 365n,
    allowedMarkets: "all",
    ...overrides,
  };
}

export function usage(overrides: Partial<LimitUsage> = {}): LimitUsage {
  return { windowStart: 0n, windowSpent: 0n, marketExposure: 0n, totalExposure: 0n, ...overrides };
}
