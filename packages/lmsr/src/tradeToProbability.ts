import { WAD } from "./constants.js";
import { LmsrError, OutcomeOutOfRangeError, TargetOutOfRangeError } from "./errors.js";
import { ln, ONE, priceDown } from "./math.js";
import { priceWad } from "./priceWad.js";
import { quoteBuy } from "./quoteBuy.js";
import { quoteSell } from "./quoteSell.js";
import type { Market } from "./types.js";
import { assertMarket, assertSupply, assertUint } from "./validate.js";

export type TradeToProbabilityParameters = Parameters<typeof tradeToProbability>;
export type TradeToProbabilityReturnType = {
  /** "buy" to raise the price, "sell" to lower it, "none" if no whole share moves it closer. */
  side: "buy" | "sell" | "none";
  /** Shares to trade, base units (0 when `side` is "none"). */
  shares: bigint;
  /** The outcome's price after the trade, WAD, exactly as the contract would report it. */
  priceAfterWad: bigint;
};

/**
 * The trade in one outcome that moves its price to `targetWad` without crossing it.
 *
 * Closed form: with p the current price and π the target, the supply q' at which the price is
 * π satisfies q'/b = L + u, u = ln(π(1 − p)/(1 − π)), so shares = b·(L + u) − q (positive: buy,
 * negative: sell). It is evaluated in X128 with the contract's own `ln` and `priceDown` (p is
 * the price the contract sees, against its stored L), rounded toward the current price, then
 * checked with the contract's arithmetic (`quoteBuy` / `quoteSell` and `price`) and adjusted
 * by whole shares: the result is the largest trade after which the contract's price is still
 * ≤ π for a buy (≥ π for a sell). Trading one more share would cross the target.
 *
 * The target may not be reachable: a sell is capped at the whole supply, and a buy at what the
 * contract accepts (`MAX_LOG_SUM`, supply < 2^128). The trade then stops at that limit and
 * `priceAfterWad` tells how far it got.
 *
 * @param market The market's `liquidity`, `logSum` and `feeBps` (fees do not move prices).
 * @param supplies Every outcome's share supply, in outcome order.
 * @param outcome Index of the outcome to trade.
 * @param targetWad Target probability, WAD, strictly between 0 and 1e18.
 */
export function tradeToProbability(
  market: Market,
  supplies: readonly bigint[],
  outcome: bigint,
  targetWad: bigint,
): TradeToProbabilityReturnType {
  assertMarket(market);
  assertUint("outcome", outcome);
  const supply = supplies[Number(outcome)];
  if (outcome >= BigInt(supplies.length) || supply === undefined) {
    throw new OutcomeOutOfRangeError({ outcome, outcomeCount: BigInt(supplies.length) });
  }
  assertSupply(supply);
  assertUint("targetWad", targetWad);
  if (targetWad <= 0n || targetWad >= WAD) throw new TargetOutOfRangeError({ targetWad });

  const { liquidity: b, logSum } = market;
  const current = priceWad(logSum, supply, b);
  if (current === targetWad) return { side: "none", shares: 0n, priceAfterWad: current };
  const buy = targetWad > current;

  // Closed form in X128: x' = L + ln π + ln(1 − p) − ln(1 − π).
  const p = priceDown(logSum, supply, b);
  const pi = (targetWad << 128n) / WAD;
  const xNew = logSum + ln(pi) + ln(ONE - p) - ln(ONE - pi);
  let guess: bigint;
  if (buy) {
    // Round the new supply down: fewer shares, a lower price.
    const qNew = xNew > 0n ? (xNew * b) >> 128n : 0n;
    guess = qNew > supply ? qNew - supply : 0n;
  } else {
    // Round the new supply up: fewer shares sold, a higher price.
    const qNew = xNew > 0n ? -((-xNew * b) >> 128n) : 0n;
    guess = qNew < supply ? supply - qNew : supply;
  }

  // Price the contract reports after trading `shares`, or undefined if it would revert.
  const priceAfter = (shares: bigint): bigint | undefined => {
    if (shares === 0n) return current;
    try {
      const { newLogSum } = buy
        ? quoteBuy(market, supply, shares)
        : quoteSell(market, supply, shares);
      return priceWad(newLogSum, buy ? supply + shares : supply - shares, b);
    } catch (error) {
      if (error instanceof LmsrError) return undefined;
      throw error;
    }
  };
  const fits = (shares: bigint): boolean => {
    if (!buy && shares > supply) return false;
    const after = priceAfter(shares);
    return after !== undefined && (buy ? after <= targetWad : after >= targetWad);
  };

  const shares = largestFitting(fits, guess);
  const priceAfterWad = priceAfter(shares) ?? current;
  if (shares === 0n) return { side: "none", shares, priceAfterWad };
  return { side: buy ? "buy" : "sell", shares, priceAfterWad };
}

/**
 * The largest s in [0, max] with fits(s), for a predicate true from 0 up to some point and false
 * after it (fits(0) is taken as true). Gallops from `guess` (expected within a few units), then
 * bisects. Shared by the trade-to-probability search and the trader's exact-quote searches.
 */
export function largestFitting(
  fits: (s: bigint) => boolean,
  guess: bigint,
  max: bigint = (1n << 256n) - 1n,
): bigint {
  if (max <= 0n) return 0n;
  const g = guess < 0n ? 0n : guess > max ? max : guess;
  let lo: bigint;
  let hi: bigint; // exclusive: !fits(hi) or hi = max + 1
  if (g === 0n || fits(g)) {
    lo = g;
    let step = 1n;
    for (;;) {
      if (lo === max) return max;
      const s = lo + step > max ? max : lo + step;
      if (fits(s)) {
        lo = s;
        step *= 2n;
      } else {
        hi = s;
        break;
      }
    }
  } else {
    hi = g;
    let step = 1n;
    for (;;) {
      const s = hi - step;
      if (s <= 0n) {
        lo = 0n;
        break;
      }
      if (fits(s)) {
        lo = s;
        break;
      }
      hi = s;
      step *= 2n;
    }
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
