import { MAX_SHARES } from "./constants.js";
import {
  CostAboveMaxError,
  LogSumOutOfRangeError,
  SharesBelowMinError,
  SharesOutOfRangeError,
  ZeroAmountError,
} from "./errors.js";
import { netOfFee } from "./fee.js";
import { costOf, logSumAfter, MAX_LOG_SUM, sharesForBudget } from "./math.js";
import { assertPoolFits } from "./quoteBuy.js";
import type { Market } from "./types.js";
import { assertMarket, assertSupply, assertUint } from "./validate.js";

export type QuoteBuyWithCollateralParameters = Parameters<typeof quoteBuyWithCollateral>;
export type QuoteBuyWithCollateralReturnType = {
  /** Shares minted to the buyer. */
  shares: bigint;
  /** Fee part of `collateralIn`: collateralIn − floor(collateralIn · 10000 / (10000 + feeBps)). */
  fee: bigint;
  /** The log-sum the market stores after the buy, X128. */
  newLogSum: bigint;
};

/**
 * Quotes `buyWithCollateral(marketId, outcome, collateralIn, minShares, ...)`: the whole
 * `collateralIn` is charged, `collateralIn − fee` buys `shares` through the contract's closed
 * form `sharesForBudget`, and the market stores `newLogSum`.
 *
 * Unlike the contract's view `quoteBuyWithCollateral`, which returns 0, a budget that buys no
 * share throws, as `buyWithCollateral` reverts.
 *
 * @throws ZeroAmountError if `collateralIn` is zero.
 * @throws SharesBelowMinError if the budget buys no share.
 * @throws SharesOutOfRangeError if the supply would reach 2^128, or the pool would exceed
 * uint120 (always so for `collateralIn` ≥ 2^120; above 2^128 this is thrown before any math,
 * where the contract's reason for reverting is not mirrored).
 * @throws LogSumOutOfRangeError if the new log-sum exceeds `MAX_LOG_SUM`.
 * @throws CostAboveMaxError if the shares would cost more than the budget (the contract's guard;
 * never observed).
 */
export function quoteBuyWithCollateral(
  market: Market,
  supply: bigint,
  collateralIn: bigint,
): QuoteBuyWithCollateralReturnType {
  assertMarket(market);
  assertSupply(supply);
  assertUint("collateralIn", collateralIn);
  if (collateralIn === 0n) throw new ZeroAmountError({ what: "collateral amount" });
  // The pool is a uint120, so the contract reverts for any such amount; above 2^128 the
  // library's `(budget - 1) << 128` would wrap on-chain, so do not compute at all.
  if (collateralIn > MAX_SHARES) assertPoolFits(market.pool, collateralIn);
  const { liquidity: b, logSum } = market;
  const net = netOfFee(collateralIn, market.feeBps);
  const shares = sharesForBudget(logSum, supply, b, net);
  if (shares === 0n) throw new SharesBelowMinError({ shares, minShares: 0n });
  const qNew = supply + shares;
  if (qNew >= MAX_SHARES) throw new SharesOutOfRangeError({ shares: qNew });
  const newLogSum = logSumAfter(logSum, supply, qNew, b);
  if (newLogSum > MAX_LOG_SUM) {
    throw new LogSumOutOfRangeError({ logSum: newLogSum, maxLogSum: MAX_LOG_SUM });
  }
  const cost = costOf(logSum, newLogSum, b);
  if (cost > net) throw new CostAboveMaxError({ cost, maxCost: net });
  assertPoolFits(market.pool, collateralIn);
  return { shares, fee: collateralIn - net, newLogSum };
}
