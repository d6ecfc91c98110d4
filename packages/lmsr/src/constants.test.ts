import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BPS,
  MAX_FEE_BPS,
  MAX_LIQUIDITY,
  MAX_OUTCOMES,
  MAX_POOL,
  MAX_SHARES,
  MIN_OUTCOMES,
  WAD,
} from "./constants.js";

const market = readFileSync(
  new URL("../../../contracts/src/LMSRMarket.sol", import.meta.url),
  "utf8",
).replaceAll("_", "");

const constant = (name: string): bigint => {
  const match = market.match(new RegExp(`constant ${name} = ([^;]+);`));
  if (!match?.[1]) throw new Error(`constant ${name} not found`);
  const expr = match[1].trim();
  const shift = expr.match(/^1 << (\d+)$/);
  return shift?.[1] ? 1n << BigInt(shift[1]) : BigInt(expr);
};

describe("constants match LMSRMarket.sol", () => {
  it("fees, outcomes and shares", () => {
    expect(MAX_FEE_BPS).toBe(constant("MAXFEEBPS"));
    expect(BPS).toBe(constant("BPS"));
    expect(MAX_OUTCOMES).toBe(constant("MAXOUTCOMES"));
    expect(MAX_SHARES).toBe(constant("MAXSHARES"));
  });

  it("storage widths and checks", () => {
    expect(market).toContain("if (n < 2 || n > MAXOUTCOMES)");
    expect(MIN_OUTCOMES).toBe(2n);
    expect(market).toContain("uint96 liquidity;");
    expect(market).toContain("b > type(uint96).max");
    expect(MAX_LIQUIDITY).toBe(2n ** 96n - 1n);
    expect(market).toContain("uint120 pool;");
    expect(MAX_POOL).toBe(2n ** 120n - 1n);
    expect(market).toContain("(p * 1e18) >> 128");
    expect(WAD).toBe(10n ** 18n);
  });

  it("the fee formulas the package mirrors", () => {
    expect(market).toContain("return (amount * feeBps + BPS - 1) / BPS;");
    expect(market).toContain("return (gross * BPS) / (BPS + feeBps);");
    expect(market).toContain("return (marketId << 8) | outcome;");
  });
});
