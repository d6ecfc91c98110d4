import { MAX_OUTCOMES, MIN_OUTCOMES } from "./constants.js";
import { InvalidOutcomeCountError } from "./errors.js";
import { priceWad } from "./priceWad.js";

export type PricesWadParameters = Parameters<typeof pricesWad>;
export type PricesWadReturnType = bigint[];

/**
 * The contract's `prices(marketId)`: every outcome's price, WAD, rounded down. Their sum is at
 * most 1e18 (the stored log-sum never falls below the exact one).
 *
 * @param logSum The market's stored log-sum L, X128.
 * @param supplies Every outcome's share supply, in outcome order.
 * @param liquidity The market's liquidity b, base units.
 * @throws InvalidOutcomeCountError unless there are 2 to 256 supplies.
 */
export function pricesWad(
  logSum: bigint,
  supplies: readonly bigint[],
  liquidity: bigint,
): PricesWadReturnType {
  const n = BigInt(supplies.length);
  if (n < MIN_OUTCOMES || n > MAX_OUTCOMES) throw new InvalidOutcomeCountError({ outcomeCount: n });
  return supplies.map((supply) => priceWad(logSum, supply, liquidity));
}
