import fc from "fast-check";
import { MAX_LIQUIDITY } from "../src/constants.js";
import { LmsrError } from "../src/errors.js";
import { SimMarket } from "./sim.js";

/** Liquidity: 6-decimal and 18-decimal collateral, plus anything the contract accepts. */
export const liquidityArb = fc.oneof(
  fc.bigInt({ min: 10n ** 9n, max: 10n ** 12n }),
  fc.bigInt({ min: 10n ** 21n, max: 10n ** 24n }),
  fc.bigInt({ min: 1n, max: MAX_LIQUIDITY }),
);

export const feeArb = fc.oneof(
  fc.constantFrom(0n, 30n, 1_000n),
  fc.bigInt({ min: 0n, max: 1_000n }),
);

/** A multiple of b: b · milli / 1000, at least 1. */
export const scaled = (b: bigint, milli: number): bigint => (b * BigInt(milli)) / 1000n + 1n;

export type MarketArbOptions = {
  minOutcomes?: number;
  maxOutcomes?: number;
  maxTrades?: number;
  /** Largest single buy, in thousandths of b. */
  maxMilli?: number;
};

/**
 * A market state reached the way the contract reaches it: a fresh market, then buys replayed
 * through the mirror (buys the contract would reject are skipped).
 */
export const marketArb = (options: MarketArbOptions = {}) =>
  fc
    .record({
      n: fc.integer({ min: options.minOutcomes ?? 2, max: options.maxOutcomes ?? 8 }),
      b: liquidityArb,
      feeBps: feeArb,
      trades: fc.array(
        fc.record({
          outcome: fc.nat(),
          milli: fc.integer({ min: 0, max: options.maxMilli ?? 5_000 }),
        }),
        { maxLength: options.maxTrades ?? 12 },
      ),
    })
    .map(({ n, b, feeBps, trades }) => {
      const m = new SimMarket(n, b, feeBps);
      for (const { outcome, milli } of trades) {
        try {
          m.buy(outcome % n, scaled(b, milli));
        } catch (error) {
          if (!(error instanceof LmsrError)) throw error;
        }
      }
      return m;
    });
