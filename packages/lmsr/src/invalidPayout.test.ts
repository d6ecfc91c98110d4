import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import { InsufficientSupplyError, ZeroAmountError } from "./errors.js";
import { invalidPayout } from "./invalidPayout.js";
import { priceDown } from "./math.js";

describe("invalidPayout", () => {
  it("is (shares · priceDown) >> 128", () => {
    const m = new SimMarket(2, 10n ** 6n * 500n);
    m.buy(0, 700_000_000n);
    const p = priceDown(m.logSum, m.supply(0), m.b);
    expect(invalidPayout(m.logSum, m.supply(0), m.b, 123_456_789n)).toBe(
      (123_456_789n * p) >> 128n,
    );
  });

  it("throws where redeem reverts", () => {
    const m = new SimMarket(2, 10n ** 18n);
    m.buy(0, 5n);
    expect(() => invalidPayout(m.logSum, 5n, m.b, 0n)).toThrow(ZeroAmountError);
    expect(() => invalidPayout(m.logSum, 5n, m.b, 6n)).toThrow(InsufficientSupplyError);
  });

  it("pays every holder from the pool: Σ_j payout(q_j) ≤ pool", () => {
    fc.assert(
      fc.property(marketArb({ maxTrades: 20 }), (m) => {
        let total = 0n;
        for (const q of m.supplies) {
          if (q === 0n) continue;
          const all = invalidPayout(m.logSum, q, m.b, q);
          expect(all).toBeLessThanOrEqual(q);
          // Redeeming in two parts never pays more than at once.
          const half = q / 2n;
          if (half > 0n) {
            const parts =
              invalidPayout(m.logSum, q, m.b, half) + invalidPayout(m.logSum, q, m.b, q - half);
            expect(parts).toBeLessThanOrEqual(all);
          }
          total += all;
        }
        expect(total).toBeLessThanOrEqual(m.pool);
      }),
    );
  });
});
