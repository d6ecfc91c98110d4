import { describe, expect, it } from "vitest";
import {
  formatPercentWad,
  formatRelative,
  formatUnitsDisplay,
  InputError,
  MUSD,
  parseAmount,
  parseInteger,
  shortProposalId,
  WAD,
} from "@/lib/format";

describe("parseAmount", () => {
  it("parses decimals into base units", () => {
    expect(parseAmount("Shares", "1,234.5", 6)).toBe(1_234_500_000n);
    expect(parseAmount("Shares", " 0.000001 ", 6)).toBe(1n);
    expect(parseAmount("Shares", "7", 18)).toBe(7n * 10n ** 18n);
  });
  it("names the field and the problem", () => {
    expect(() => parseAmount("Shares", "", 6)).toThrow(/Shares: enter an amount/);
    expect(() => parseAmount("Shares", "abc", 6)).toThrow(/Shares: "abc" is not a number/);
    expect(() => parseAmount("Deposit", "1.0000001", 6)).toThrow(
      /Deposit: at most 6 decimals, got 7/,
    );
    expect(() => parseAmount("Deposit", "0", 6)).toThrow(/must be more than zero/);
    expect(() => parseAmount("Deposit", "1.2.3", 6)).toThrow(InputError);
  });
  it("allows zero only when asked", () => {
    expect(parseAmount("X", "0", 6, { allowZero: true })).toBe(0n);
  });
});

describe("parseInteger", () => {
  it("checks bounds and digits", () => {
    expect(parseInteger("Days", "30", 1, 3650)).toBe(30);
    expect(() => parseInteger("Days", "0", 1, 3650)).toThrow(/Days: must be between 1 and 3650/);
    expect(() => parseInteger("Days", "1.5", 1, 3650)).toThrow(/Days: "1.5" is not a whole number/);
  });
});

describe("display", () => {
  it("formats WAD probabilities with rounding", () => {
    expect(formatPercentWad(WAD / 2n)).toBe("50.0%");
    expect(formatPercentWad(595_474_394_873_815_553n)).toBe("59.5%");
    expect(formatPercentWad(1n)).toBe("0.0%");
    expect(formatPercentWad(WAD)).toBe("100.0%");
    expect(formatPercentWad(1_234_567_000_000_000n, 2)).toBe("0.12%");
  });
  it("formats token amounts without overstating them", () => {
    expect(formatUnitsDisplay(1_234_567_891n, MUSD)).toBe("1,234.56 mUSD");
    expect(formatUnitsDisplay(-5_000_000n, MUSD, { minFraction: 2 })).toBe("-5.00 mUSD");
    expect(formatUnitsDisplay(6_020_373n, MUSD, { maxFraction: 6, symbol: false })).toBe(
      "6.020373",
    );
  });
  it("shortens proposal ids and says relative times", () => {
    expect(
      shortProposalId(
        "90021320694299293172550233491317119302799271142843591169506779801501354290313",
      ),
    ).toBe("P 900213…");
    expect(formatRelative(1000 + 2 * 86_400 + 3 * 3600, 1000)).toBe("in 2 days 3 hours");
    expect(formatRelative(1000 - 300, 1000)).toBe("5 minutes ago");
  });
});
