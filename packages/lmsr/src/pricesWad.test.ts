import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import { WAD } from "./constants.js";
import { InvalidOutcomeCountError } from "./errors.js";
import { pricesWad } from "./pricesWad.js";
import { priceWad } from "./priceWad.js";

const sum = (xs: bigint[]) => xs.reduce((a, x) => a + x, 0n);
/** 1 − 1e-15 in WAD. */
const FLOOR = WAD - 1_000n;

describe("pricesWad", () => {
  it("maps priceWad over the outcomes", () => {
    const m = new SimMarket(4, 10n ** 9n);
    m.buy(3, 5n * 10n ** 9n);
    expect(pricesWad(m.logSum, m.supplies, m.b)).toEqual(
      m.supplies.map((q) => priceWad(m.logSum, q, m.b)),
    );
  });

  it("needs 2 to 256 outcomes", () => {
    expect(() => pricesWad(0n, [0n], 1n)).toThrow(InvalidOutcomeCountError);
    expect(() => pricesWad(0n, Array(257).fill(0n), 1n)).toThrow(InvalidOutcomeCountError);
  });

  it("sum to at most 1 and at least 1 − 1e-15", () => {
    fc.assert(
      fc.property(marketArb({ maxOutcomes: 16, maxTrades: 20 }), (m) => {
        const total = sum(pricesWad(m.logSum, m.supplies, m.b));
        expect(total).toBeLessThanOrEqual(WAD);
        expect(total).toBeGreaterThanOrEqual(FLOOR);
      }),
    );
  });

  it("sum to at most 1 and at least 1 − 1e-15 with 256 outcomes", () => {
    fc.assert(
      fc.property(
        marketArb({ minOutcomes: 200, maxOutcomes: 256, maxTrades: 60, maxMilli: 3_000 }),
        (m) => {
          const total = sum(pricesWad(m.logSum, m.supplies, m.b));
          expect(total).toBeLessThanOrEqual(WAD);
          expect(total).toBeGreaterThanOrEqual(FLOOR);
        },
      ),
      { numRuns: 30 },
    );
  });
});
