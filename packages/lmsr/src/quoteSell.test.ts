import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import { InsufficientSupplyError, LmsrError, ZeroAmountError } from "./errors.js";
import { feeOn } from "./fee.js";
import { logSumAfter, proceedsOf } from "./math.js";
import type { quoteBuy } from "./quoteBuy.js";
import { quoteSell } from "./quoteSell.js";

describe("quoteSell", () => {
  it("follows the contract's sell step by step", () => {
    const m = new SimMarket(4, 10n ** 6n * 1_000n, 100n);
    m.buy(2, 3_000_000_000n);
    const r = quoteSell(m.market, m.supply(2), 1_000_000_000n);
    const newLogSum = logSumAfter(m.logSum, m.supply(2), m.supply(2) - 1_000_000_000n, m.b);
    const gross = proceedsOf(m.logSum, newLogSum, m.b);
    const fee = (gross * 100n + 9_999n) / 10_000n;
    expect(r).toEqual({ proceeds: gross - fee, fee, gross, newLogSum });
  });

  it("throws where the contract reverts", () => {
    const m = new SimMarket(2, 10n ** 18n);
    m.buy(0, 10n);
    expect(() => quoteSell(m.market, 10n, 0n)).toThrow(ZeroAmountError);
    expect(() => quoteSell(m.market, 10n, 11n)).toThrow(InsufficientSupplyError);
    expect(() => quoteSell(m.market, 10n, 10n)).not.toThrow();
  });

  it("buying then selling the same shares never returns more than was paid", () => {
    fc.assert(
      fc.property(marketArb(), fc.nat(), fc.bigInt({ min: 1n, max: 2n ** 100n }), (m, i, s) => {
        const outcome = i % m.n;
        const before = m.logSum;
        let bought: ReturnType<typeof quoteBuy>;
        try {
          bought = m.buy(outcome, s);
        } catch (error) {
          if (error instanceof LmsrError) return;
          throw error;
        }
        const sold = quoteSell(m.market, m.supply(outcome), s);
        expect(sold.proceeds).toBeLessThanOrEqual(bought.cost);
        expect(sold.gross).toBeLessThanOrEqual(bought.net);
        expect(sold.fee).toBe(feeOn(sold.gross, m.feeBps));
        expect(sold.proceeds).toBe(sold.gross - sold.fee);
        // The log-sum comes back to at least where it was.
        expect(sold.newLogSum).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it("proceeds are monotone in shares and never negative", () => {
    fc.assert(
      fc.property(marketArb({ maxTrades: 6 }), fc.nat(), fc.nat(), fc.nat(), (m, i, x, y) => {
        const outcome = i % m.n;
        const q = m.supply(outcome);
        if (q === 0n) return;
        const a = (BigInt(x) % q) + 1n;
        const b = a + (BigInt(y) % (q - a + 1n));
        const ra = quoteSell(m.market, q, a);
        const rb = quoteSell(m.market, q, b);
        expect(ra.proceeds).toBeGreaterThanOrEqual(0n);
        expect(rb.gross).toBeGreaterThanOrEqual(ra.gross);
      }),
    );
  });
});
