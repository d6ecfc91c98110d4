/**
 * The holder's trading limits as the trader sees them: the on-chain vault policy
 * (`ITradingVault.Policy`) plus an optional total cap the trader enforces off-chain, and what
 * the agent has already used. The arithmetic mirrors the vault so that a decision the trader
 * makes is never one the vault would revert.
 */
import type { Address } from "./types.js";

/** Length of a vault daily window (`ITradingVault.DAY`). */
export const DAY = 86_400n;

/** What the holder allows, in base units of the policy's collateral and Unix seconds. */
export interface TradingPolicy {
  /** Largest cost of one agent buy, fee included. */
  maxPerTrade: bigint;
  /** Largest total cost of agent buys in one daily window. */
  maxPerDay: bigint;
  /** Largest net agent spending in one market: max(0, Σ buy costs − Σ sell proceeds). */
  maxExposurePerMarket: bigint;
  /**
   * Largest net spending summed over every market. Off-chain only (the vault has no such cap):
   * the trader enforces it; undefined for none.
   */
  maxTotalExposure?: bigint | undefined;
  /** The agent may act while now < expiry. */
  expiry: bigint;
  /** Every market, or only these. */
  allowedMarkets: "all" | readonly bigint[];
  /** The only collateral the agent trades (when known). */
  collateral?: Address | undefined;
}

/** What the agent has used, as the vault reports it (`dailyWindow`, `exposureOf`). */
export interface LimitUsage {
  /** When the current daily window opened (0 if never). */
  windowStart: bigint;
  /** What agent buys spent in that window. */
  windowSpent: bigint;
  /** The agent's net spending in this market (`exposureOf`). */
  marketExposure: bigint;
  /** Net spending summed over every market (for `maxTotalExposure`). */
  totalExposure: bigint;
}

/** The vault's "no limit" value: type(uint96).max. */
export const NO_LIMIT = (1n << 96n) - 1n;

/**
 * What agent buys may still spend in the daily window at `now`, as `spendableToday`: the whole
 * `maxPerDay` once the window has lapsed (now ≥ windowStart + DAY; a buy then opens a new one).
 */
export function remainingToday(policy: TradingPolicy, usage: LimitUsage, now: bigint): bigint {
  const lapsed = usage.windowStart === 0n || now >= usage.windowStart + DAY;
  const spent = lapsed ? 0n : usage.windowSpent;
  return policy.maxPerDay > spent ? policy.maxPerDay - spent : 0n;
}

/** What may still be added to this market's exposure. */
export function remainingExposure(policy: TradingPolicy, usage: LimitUsage): bigint {
  return policy.maxExposurePerMarket > usage.marketExposure
    ? policy.maxExposurePerMarket - usage.marketExposure
    : 0n;
}

/** What may still be added to the total exposure (undefined: no total cap). */
export function remainingTotal(policy: TradingPolicy, usage: LimitUsage): bigint | undefined {
  if (policy.maxTotalExposure === undefined) return undefined;
  return policy.maxTotalExposure > usage.totalExposure
    ? policy.maxTotalExposure - usage.totalExposure
    : 0n;
}

/** Whether the policy allows `marketId`. */
export function marketAllowed(policy: TradingPolicy, marketId: bigint): boolean {
  return policy.allowedMarkets === "all" || policy.allowedMarkets.includes(marketId);
}

/** Checks a policy's amounts: each a bigint ≥ 0. Returns an error message or null. */
export function policyProblem(policy: TradingPolicy): string | null {
  for (const key of ["maxPerTrade", "maxPerDay", "maxExposurePerMarket", "expiry"] as const) {
    const v = policy[key];
    if (typeof v !== "bigint" || v < 0n) return `policy.${key} must be a bigint ≥ 0`;
  }
  const t = policy.maxTotalExposure;
  if (t !== undefined && (typeof t !== "bigint" || t < 0n)) {
    return "policy.maxTotalExposure must be a bigint ≥ 0";
  }
  return null;
}

/** Checks usage amounts. Returns an error message or null. */
export function usageProblem(usage: LimitUsage): string | null {
  for (const key of ["windowStart", "windowSpent", "marketExposure", "totalExposure"] as const) {
    const v = usage[key];
    if (typeof v !== "bigint" || v < 0n) return `usage.${key} must be a bigint ≥ 0`;
  }
  return null;
}
