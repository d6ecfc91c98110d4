/**
 * Floating-point helpers for charts and display.
 *
 * APPROXIMATE. Everything here returns JavaScript numbers (doubles, ~16 significant digits)
 * and is meant for plotting and labels only. Never use these values for amounts, slippage
 * limits, or anything sent to the contract: use the bigint functions of this package, which
 * return the contract's exact integers.
 */
import { WAD } from "./constants.js";
import { assertLiquidity, assertLogSum, assertSupply, assertUint } from "./validate.js";

const TWO_POW_128 = 2 ** 128;

export type X128ToNumberParameters = Parameters<typeof x128ToNumber>;
export type X128ToNumberReturnType = number;

/** An X128 fixed-point value (2^128 == 1.0) as a number (approximate). */
export function x128ToNumber(x: bigint): X128ToNumberReturnType {
  return Number(x) / TWO_POW_128;
}

export type WadToNumberParameters = Parameters<typeof wadToNumber>;
export type WadToNumberReturnType = number;

/** A WAD value (1e18 == 1.0) as a number (approximate). */
export function wadToNumber(wad: bigint): WadToNumberReturnType {
  const whole = wad / WAD;
  return Number(whole) + Number(wad - whole * WAD) / 1e18;
}

export type NumberToWadParameters = Parameters<typeof numberToWad>;
export type NumberToWadReturnType = bigint;

/**
 * A probability typed by a user (e.g. from a slider) as WAD, rounded to the nearest unit of
 * 1e-18 as far as a double allows. For targets such as `tradeToProbability`'s, not amounts.
 */
export function numberToWad(value: number): NumberToWadReturnType {
  if (!Number.isFinite(value)) throw new RangeError(`numberToWad: not finite: ${value}`);
  const whole = Math.trunc(value);
  const fraction = value - whole;
  return BigInt(whole) * WAD + BigInt(Math.round(fraction * 1e18));
}

export type PriceFloatParameters = Parameters<typeof priceFloat>;
export type PriceFloatReturnType = number;

/**
 * Approximate price exp(q/b − L) of one outcome against the stored log-sum, as a number in
 * [0, 1]. Within a few parts in 1e15 of the contract's `price`, without its rounding down.
 */
export function priceFloat(
  logSum: bigint,
  supply: bigint,
  liquidity: bigint,
): PriceFloatReturnType {
  assertLogSum(logSum);
  assertSupply(supply);
  assertLiquidity(liquidity);
  // Subtract in X128 first so that the double never sees the (cancelling) large terms.
  const gap = logSum - (supply << 128n) / liquidity;
  return Math.min(1, Math.exp(-x128ToNumber(gap)));
}

export type PricesFloatParameters = Parameters<typeof pricesFloat>;
export type PricesFloatReturnType = number[];

/** Approximate prices of every outcome against the stored log-sum (sum ≤ 1 up to float error). */
export function pricesFloat(
  logSum: bigint,
  supplies: readonly bigint[],
  liquidity: bigint,
): PricesFloatReturnType {
  return supplies.map((supply) => priceFloat(logSum, supply, liquidity));
}

export type ImpliedProbabilitiesParameters = Parameters<typeof impliedProbabilities>;
export type ImpliedProbabilitiesReturnType = number[];

/**
 * Approximate LMSR probabilities exp(q_i/b) / Σ_j exp(q_j/b) computed from the supplies alone
 * (softmax), normalised to sum to 1. Independent of the stored log-sum, which sits slightly
 * above the exact one: use it to label a chart whose values must add up to 100 %.
 */
export function impliedProbabilities(
  supplies: readonly bigint[],
  liquidity: bigint,
): ImpliedProbabilitiesReturnType {
  assertLiquidity(liquidity);
  if (supplies.length === 0) return [];
  let max = 0n;
  for (const [i, q] of supplies.entries()) {
    assertSupply(q, `supplies[${i}]`);
    if (q > max) max = q;
  }
  const weights = supplies.map((q) => Math.exp(-x128ToNumber(((max - q) << 128n) / liquidity)));
  const total = weights.reduce((a, w) => a + w, 0);
  return weights.map((w) => w / total);
}

export type PriceAfterTradeFloatParameters = Parameters<typeof priceAfterTradeFloat>;
export type PriceAfterTradeFloatReturnType = number;

/**
 * Approximate price of an outcome after buying (`shares` > 0) or selling (`shares` < 0) that
 * many of its shares, from its current price `price` ∈ (0, 1): in LMSR the log-odds move by
 * shares/b. For slippage curves; amounts come from `quoteBuy` / `quoteSell`.
 */
export function priceAfterTradeFloat(
  price: number,
  shares: bigint,
  liquidity: bigint,
): PriceAfterTradeFloatReturnType {
  assertLiquidity(liquidity);
  if (!(price > 0 && price < 1)) return price;
  const negative = shares < 0n;
  const magnitude = negative ? -shares : shares;
  assertUint("shares", magnitude);
  const step = x128ToNumber((magnitude << 128n) / liquidity) * (negative ? -1 : 1);
  const logOdds = Math.log(price) - Math.log1p(-price) + step;
  return logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
}
