import { describe, expect, it } from "vitest";
import { FeeTooHighError, InvalidArgumentError, InvalidLiquidityError } from "./errors.js";
import { MAX_LOG_SUM, ONE } from "./math.js";
import { assertLiquidity, assertMarket, assertSupply, assertUint } from "./validate.js";

describe("validate", () => {
  it("assertUint", () => {
    expect(() => assertUint("x", 0n)).not.toThrow();
    expect(() => assertUint("x", 2n ** 256n - 1n)).not.toThrow();
    expect(() => assertUint("x", 2n ** 256n)).toThrow(InvalidArgumentError);
    expect(() => assertUint("x", -1n)).toThrow(InvalidArgumentError);
    expect(() => assertUint("x", 1 as unknown as bigint)).toThrow(/Invalid x: 1 \(number\)/);
  });

  it("assertLiquidity", () => {
    expect(() => assertLiquidity(1n)).not.toThrow();
    expect(() => assertLiquidity(2n ** 96n - 1n)).not.toThrow();
    expect(() => assertLiquidity(0n)).toThrow(InvalidLiquidityError);
    expect(() => assertLiquidity(2n ** 96n)).toThrow(InvalidLiquidityError);
    expect(() => assertLiquidity(1 as unknown as bigint)).toThrow(InvalidArgumentError);
  });

  it("assertSupply", () => {
    expect(() => assertSupply(2n ** 128n - 1n)).not.toThrow();
    expect(() => assertSupply(2n ** 128n)).toThrow(InvalidArgumentError);
  });

  it("assertMarket", () => {
    const ok = { liquidity: 10n ** 18n, logSum: ONE, feeBps: 30n };
    expect(() => assertMarket(ok)).not.toThrow();
    expect(() => assertMarket({ ...ok, logSum: MAX_LOG_SUM + 1n })).toThrow(InvalidArgumentError);
    expect(() => assertMarket({ ...ok, logSum: -1n })).toThrow(InvalidArgumentError);
    expect(() => assertMarket({ ...ok, feeBps: 1_001n })).toThrow(FeeTooHighError);
    expect(() => assertMarket({ ...ok, liquidity: 0n })).toThrow(InvalidLiquidityError);
    expect(() => assertMarket({ ...ok, pool: 2n ** 120n })).toThrow(InvalidArgumentError);
    expect(() => assertMarket(null as unknown as typeof ok)).toThrow(InvalidArgumentError);
  });
});
