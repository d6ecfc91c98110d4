/**
 * The part of a market's stored state that prices trades: what `getMarket(marketId)` returns
 * as `liquidity`, `logSum`, `feeBps` and, optionally, `pool`. Every field is a bigint in the
 * contract's units.
 */
export type Market = {
  /** LMSR liquidity b, base units of the collateral (1 ≤ b < 2^96). */
  liquidity: bigint;
  /** The stored log-sum L = ln Σ exp(q_j / b), X128 (2^128 == 1.0). */
  logSum: bigint;
  /** Trading fee in basis points (≤ `MAX_FEE_BPS`). */
  feeBps: bigint;
  /**
   * Collateral held by the market, base units. Optional: when given, buys that would push it
   * above `type(uint120).max` throw `SharesOutOfRangeError`, as the contract reverts.
   */
  pool?: bigint | undefined;
};

/** Which way a trade goes. */
export type Side = "buy" | "sell";
