import { describe, expect, it } from "vitest";
import * as lmsr from "./index.js";

describe("public API", () => {
  it("exports the documented functions, errors and constants", () => {
    expect(Object.keys(lmsr).sort()).toMatchInlineSnapshot(`
      [
        "BPS",
        "CostAboveMaxError",
        "EXP_ERR",
        "EXP_ZERO_BOUND",
        "FeeTooHighError",
        "InsufficientSupplyError",
        "InvalidArgumentError",
        "InvalidLiquidityError",
        "InvalidOutcomeCountError",
        "LN_ERR",
        "LmsrError",
        "LogSumOutOfRangeError",
        "MAX_FEE_BPS",
        "MAX_LIQUIDITY",
        "MAX_LOG_SUM",
        "MAX_MARKET_ID",
        "MAX_OUTCOMES",
        "MAX_POOL",
        "MAX_SHARES",
        "MAX_UINT256",
        "MIN_OUTCOMES",
        "ONE",
        "OutcomeOutOfRangeError",
        "SharesBelowMinError",
        "SharesOutOfRangeError",
        "TargetOutOfRangeError",
        "WAD",
        "ZeroAmountError",
        "costOf",
        "createMarketFunding",
        "decodeTokenId",
        "expNeg",
        "expNegDown",
        "expNegUp",
        "feeOn",
        "impliedProbabilities",
        "initialLogSum",
        "invalidPayout",
        "largestFitting",
        "ln",
        "lnDown",
        "lnUp",
        "logSumAfter",
        "netOfFee",
        "numberToWad",
        "priceAfterTradeFloat",
        "priceDown",
        "priceFloat",
        "priceWad",
        "pricesFloat",
        "pricesWad",
        "proceedsOf",
        "quoteBuy",
        "quoteBuyWithCollateral",
        "quoteSell",
        "sharesForBudget",
        "tokenId",
        "tradeToProbability",
        "wadToNumber",
        "x128ToNumber",
      ]
    `);
  });

  it("functions are callable from the entry point", () => {
    const { funding, logSum } = lmsr.createMarketFunding(2n, 10n ** 6n);
    expect(funding).toBe(693_148n);
    const market = { liquidity: 10n ** 6n, logSum, feeBps: 0n };
    expect(lmsr.quoteBuy(market, 0n, 10n ** 6n).cost).toBeGreaterThan(0n);
    expect(lmsr.tokenId(1n, 1n)).toBe(257n);
  });
});
