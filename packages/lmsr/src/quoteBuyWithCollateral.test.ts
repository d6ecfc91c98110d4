import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import {
  LmsrError,
  LogSumOutOfRangeError,
  SharesBelowMinError,
  SharesOutOfRangeError,
  ZeroAmountError,
} from "./errors.js";
import { netOfFee } from "./fee.js";
import { sharesForBudget } from "./math.js";
import { quoteBuy } from "./quoteBuy.js";
import { quoteBuyWithCollateral } from "./quoteBuyWithCollateral.js";

const attempt = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch (error) {
    if (error instanceof LmsrError) return undefined;
    throw error;
  }
};

describe("quoteBuyWithCollateral", () => {
  it("follows the contract's buyWithCollateral", () => {
    const m = new SimMarket(2, 10n ** 18n, 30n);
    const collateralIn = 10n ** 18n;
    const r = quoteBuyWithCollateral(m.market, 0n, collateralIn);
    const net = (collateralIn * 10_000n) / 10_030n;
    expect(r.shares).toBe(sharesForBudget(m.logSum, 0n, m.b, net));
    expect(r.fee).toBe(collateralIn - net);
    expect(r.newLogSum).toBe(quoteBuy(m.market, 0n, r.shares).newLogSum);
  });

  it("throws where the contract reverts", () => {
    const m = new SimMarket(2, 10n ** 18n);
    expect(() => quoteBuyWithCollateral(m.market, 0n, 0n)).toThrow(ZeroAmountError);
    // One base unit buys nothing: buyWithCollateral reverts SharesBelowMin(0, minShares).
    expect(() => quoteBuyWithCollateral(m.market, 0n, 1n)).toThrow(SharesBelowMinError);
    // A budget of 60·b buys q/b ≈ 60.7 and would take L beyond MAX_LOG_SUM = 50.
    expect(() => quoteBuyWithCollateral(m.market, 0n, 60n * 10n ** 18n)).toThrow(
      LogSumOutOfRangeError,
    );
    // The contract checks the log-sum before the pool: the same order here.
    expect(() => quoteBuyWithCollateral(m.market, 0n, 2n ** 120n)).toThrow(LogSumOutOfRangeError);
    // Above 2^128 the pool check comes first (the library's shift would wrap on-chain).
    expect(() => quoteBuyWithCollateral(m.market, 0n, 2n ** 128n + 1n)).toThrow(
      SharesOutOfRangeError,
    );
    expect(() => quoteBuyWithCollateral(m.market, 0n, 2n ** 200n)).toThrow(SharesOutOfRangeError);
    expect(() =>
      quoteBuyWithCollateral({ ...m.market, pool: 2n ** 120n - 2n }, 0n, 10n ** 18n),
    ).toThrow(SharesOutOfRangeError);
  });

  it("the shares cost at most the budget, and one more share would not fit", () => {
    fc.assert(
      fc.property(
        marketArb(),
        fc.nat(),
        fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 2n ** 100n })),
        (m, i, collateralIn) => {
          const outcome = i % m.n;
          const q = m.supply(outcome);
          const r = attempt(() => quoteBuyWithCollateral(m.market, q, collateralIn));
          if (r === undefined) return;
          expect(r.shares).toBeGreaterThan(0n);
          const net = netOfFee(collateralIn, m.feeBps);
          expect(r.fee).toBe(collateralIn - net);
          // Buying the same shares with `buy` costs no more than the budget, fee included.
          const same = quoteBuy(m.market, q, r.shares);
          expect(same.cost).toBeLessThanOrEqual(collateralIn);
          expect(same.net).toBeLessThanOrEqual(net);
          expect(same.newLogSum).toBe(r.newLogSum);
          // One more share costs more than the budget less the base unit held back for the
          // ceiling (sharesForBudget solves for budget − 1).
          const more = attempt(() => quoteBuy(m.market, q, r.shares + 1n));
          if (more !== undefined) expect(more.net).toBeGreaterThanOrEqual(net - 1n);
        },
      ),
    );
  });
});
