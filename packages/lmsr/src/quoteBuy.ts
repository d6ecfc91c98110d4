import { MAX_POOL, MAX_SHARES } from "./constants.js";
import { LogSumOutOfRangeError, SharesOutOfRangeError, ZeroAmountError } from "./errors.js";
import { feeOn } from "./fee.js";
import { costOf, logSumAfter, MAX_LOG_SUM } from "./math.js";
import type { Market } from "./types.js";
import { assertMarket, assertSupply, assertUint } from "./validate.js";

export type QuoteBuyParameters = Parameters<typeof quoteBuy>;
export type QuoteBuyReturnType = {
  /** Collateral the buyer pays, base units: `net + fee`. */
  cost: bigint;
  /** Fee part of `cost`: ceil(net · feeBps / 10000). */
  fee: bigint;
  /** Cost before the fee: ceil(b · (newLogSum − logSum)). */
  net: bigint;
  /** The log-sum the market stores after the buy, X128. */
  newLogSum: bigint;
};

/**
 * Quotes `buy(marketId, outcome, shares, ...)`: the same integers the contract charges and
 * stores.
 *
 * @param market The market's `liquidity`, `logSum`, `feeBps` (and optionally `pool`).
 * @param supply The outcome's current share supply q, base units.
 * @param shares Shares to buy, base units.
 * @throws ZeroAmountError if `shares` is zero.
 * @throws SharesOutOfRangeError if q + shares ≥ 2^128 (or the pool would overflow uint120).
 * @throws LogSumOutOfRangeError if the new log-sum exceeds `MAX_LOG_SUM`.
 */
export function quoteBuy(market: Market, supply: bigint, shares: bigint): QuoteBuyReturnType {
  assertMarket(market);
  assertSupply(supply);
  assertUint("shares", shares);
  if (shares === 0n) throw new ZeroAmountError({ what: "share amount" });
  const { liquidity: b, logSum } = market;
  const qNew = supply + shares;
  if (qNew >= MAX_SHARES) throw new SharesOutOfRangeError({ shares: qNew });
  const newLogSum = logSumAfter(logSum, supply, qNew, b);
  if (newLogSum > MAX_LOG_SUM) {
    throw new LogSumOutOfRangeError({ logSum: newLogSum, maxLogSum: MAX_LOG_SUM });
  }
  const net = costOf(logSum, newLogSum, b);
  const fee = feeOn(net, market.feeBps);
  const cost = net + fee;
  assertPoolFits(market.pool, cost);
  return { cost, fee, net, newLogSum };
}

/** The contract's `_toUint120(pool + paid)` on every buy. */
export function assertPoolFits(pool: bigint | undefined, paid: bigint) {
  const after = (pool ?? 0n) + paid;
  if (after > MAX_POOL) {
    throw new SharesOutOfRangeError({
      shares: after,
      details: "The market's collateral pool would exceed type(uint120).max.",
    });
  }
}
