import { describe, expect, it } from "vitest";
import {
  assetClass,
  extractAmounts,
  extractBareNumbers,
  matchesAmount,
  perYear,
} from "../src/engines/offline/amounts.js";

const pick = (text: string) =>
  extractAmounts(text).map(({ text: t, value, asset, rate, approx }) => ({
    t,
    value,
    asset,
    rate,
    approx,
  }));

describe("amounts in prose", () => {
  it("reads the common forms with their asset", () => {
    expect(pick("Send 10,000 USDC and $1.2M, then 100k ENS, 1,000 ETH and 200k $ENS.")).toEqual([
      { t: "10,000 USDC", value: 10_000, asset: "USDC", rate: null, approx: false },
      { t: "$1.2M", value: 1_200_000, asset: "USD", rate: null, approx: false },
      { t: "100k ENS", value: 100_000, asset: "ENS", rate: null, approx: false },
      { t: "1,000 ETH", value: 1_000, asset: "ETH", rate: null, approx: false },
      { t: "200k $ENS", value: 200_000, asset: "ENS", rate: null, approx: false },
    ]);
  });

  it("reads dollar amounts followed by a stablecoin, millions in words, and decimals", () => {
    expect(pick("a grant of $11,500 USDC, 2.5 million USDC, 1,218,669.76 USDC")).toEqual([
      { t: "$11,500 USDC", value: 11_500, asset: "USDC", rate: null, approx: false },
      { t: "2.5 million USDC", value: 2_500_000, asset: "USDC", rate: null, approx: false },
      { t: "1,218,669.76 USDC", value: 1_218_669.76, asset: "USDC", rate: null, approx: false },
    ]);
  });

  it("recognises rates and hedges", () => {
    const [daily, perSecond, yearly, approx] = extractAmounts(
      "a daily grant of $11,500 USDC; 0.1426 USDCx/sec; $4.5M/year; approximately 115 ETH",
    );
    expect(daily?.rate).toBe("day");
    expect(perSecond?.rate).toBe("second");
    expect(yearly?.rate).toBe("year");
    expect(approx?.approx).toBe(true);
    expect(approx?.tolerance).toBeCloseTo(5.75);
  });

  it("does not read ENS names or plain numbers as amounts", () => {
    expect(pick("Register 3 eth.link names on ens.domains for 2 years")).toEqual([]);
  });

  it("takes token symbols from the context", () => {
    expect(
      extractAmounts("Send 5,000 ARB to the grants safe", ["ARB"]).map((a) => a.asset),
    ).toEqual(["ARB"]);
    expect(extractAmounts("Send 5,000 ARB to the grants safe")).toEqual([]);
  });

  it("matches within the precision it was written with", () => {
    const [m] = extractAmounts("$1.2M");
    if (!m) throw new Error("no amount");
    expect(matchesAmount(1_218_669.76, m)).toBe(true);
    expect(matchesAmount(1_260_000, m)).toBe(false);
    const [exact] = extractAmounts("1,200,000 USDC");
    if (!exact) throw new Error("no amount");
    expect(matchesAmount(1_218_669.76, exact)).toBe(false);
    expect(matchesAmount(1_200_500, exact)).toBe(true);
  });

  it("converts rates to a yearly figure", () => {
    const [day] = extractAmounts("11,500 USDC per day");
    if (!day) throw new Error("no amount");
    expect(perYear(day).value).toBe(11_500 * 365);
  });

  it("groups stablecoins and ETH wrappers into comparable classes", () => {
    expect(assetClass("USDCx")).toBe("USD");
    expect(assetClass("$USD")).toBe("USD");
    expect(assetClass("WETH")).toBe("ETH");
    expect(assetClass("ENS")).toBe("ENS");
  });

  it("reads unit-less numbers but not numbers with a unit", () => {
    expect(
      extractBareNumbers("Amount: 6,000 and 5.1M, but not 250 USDC").map((n) => n.value),
    ).toEqual([6_000, 5_100_000]);
  });
});
