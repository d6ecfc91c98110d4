import { BPS } from "./constants.js";
import { assertUint } from "./validate.js";

export type FeeOnParameters = Parameters<typeof feeOn>;
export type FeeOnReturnType = bigint;

/**
 * The fee on `amount`: ceil(amount · feeBps / 10000), as the contract's `_feeOn`
 * (`(amount * feeBps + 9999) / 10000`). Charged on top of a buy's cost and taken from a
 * sell's gross proceeds.
 */
export function feeOn(amount: bigint, feeBps: bigint): FeeOnReturnType {
  assertUint("amount", amount);
  assertUint("feeBps", feeBps);
  return (amount * feeBps + BPS - 1n) / BPS;
}

export type NetOfFeeParameters = Parameters<typeof netOfFee>;
export type NetOfFeeReturnType = bigint;

/**
 * The part of a fee-inclusive `gross` amount that buys shares: floor(gross · 10000 /
 * (10000 + feeBps)), as the contract's `_netOfFee`.
 */
export function netOfFee(gross: bigint, feeBps: bigint): NetOfFeeReturnType {
  assertUint("gross", gross);
  assertUint("feeBps", feeBps);
  return (gross * BPS) / (BPS + feeBps);
}
