import { WAD } from "./constants.js";
import { priceDown } from "./math.js";
import { assertLiquidity, assertLogSum, assertSupply } from "./validate.js";

export type PriceWadParameters = Parameters<typeof priceWad>;
export type PriceWadReturnType = bigint;

/**
 * The contract's `price(marketId, outcome)`: the outcome's price exp(q/b − L), WAD, rounded
 * down: `(priceDown(L, q, b) * 1e18) >> 128`. Always in [0, 1e18].
 *
 * @param logSum The market's stored log-sum L, X128.
 * @param supply The outcome's share supply q, base units.
 * @param liquidity The market's liquidity b, base units.
 */
export function priceWad(logSum: bigint, supply: bigint, liquidity: bigint): PriceWadReturnType {
  assertLogSum(logSum);
  assertSupply(supply);
  assertLiquidity(liquidity);
  return (priceDown(logSum, supply, liquidity) * WAD) >> 128n;
}
