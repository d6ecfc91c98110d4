import { createMarketFunding, priceWad, quoteBuy, WAD } from "@mandate/lmsr";
import * as sdk from "@mandate/sdk";
import { describe, expect, it } from "vitest";
import { computeQuote, maxCostFor, minProceedsFor, parseSlippage } from "@/lib/quote";

// A fresh 2-outcome market with b = 2,000 mUSD and a 1% fee, and one after some buying.
const b = 2_000_000_000n;
const fresh = { liquidity: b, logSum: createMarketFunding(2n, b).logSum, feeBps: 100n };

describe("computeQuote", () => {
  it("charges what @mandate/lmsr charges and moves the price up on a buy", () => {
    const q = computeQuote({ market: fresh, supply: 0n }, "buy", 10_000_000n, 50);
    const direct = quoteBuy(fresh, 0n, 10_000_000n);
    expect(q.amount).toBe(direct.cost);
    expect(q.fee).toBe(direct.fee);
    expect(q.priceBeforeWad).toBe(priceWad(fresh.logSum, 0n, b));
    expect(q.priceAfterWad).toBe(priceWad(direct.newLogSum, 10_000_000n, b));
    expect(q.impactWad).toBeGreaterThan(0n);
    // Fresh binary market: price ½, a small buy costs a bit over ½ per share plus the fee.
    const perShare = Number(q.averagePriceWad) / Number(WAD);
    expect(perShare).toBeGreaterThan(0.5);
    expect(perShare).toBeLessThan(0.5 * 1.01 + 0.01);
    // 0.5% slippage on the cost, rounded up.
    expect(q.limit).toBe(q.amount + (q.amount * 50n + 9_999n) / 10_000n);
  });

  it("pays less than it costs, and moves the price down, on a sell", () => {
    const bought = quoteBuy(fresh, 0n, 100_000_000n);
    const after = { ...fresh, logSum: bought.newLogSum };
    const q = computeQuote({ market: after, supply: 100_000_000n }, "sell", 100_000_000n, 100);
    expect(q.side).toBe("sell");
    expect(q.amount).toBeLessThan(bought.cost);
    expect(q.impactWad).toBeLessThan(0n);
    expect(q.limit).toBe((q.amount * 9_900n) / 10_000n);
  });

  it("refuses to sell more than the outcome's supply", () => {
    expect(() => computeQuote({ market: fresh, supply: 5n }, "sell", 10n, 50)).toThrow();
  });
});

describe("slippage limits", () => {
  it("are the SDK's formulas, rounding toward the market", () => {
    for (const amount of [0n, 1n, 999n, 6_020_373n, 123_456_789_012n]) {
      for (const bps of [0, 1, 50, 100, 333, 5_000, 10_000]) {
        expect(maxCostFor(amount, bps)).toBe(sdk.maxCostFor(amount, bps));
        expect(minProceedsFor(amount, bps)).toBe(sdk.minProceedsFor(amount, bps));
      }
    }
  });
});

describe("parseSlippage", () => {
  it("turns a percentage into basis points", () => {
    expect(parseSlippage("0.5")).toBe(50);
    expect(parseSlippage(" 2 ")).toBe(200);
    expect(parseSlippage("0.25")).toBe(25);
  });
  it("names what is wrong", () => {
    expect(() => parseSlippage("-1")).toThrow(/Slippage: "-1" is not a percentage/);
    expect(() => parseSlippage("60")).toThrow(/at most 50%/);
  });
});
