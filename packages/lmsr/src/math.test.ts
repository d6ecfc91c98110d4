/**
 * Sanity tests of the bit-exact mirror `math.ts` (its accuracy against decimal.js is measured in
 * `differential.test.ts`), plus a static check that it still matches the Solidity source.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  costOf,
  EXP_ERR,
  EXP_ZERO_BOUND,
  expNeg,
  expNegDown,
  expNegUp,
  initialLogSum,
  LN_ERR,
  LN2_X192,
  ln,
  lnDown,
  lnUp,
  logSumAfter,
  MAX_LOG_SUM,
  ONE,
  priceDown,
  proceedsOf,
  SQRT2_X128,
  sharesForBudget,
} from "./math.js";

const sol = readFileSync(
  new URL("../../../contracts/src/libraries/LMSRMath.sol", import.meta.url),
  "utf8",
);

describe("math.ts mirrors LMSRMath.sol", () => {
  const solConstant = (name: string): string => {
    const match = sol.match(new RegExp(`constant ${name} = ([^;]+);`));
    if (!match?.[1]) throw new Error(`${name} not found`);
    return match[1].trim();
  };

  it("has the same constants", () => {
    expect(BigInt(solConstant("ONE").replace("1 << ", ""))).toBe(128n);
    expect(LN2_X192).toBe(BigInt(solConstant("LN2_X192")));
    expect(SQRT2_X128).toBe(BigInt(solConstant("SQRT2_X128")));
    expect(solConstant("EXP_ZERO_BOUND")).toBe("90 << 128");
    expect(EXP_ZERO_BOUND).toBe(90n << 128n);
    expect(EXP_ERR).toBe(BigInt(solConstant("EXP_ERR")));
    expect(LN_ERR).toBe(BigInt(solConstant("LN_ERR")));
    expect(solConstant("MAX_LOG_SUM")).toBe("50 << 128");
    expect(MAX_LOG_SUM).toBe(50n << 128n);
    expect(solConstant("ATANH_TERMS")).toBe("26");
  });

  it("unrolls the same series: 32 exp steps i = 32..1 and 26 atanh constants ONE / (2j − 1)", () => {
    const expSteps = [
      ...sol.matchAll(/acc := sub\(ONE, div\(shr\(128, mul\(acc, r\)\), (\d+)\)\)/g),
    ];
    expect(expSteps.map((m) => Number(m[1]))).toEqual(Array.from({ length: 32 }, (_, i) => 32 - i));
    const atanh = [
      ...sol.matchAll(/acc := add\((\d+), shr\(128, mul\(acc, s2\)\)\) \/\/ ONE \/ (\d+)/g),
    ];
    expect(atanh).toHaveLength(26);
    for (const [, value, divisor] of atanh) {
      expect(BigInt(value ?? "")).toBe(ONE / BigInt(divisor ?? "0"));
    }
    expect(atanh.map((m) => Number(m[2]))).toEqual(
      Array.from({ length: 26 }, (_, i) => 51 - 2 * i),
    );
  });
});

describe("expNeg", () => {
  it("has exact edge values", () => {
    expect(expNeg(0n)).toBe(ONE);
    expect(expNeg(EXP_ZERO_BOUND)).toBe(0n);
    expect(expNeg(EXP_ZERO_BOUND - 1n)).toBeLessThanOrEqual(1n);
    expect(expNegUp(0n)).toBe(ONE);
    expect(expNegUp(EXP_ZERO_BOUND)).toBe(EXP_ERR);
    expect(expNegDown(EXP_ZERO_BOUND)).toBe(0n);
    expect(expNegDown(0n)).toBe(ONE - EXP_ERR);
  });

  it("is e^-1 and e^-10 to within an ulp or two", () => {
    // floor(e^-1 · 2^128) and floor(e^-10 · 2^128), from decimal.js at 80 digits.
    const e1 = 125182886983370532117250726298150828301n;
    const e10 = 15448795557622704876497742989562085n;
    expect(expNeg(ONE) - e1).toBeGreaterThanOrEqual(-2n);
    expect(expNeg(ONE) - e1).toBeLessThanOrEqual(2n);
    expect(expNeg(10n * ONE) - e10).toBeGreaterThanOrEqual(-2n);
    expect(expNeg(10n * ONE) - e10).toBeLessThanOrEqual(2n);
  });

  it("is non-increasing up to its error bound, and Up ≥ Down", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: EXP_ZERO_BOUND }),
        fc.bigInt({ min: 0n, max: 1n << 130n }),
        (a, d) => {
          expect(expNeg(a + d)).toBeLessThanOrEqual(expNeg(a) + 2n * EXP_ERR);
          expect(expNegUp(a)).toBeGreaterThanOrEqual(expNegDown(a));
          expect(expNegUp(a)).toBeLessThanOrEqual(ONE);
          expect(expNegUp(a)).toBeGreaterThanOrEqual(1n);
        },
      ),
    );
  });
});

describe("ln", () => {
  it("has exact and known values", () => {
    expect(ln(ONE)).toBe(0n);
    expect(ln(2n * ONE) - (LN2_X192 >> 64n)).toBeLessThanOrEqual(2n);
    expect(ln(ONE / 2n) + (LN2_X192 >> 64n)).toBeGreaterThanOrEqual(-2n);
    expect(lnUp(ONE)).toBe(LN_ERR);
    expect(lnDown(ONE)).toBe(-LN_ERR);
  });

  it("rejects non-positive arguments", () => {
    expect(() => ln(0n)).toThrow(RangeError);
    expect(() => ln(-1n)).toThrow(RangeError);
  });

  it("inverts expNeg to within a few ulps (relative)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 40n * ONE }), (a) => {
        const back = -ln(expNeg(a));
        const diff = back > a ? back - a : a - back;
        // Near a = 40 one ulp of e^-a is e^40 ulps of a.
        const slack = (ONE / expNeg(a)) * 64n + 64n;
        expect(diff).toBeLessThanOrEqual(slack);
      }),
    );
  });
});

describe("market primitives", () => {
  it("initialLogSum is ln n rounded up", () => {
    expect(initialLogSum(1n)).toBe(LN_ERR);
    const ln2 = LN2_X192 >> 64n;
    expect(initialLogSum(2n)).toBeGreaterThan(ln2);
    expect(initialLogSum(2n) - ln2).toBeLessThanOrEqual(2n * LN_ERR);
  });

  it("costOf rounds up and proceedsOf rounds down", () => {
    expect(costOf(0n, ONE, 7n)).toBe(7n);
    expect(costOf(0n, ONE + 1n, 7n)).toBe(8n);
    expect(costOf(5n, 5n, 7n)).toBe(0n);
    expect(proceedsOf(ONE + 1n, 0n, 7n)).toBe(7n);
    expect(proceedsOf(ONE, ONE, 7n)).toBe(0n);
    expect(proceedsOf(ONE, 2n * ONE, 7n)).toBe(0n);
  });

  it("priceDown of an untraded outcome of a fresh 2-outcome market is just below 1/2", () => {
    const p = priceDown(initialLogSum(2n), 0n, 10n ** 18n);
    expect(p).toBeLessThan(ONE / 2n);
    expect(ONE / 2n - p).toBeLessThan(1000n);
  });

  it("logSumAfter without a change rounds up by a few ulps only", () => {
    const L = initialLogSum(3n);
    const after = logSumAfter(L, 0n, 0n, 10n ** 18n);
    expect(after).toBeGreaterThanOrEqual(L);
    expect(after - L).toBeLessThan(100n);
  });

  it("sharesForBudget returns nothing for budgets of one base unit or less", () => {
    const L = initialLogSum(2n);
    expect(sharesForBudget(L, 0n, 10n ** 18n, 0n)).toBe(0n);
    expect(sharesForBudget(L, 0n, 10n ** 18n, 1n)).toBe(0n);
    expect(sharesForBudget(L, 0n, 10n ** 18n, 10n ** 18n)).toBeGreaterThan(10n ** 18n);
  });
});
