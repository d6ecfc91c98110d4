import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import { WAD } from "./constants.js";
import { LmsrError, OutcomeOutOfRangeError, TargetOutOfRangeError } from "./errors.js";
import { priceWad } from "./priceWad.js";
import { quoteBuy } from "./quoteBuy.js";
import { quoteSell } from "./quoteSell.js";
import { tradeToProbability } from "./tradeToProbability.js";

/** The contract's price after buying (s > 0) or selling (s < 0), undefined if it reverts. */
function priceAfter(m: SimMarket, i: number, s: bigint): bigint | undefined {
  const q = m.supply(i);
  if (s === 0n) return priceWad(m.logSum, q, m.b);
  try {
    const { newLogSum } = s > 0n ? quoteBuy(m.market, q, s) : quoteSell(m.market, q, -s);
    return priceWad(newLogSum, q + s, m.b);
  } catch (error) {
    if (error instanceof LmsrError) return undefined;
    throw error;
  }
}

/** Checks the trade lands on the target without crossing it, and that it is the largest such. */
function checkLanding(m: SimMarket, i: number, target: bigint) {
  const r = tradeToProbability(m.market, m.supplies, BigInt(i), target);
  const current = priceWad(m.logSum, m.supply(i), m.b);
  const signed = r.side === "sell" ? -r.shares : r.shares;
  const after = priceAfter(m, i, signed);
  expect(after).toBe(r.priceAfterWad);
  if (after === undefined) throw new Error("the returned trade reverts");
  expect(r.shares >= 0n).toBe(true);
  if (r.side === "none") expect(r.shares).toBe(0n);
  const up = target > current || (r.side === "none" && target >= current);
  if (up) {
    expect(r.side).not.toBe("sell");
    expect(after).toBeLessThanOrEqual(target); // does not overshoot
    const next = priceAfter(m, i, signed + 1n);
    if (next !== undefined) expect(next).toBeGreaterThan(target); // and is the largest
    return { r, after, gap: target - after, limited: next === undefined };
  }
  expect(r.side).not.toBe("buy");
  expect(after).toBeGreaterThanOrEqual(target);
  const limited = r.shares === m.supply(i);
  if (!limited) expect(priceAfter(m, i, signed - 1n)).toBeLessThan(target);
  return { r, after, gap: after - target, limited };
}

const targetArb = fc.oneof(
  fc.bigInt({ min: 1n, max: WAD - 1n }),
  fc.bigInt({ min: 1n, max: 10n ** 12n }),
  fc.bigInt({ min: WAD - 10n ** 12n, max: WAD - 1n }),
);

describe("tradeToProbability", () => {
  it("buys b·ln(7/3) to move a fresh 2-outcome market from 1/2 to 0.7", () => {
    const m = new SimMarket(2, 10n ** 18n);
    const target = 7n * 10n ** 17n;
    const r = tradeToProbability(m.market, m.supplies, 0n, target);
    expect(r.side).toBe("buy");
    // b·ln(7/3) = 847297860387203613.7…; one wei of price is about 5 shares here.
    const exact = 847297860387203613n;
    expect(r.shares - exact).toBeLessThanOrEqual(10n);
    expect(exact - r.shares).toBeLessThanOrEqual(10n);
    expect(r.priceAfterWad).toBeLessThanOrEqual(target);
    expect(target - r.priceAfterWad).toBeLessThanOrEqual(2n);
    checkLanding(m, 0, target);
  });

  it("sells to lower a price, and does nothing at the target", () => {
    const m = new SimMarket(3, 10n ** 9n);
    m.buy(1, 4n * 10n ** 9n);
    const current = priceWad(m.logSum, m.supply(1), m.b);
    const r = tradeToProbability(m.market, m.supplies, 1n, current / 2n);
    expect(r.side).toBe("sell");
    checkLanding(m, 1, current / 2n);
    expect(tradeToProbability(m.market, m.supplies, 1n, current)).toEqual({
      side: "none",
      shares: 0n,
      priceAfterWad: current,
    });
  });

  it("stops at the whole supply when selling cannot reach the target", () => {
    const m = new SimMarket(2, 10n ** 18n);
    m.buy(0, 10n ** 17n);
    const r = tradeToProbability(m.market, m.supplies, 0n, 10n ** 16n);
    expect(r).toMatchObject({ side: "sell", shares: 10n ** 17n });
    expect(tradeToProbability(m.market, m.supplies, 1n, 10n ** 16n).side).toBe("none");
  });

  it("stops where the contract would reject a bigger buy", () => {
    const m = new SimMarket(2, 10n ** 18n);
    m.buy(1, 40n * 10n ** 18n); // L ≈ 40
    // Reaching 1 − 1e-6 would take L to about 40 + ln(1e6) ≈ 53.8 > MAX_LOG_SUM = 50.
    const target = WAD - 10n ** 12n;
    const { r, limited } = checkLanding(m, 0, target);
    expect(r.side).toBe("buy");
    expect(limited).toBe(true);
    expect(r.priceAfterWad).toBeLessThan(target);
    expect(() => quoteBuy(m.market, 0n, r.shares + 1n)).toThrow(LmsrError);
  });

  it("rejects unreachable targets and unknown outcomes", () => {
    const m = new SimMarket(2, 10n ** 18n);
    expect(() => tradeToProbability(m.market, m.supplies, 0n, 0n)).toThrow(TargetOutOfRangeError);
    expect(() => tradeToProbability(m.market, m.supplies, 0n, WAD)).toThrow(TargetOutOfRangeError);
    expect(() => tradeToProbability(m.market, m.supplies, 2n, WAD / 2n)).toThrow(
      OutcomeOutOfRangeError,
    );
  });

  it("lands within a share of the target without crossing it", () => {
    fc.assert(
      fc.property(marketArb({ maxOutcomes: 12 }), fc.nat(), targetArb, (m, i, target) => {
        const { gap, limited } = checkLanding(m, i % m.n, target);
        // With 18-decimal liquidity one share moves the price by < 1 wei: the landing is exact
        // up to the contract's rounding of the price.
        if (!limited && m.b >= 10n ** 18n) expect(gap).toBeLessThanOrEqual(2n);
      }),
    );
  });

  it("lands in extreme states: prices of 1e-9, q/b up to 49.9, 256 outcomes", () => {
    const rng = fc.sample(fc.tuple(fc.nat(), targetArb), { seed: 7, numRuns: 60 });
    const states: SimMarket[] = [];
    for (const b of [10n ** 9n, 10n ** 12n, 10n ** 21n, 10n ** 24n]) {
      const tiny = new SimMarket(2, b);
      tiny.buy(0, (b * 20_723n) / 1_000n); // other price ≈ 1e-9
      const deep = new SimMarket(3, b);
      deep.buy(2, (b * 499n) / 10n); // just under MAX_LOG_SUM = 50
      const wide = new SimMarket(256, b);
      for (let j = 0; j < 256; j += 3) wide.buy(j, (b * BigInt(j)) / 50n + 1n);
      states.push(tiny, deep, wide);
    }
    for (const [k, [i, target]] of rng.entries()) {
      const m = states[k % states.length];
      if (m === undefined) continue;
      checkLanding(m, i % m.n, target);
    }
  });
});
