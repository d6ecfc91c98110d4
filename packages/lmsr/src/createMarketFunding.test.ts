import { describe, expect, it } from "vitest";
import { D, dec, fromX128 } from "../test/exact.js";
import { createMarketFunding } from "./createMarketFunding.js";
import { InvalidArgumentError, InvalidLiquidityError, InvalidOutcomeCountError } from "./errors.js";
import { costOf, initialLogSum } from "./math.js";

describe("createMarketFunding", () => {
  it("stores initialLogSum(n) and charges costOf(0, logSum, b)", () => {
    for (const n of [2n, 3n, 7n, 256n]) {
      for (const b of [1n, 10n ** 6n, 10n ** 18n, 2n ** 96n - 1n]) {
        const { funding, logSum } = createMarketFunding(n, b);
        expect(logSum).toBe(initialLogSum(n));
        expect(funding).toBe(costOf(0n, logSum, b));
      }
    }
  });

  it("funds ceil(b · ln n), never less", () => {
    const { funding, logSum } = createMarketFunding(2n, 10n ** 18n);
    expect(funding).toBe(693147180559945310n); // b·ln 2 = 693147180559945309.4…
    expect(fromX128(logSum).gt(new D(2).ln())).toBe(true);
    for (const n of [2n, 5n, 100n, 256n]) {
      const b = 10n ** 24n + 7n;
      const exact = dec(b).mul(dec(n).ln());
      const { funding: f } = createMarketFunding(n, b);
      expect(dec(f).gte(exact)).toBe(true);
      expect(dec(f).minus(exact).lt(1.000001)).toBe(true);
    }
  });

  it("rejects what createMarket rejects", () => {
    expect(() => createMarketFunding(1n, 10n ** 18n)).toThrow(InvalidOutcomeCountError);
    expect(() => createMarketFunding(257n, 10n ** 18n)).toThrow(InvalidOutcomeCountError);
    expect(() => createMarketFunding(2n, 0n)).toThrow(InvalidLiquidityError);
    expect(() => createMarketFunding(2n, 2n ** 96n)).toThrow(InvalidLiquidityError);
    expect(() => createMarketFunding(-2n, 1n)).toThrow(InvalidArgumentError);
  });
});
