import { MAX_FEE_BPS, MAX_LIQUIDITY, MAX_POOL, MAX_SHARES, MAX_UINT256 } from "./constants.js";
import { FeeTooHighError, InvalidArgumentError, InvalidLiquidityError } from "./errors.js";
import { MAX_LOG_SUM } from "./math.js";
import type { Market } from "./types.js";

/**
 * Internal argument checks. They reject values the contract can never hold (negative amounts,
 * supplies ≥ 2^128, ...), so that every function computes on the same domain as the contract.
 */

/** Throws `InvalidArgumentError` unless `value` is a bigint in [min, max]. */
export function assertUint(argument: string, value: bigint, max: bigint = MAX_UINT256, min = 0n) {
  if (typeof value !== "bigint" || value < min || value > max) {
    throw new InvalidArgumentError({
      argument,
      value,
      expected: `a bigint between ${min} and ${max}`,
    });
  }
}

/** Checks a liquidity parameter: 1 ≤ b < 2^96 (`InvalidLiquidity`). */
export function assertLiquidity(liquidity: bigint) {
  if (typeof liquidity !== "bigint") assertUint("liquidity", liquidity);
  if (liquidity < 1n || liquidity > MAX_LIQUIDITY) throw new InvalidLiquidityError({ liquidity });
}

/** Checks a stored log-sum: 0 ≤ L ≤ MAX_LOG_SUM. */
export function assertLogSum(logSum: bigint) {
  assertUint("logSum", logSum, MAX_LOG_SUM);
}

/** Checks one outcome's supply: 0 ≤ q < 2^128. */
export function assertSupply(supply: bigint, argument = "supply") {
  assertUint(argument, supply, MAX_SHARES - 1n);
}

/** Checks a market's pricing state. */
export function assertMarket(market: Market) {
  if (typeof market !== "object" || market === null) {
    throw new InvalidArgumentError({
      argument: "market",
      value: market,
      expected: "an object { liquidity, logSum, feeBps }",
    });
  }
  assertLiquidity(market.liquidity);
  assertLogSum(market.logSum);
  assertUint("feeBps", market.feeBps);
  if (market.feeBps > MAX_FEE_BPS) {
    throw new FeeTooHighError({ feeBps: market.feeBps, maxFeeBps: MAX_FEE_BPS });
  }
  if (market.pool !== undefined) assertUint("pool", market.pool, MAX_POOL);
}
