import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import { WAD } from "./constants.js";
import { InvalidArgumentError, InvalidLiquidityError } from "./errors.js";
import { priceDown } from "./math.js";
import { priceWad } from "./priceWad.js";

describe("priceWad", () => {
  it("is (priceDown · 1e18) >> 128", () => {
    const m = new SimMarket(3, 10n ** 18n);
    m.buy(0, 10n ** 18n);
    for (const q of m.supplies) {
      expect(priceWad(m.logSum, q, m.b)).toBe((priceDown(m.logSum, q, m.b) * WAD) >> 128n);
    }
  });

  it("is just below 1/n on a fresh market", () => {
    for (const n of [2, 3, 10, 256]) {
      const m = new SimMarket(n, 10n ** 18n);
      const p = priceWad(m.logSum, 0n, m.b);
      expect(p).toBeLessThanOrEqual(WAD / BigInt(n));
      expect(WAD / BigInt(n) - p).toBeLessThanOrEqual(2n);
    }
  });

  it("rejects invalid input", () => {
    expect(() => priceWad(0n, 0n, 0n)).toThrow(InvalidLiquidityError);
    expect(() => priceWad(0n, -1n, 1n)).toThrow(InvalidArgumentError);
    expect(() => priceWad(-1n, 0n, 1n)).toThrow(InvalidArgumentError);
  });

  it("stays in [0, 1e18]", () => {
    fc.assert(
      fc.property(marketArb({ maxMilli: 100_000, maxTrades: 6 }), (m) => {
        for (const q of m.supplies) {
          const p = priceWad(m.logSum, q, m.b);
          expect(p).toBeGreaterThanOrEqual(0n);
          expect(p).toBeLessThanOrEqual(WAD);
        }
      }),
    );
  });

  it("rises with the outcome's own buys", () => {
    fc.assert(
      fc.property(marketArb(), fc.nat(), fc.integer({ min: 1, max: 3_000 }), (m, i, milli) => {
        const outcome = i % m.n;
        const before = priceWad(m.logSum, m.supply(outcome), m.b);
        try {
          m.buy(outcome, (m.b * BigInt(milli)) / 1_000n + 1n);
        } catch {
          return;
        }
        expect(priceWad(m.logSum, m.supply(outcome), m.b)).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
