import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketArb } from "../test/arbitraries.js";
import { SimMarket } from "../test/sim.js";
import {
  FeeTooHighError,
  InvalidArgumentError,
  InvalidLiquidityError,
  LmsrError,
  LogSumOutOfRangeError,
  SharesOutOfRangeError,
  ZeroAmountError,
} from "./errors.js";
import { feeOn } from "./fee.js";
import { costOf, logSumAfter, MAX_LOG_SUM } from "./math.js";
import { quoteBuy } from "./quoteBuy.js";

const tryBuy = (...args: Parameters<typeof quoteBuy>) => {
  try {
    return quoteBuy(...args);
  } catch (error) {
    if (error instanceof LmsrError) return undefined;
    throw error;
  }
};

describe("quoteBuy", () => {
  it("follows the contract's buy step by step", () => {
    const m = new SimMarket(3, 10n ** 18n, 30n);
    m.buy(1, 5n * 10n ** 17n);
    const shares = 2n * 10n ** 18n;
    const r = quoteBuy(m.market, m.supply(0), shares);
    const newLogSum = logSumAfter(m.logSum, 0n, shares, m.b);
    const net = costOf(m.logSum, newLogSum, m.b);
    const fee = (net * 30n + 9_999n) / 10_000n;
    expect(r).toEqual({ cost: net + fee, fee, net, newLogSum });
  });

  it("charges just above b·ln((e^{s/b} + n − 1)/n) on a fresh market", () => {
    // 1e18 shares of one of 2 outcomes with b = 1e18: b·ln((e + 1)/2) = 620114506958277524.6…
    const m = new SimMarket(2, 10n ** 18n);
    const { net, fee, cost } = quoteBuy(m.market, 0n, 10n ** 18n);
    expect(net).toBe(620114506958277525n);
    expect(fee).toBe(0n);
    expect(cost).toBe(net);
  });

  it("throws where the contract reverts", () => {
    const m = new SimMarket(2, 10n ** 18n);
    expect(() => quoteBuy(m.market, 0n, 0n)).toThrow(ZeroAmountError);
    expect(() => quoteBuy(m.market, 0n, 2n ** 128n)).toThrow(SharesOutOfRangeError);
    expect(() => quoteBuy(m.market, 2n ** 128n - 5n, 5n)).toThrow(SharesOutOfRangeError);
    // q/b = 51 would put L above MAX_LOG_SUM = 50.
    expect(() => quoteBuy(m.market, 0n, 51n * 10n ** 18n)).toThrow(LogSumOutOfRangeError);
    // So does q/b = 50 exactly: L = 50 + ln(1 + e^-50) > 50.
    expect(() => quoteBuy(m.market, 0n, 50n * 10n ** 18n)).toThrow(LogSumOutOfRangeError);
    const err = (() => {
      try {
        quoteBuy(m.market, 0n, 51n * 10n ** 18n);
      } catch (e) {
        return e as LogSumOutOfRangeError;
      }
    })();
    expect(err?.maxLogSum).toBe(MAX_LOG_SUM);
    expect(err?.contractError).toBe("LogSumOutOfRange");
    // Just inside the range.
    expect(() => quoteBuy(m.market, 0n, 49n * 10n ** 18n)).not.toThrow();
    expect(() => quoteBuy(m.market, 0n, 49_999n * 10n ** 15n)).not.toThrow();
  });

  it("throws when the pool would overflow uint120", () => {
    const m = new SimMarket(2, 2n ** 96n - 1n);
    expect(() => quoteBuy({ ...m.market, pool: 2n ** 120n - 10n }, 0n, 2n ** 96n)).toThrow(
      SharesOutOfRangeError,
    );
    expect(() => quoteBuy({ ...m.market, pool: undefined }, 0n, 2n ** 96n)).not.toThrow();
  });

  it("rejects states the contract cannot hold", () => {
    const m = new SimMarket(2, 10n ** 18n);
    expect(() => quoteBuy({ ...m.market, feeBps: 1_001n }, 0n, 1n)).toThrow(FeeTooHighError);
    expect(() => quoteBuy({ ...m.market, liquidity: 0n }, 0n, 1n)).toThrow(InvalidLiquidityError);
    expect(() => quoteBuy(m.market, -1n, 1n)).toThrow(InvalidArgumentError);
    expect(() => quoteBuy(m.market, 0n, -1n)).toThrow(InvalidArgumentError);
  });

  it("cost is monotone in shares", () => {
    fc.assert(
      fc.property(
        marketArb(),
        fc.nat(),
        fc.bigInt({ min: 1n, max: 2n ** 100n }),
        fc.bigInt({ min: 0n, max: 2n ** 100n }),
        (m, i, s, extra) => {
          const outcome = i % m.n;
          const a = tryBuy(m.market, m.supply(outcome), s);
          const b = tryBuy(m.market, m.supply(outcome), s + extra);
          if (a === undefined || b === undefined) return;
          expect(b.net).toBeGreaterThanOrEqual(a.net);
          expect(b.cost).toBeGreaterThanOrEqual(a.cost);
          expect(b.newLogSum).toBeGreaterThanOrEqual(a.newLogSum);
        },
      ),
    );
  });

  it("cost = net + ceil(net · fee), and every buy costs at least one base unit", () => {
    fc.assert(
      fc.property(marketArb(), fc.nat(), fc.bigInt({ min: 1n, max: 2n ** 90n }), (m, i, s) => {
        const r = tryBuy(m.market, m.supply(i % m.n), s);
        if (r === undefined) return;
        expect(r.fee).toBe(feeOn(r.net, m.feeBps));
        expect(r.cost).toBe(r.net + r.fee);
        expect(r.net).toBeGreaterThanOrEqual(1n);
        expect(r.newLogSum).toBeGreaterThan(m.logSum);
      }),
    );
  });
});
