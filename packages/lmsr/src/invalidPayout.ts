import { InsufficientSupplyError, ZeroAmountError } from "./errors.js";
import { priceDown } from "./math.js";
import { assertLiquidity, assertLogSum, assertSupply, assertUint } from "./validate.js";

export type InvalidPayoutParameters = Parameters<typeof invalidPayout>;
export type InvalidPayoutReturnType = bigint;

/**
 * What `redeem` pays for `shares` of an outcome once the market resolved invalid: every share
 * pays its outcome's last price, `(shares * priceDown(L, q, b)) >> 128` base units (rounded
 * down). Supplies and log-sum are frozen at resolution, so this is final.
 *
 * @param logSum The market's stored log-sum L at resolution, X128.
 * @param supply The outcome's total share supply q (escrowed redeemed shares included).
 * @param liquidity The market's liquidity b, base units.
 * @param shares Shares redeemed.
 * @throws ZeroAmountError if `shares` is zero.
 * @throws InsufficientSupplyError if `shares` exceeds the supply.
 */
export function invalidPayout(
  logSum: bigint,
  supply: bigint,
  liquidity: bigint,
  shares: bigint,
): InvalidPayoutReturnType {
  assertLogSum(logSum);
  assertSupply(supply);
  assertLiquidity(liquidity);
  assertUint("shares", shares);
  if (shares === 0n) throw new ZeroAmountError({ what: "share amount" });
  if (shares > supply) throw new InsufficientSupplyError({ supply, shares });
  return (shares * priceDown(logSum, supply, liquidity)) >> 128n;
}
