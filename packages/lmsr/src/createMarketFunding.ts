import { MAX_OUTCOMES, MIN_OUTCOMES } from "./constants.js";
import { InvalidOutcomeCountError } from "./errors.js";
import { costOf, initialLogSum } from "./math.js";
import { assertLiquidity, assertUint } from "./validate.js";

export type CreateMarketFundingParameters = Parameters<typeof createMarketFunding>;
export type CreateMarketFundingReturnType = {
  /** Collateral the creator pays, base units: ceil(b · ln n) with ln n rounded up. */
  funding: bigint;
  /** The log-sum the new market stores, X128: ln n rounded up. */
  logSum: bigint;
};

/**
 * What `createMarket` charges and stores for a market with `outcomeCount` outcomes and
 * liquidity `liquidity`: `logSum = initialLogSum(n)`, `funding = costOf(0, logSum, b)`.
 *
 * @throws InvalidOutcomeCountError unless 2 ≤ n ≤ 256.
 * @throws InvalidLiquidityError unless 1 ≤ b < 2^96.
 */
export function createMarketFunding(
  outcomeCount: bigint,
  liquidity: bigint,
): CreateMarketFundingReturnType {
  assertUint("outcomeCount", outcomeCount);
  if (outcomeCount < MIN_OUTCOMES || outcomeCount > MAX_OUTCOMES) {
    throw new InvalidOutcomeCountError({ outcomeCount });
  }
  assertLiquidity(liquidity);
  const logSum = initialLogSum(outcomeCount);
  return { funding: costOf(0n, logSum, liquidity), logSum };
}
