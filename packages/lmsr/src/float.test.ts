import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import { WAD } from "./constants.js";
import {
  impliedProbabilities,
  numberToWad,
  priceAfterTradeFloat,
  priceFloat,
  pricesFloat,
  wadToNumber,
  x128ToNumber,
} from "./float.js";
import { ONE } from "./math.js";
import { priceWad } from "./priceWad.js";

describe("float helpers (approximate, for charts)", () => {
  it("converts X128 and WAD", () => {
    expect(x128ToNumber(ONE)).toBe(1);
    expect(x128ToNumber(ONE / 4n)).toBe(0.25);
    expect(wadToNumber(WAD / 2n)).toBe(0.5);
    expect(wadToNumber(3n * WAD + 1n)).toBeCloseTo(3, 15);
    expect(numberToWad(0.25)).toBe(WAD / 4n);
    expect(numberToWad(0.7)).toBe(7n * 10n ** 17n);
    expect(() => numberToWad(Number.NaN)).toThrow(RangeError);
  });

  it("priceFloat agrees with the contract's price to ~1e-12", () => {
    fc.assert(
      fc.property(marketArb({ maxOutcomes: 6 }), (m) => {
        for (const q of m.supplies) {
          const exact = wadToNumber(priceWad(m.logSum, q, m.b));
          const approx = priceFloat(m.logSum, q, m.b);
          expect(Math.abs(approx - exact)).toBeLessThanOrEqual(1e-12 * exact + 2e-18);
        }
      }),
    );
  });

  it("pricesFloat and impliedProbabilities", () => {
    const m = new SimMarket(3, 10n ** 18n);
    m.buy(0, 10n ** 18n);
    const p = pricesFloat(m.logSum, m.supplies, m.b);
    const s = impliedProbabilities(m.supplies, m.b);
    expect(p).toHaveLength(3);
    // softmax of (1, 0, 0)
    expect(s[0]).toBeCloseTo(Math.E / (Math.E + 2), 14);
    expect(s.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 14);
    for (const [i, x] of p.entries()) expect(x).toBeCloseTo(s[i] ?? Number.NaN, 12);
    expect(impliedProbabilities([], 1n)).toEqual([]);
    // Huge spreads do not overflow.
    const extreme = impliedProbabilities([0n, 150n * 10n ** 18n], 10n ** 18n);
    expect(extreme[1]).toBe(1);
  });

  it("priceAfterTradeFloat follows the contract's price after a buy or sell", () => {
    const m = new SimMarket(4, 10n ** 18n);
    m.buy(2, 2n * 10n ** 18n);
    const p = wadToNumber(priceWad(m.logSum, m.supply(2), m.b));
    const shares = 3n * 10n ** 17n;
    const bought = m.clone();
    bought.buy(2, shares);
    expect(priceAfterTradeFloat(p, shares, m.b)).toBeCloseTo(
      wadToNumber(priceWad(bought.logSum, bought.supply(2), m.b)),
      12,
    );
    const sold = m.clone();
    sold.sell(2, shares);
    expect(priceAfterTradeFloat(p, -shares, m.b)).toBeCloseTo(
      wadToNumber(priceWad(sold.logSum, sold.supply(2), m.b)),
      12,
    );
    expect(priceAfterTradeFloat(0, shares, m.b)).toBe(0);
    expect(priceAfterTradeFloat(1, shares, m.b)).toBe(1);
  });
});
