import { InsufficientSupplyError, ZeroAmountError } from "./errors.js";
import { feeOn } from "./fee.js";
import { logSumAfter, proceedsOf } from "./math.js";
import type { Market } from "./types.js";
import { assertMarket, assertSupply, assertUint } from "./validate.js";

export type QuoteSellParameters = Parameters<typeof quoteSell>;
export type QuoteSellReturnType = {
  /** Collateral the seller receives, base units: `gross − fee`. */
  proceeds: bigint;
  /** Fee kept by the market: ceil(gross · feeBps / 10000). */
  fee: bigint;
  /** Proceeds before the fee: floor(b · (logSum − newLogSum)). */
  gross: bigint;
  /** The log-sum the market stores after the sell, X128. */
  newLogSum: bigint;
};

/**
 * Quotes `sell(marketId, outcome, shares, ...)`: the same integers the contract pays and
 * stores.
 *
 * @param market The market's `liquidity`, `logSum` and `feeBps`.
 * @param supply The outcome's current share supply q, base units.
 * @param shares Shares to sell, base units.
 * @throws ZeroAmountError if `shares` is zero.
 * @throws InsufficientSupplyError if `shares` exceeds the supply (the contract reverts with
 * `ERC6909InsufficientBalance`; a seller's balance is further bounded by what they hold).
 */
export function quoteSell(market: Market, supply: bigint, shares: bigint): QuoteSellReturnType {
  assertMarket(market);
  assertSupply(supply);
  assertUint("shares", shares);
  if (shares === 0n) throw new ZeroAmountError({ what: "share amount" });
  if (shares > supply) throw new InsufficientSupplyError({ supply, shares });
  const { liquidity: b, logSum } = market;
  const newLogSum = logSumAfter(logSum, supply, supply - shares, b);
  const gross = proceedsOf(logSum, newLogSum, b);
  const fee = feeOn(gross, market.feeBps);
  return { proceeds: gross - fee, fee, gross, newLogSum };
}
