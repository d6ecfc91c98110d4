import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CostAboveMaxError,
  FeeTooHighError,
  InsufficientSupplyError,
  InvalidArgumentError,
  InvalidLiquidityError,
  InvalidOutcomeCountError,
  LmsrError,
  LogSumOutOfRangeError,
  OutcomeOutOfRangeError,
  SharesBelowMinError,
  SharesOutOfRangeError,
  TargetOutOfRangeError,
  ZeroAmountError,
} from "./errors.js";

const errors: LmsrError[] = [
  new ZeroAmountError(),
  new SharesOutOfRangeError({ shares: 1n << 128n }),
  new LogSumOutOfRangeError({ logSum: 51n << 128n, maxLogSum: 50n << 128n }),
  new InsufficientSupplyError({ supply: 1n, shares: 2n }),
  new SharesBelowMinError({ shares: 0n, minShares: 0n }),
  new CostAboveMaxError({ cost: 2n, maxCost: 1n }),
  new InvalidOutcomeCountError({ outcomeCount: 1n }),
  new InvalidLiquidityError({ liquidity: 0n }),
  new FeeTooHighError({ feeBps: 1_001n, maxFeeBps: 1_000n }),
  new OutcomeOutOfRangeError({ outcome: 3n, outcomeCount: 3n }),
  new InvalidArgumentError({ argument: "shares", value: -1n, expected: "a uint" }),
  new TargetOutOfRangeError({ targetWad: 0n }),
];

describe("LmsrError", () => {
  it("composes the message from the short message and details", () => {
    const error = new LmsrError("Something failed.", { details: "Because." });
    expect(error.message).toBe("Something failed.\n\nDetails: Because.");
    expect(error.shortMessage).toBe("Something failed.");
    expect(error.details).toBe("Because.");
    expect(error.name).toBe("LmsrError");
    expect(new LmsrError("Short.").message).toBe("Short.");
  });

  it("keeps the cause and takes details from it, and walks the chain", () => {
    const root = new RangeError("root cause");
    const error = new LmsrError("Wrapped.", { cause: root });
    expect(error.cause).toBe(root);
    expect(error.details).toBe("root cause");
    expect(error.walk()).toBe(root);
    expect(error.walk((e) => e instanceof LmsrError)).toBe(error);
    expect(error.walk((e) => e instanceof TypeError)).toBeNull();
  });

  it.each(errors.map((e) => [e.name, e] as const))(
    "%s is an LmsrError with its own name",
    (name, e) => {
      expect(e).toBeInstanceOf(LmsrError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(name);
      expect(e.name).toMatch(/Error$/);
      expect(e.shortMessage.length).toBeGreaterThan(0);
    },
  );

  it("names a custom error of the contract for every on-chain revert it mirrors", () => {
    const iface = readFileSync(
      new URL("../../../contracts/src/interfaces/ILMSRMarket.sol", import.meta.url),
      "utf8",
    );
    for (const e of errors) {
      if (e.contractError === undefined) {
        expect(["InvalidArgumentError", "TargetOutOfRangeError"]).toContain(e.name);
      } else if (e.contractError === "ERC6909InsufficientBalance") {
        // OpenZeppelin's ERC-6909 error, reverted by sell and redeem.
        expect(e.name).toBe("InsufficientSupplyError");
      } else {
        expect(iface).toContain(`error ${e.contractError}(`);
        expect(e.name).toBe(`${e.contractError}Error`);
      }
    }
  });

  it("exposes the offending values", () => {
    const e = new LogSumOutOfRangeError({ logSum: 5n, maxLogSum: 4n });
    expect([e.logSum, e.maxLogSum]).toEqual([5n, 4n]);
    const s = new InsufficientSupplyError({ supply: 1n, shares: 2n });
    expect([s.supply, s.shares]).toEqual([1n, 2n]);
    expect(
      new InvalidArgumentError({ argument: "x", value: "1", expected: "a bigint" }).message,
    ).toContain('"1"');
  });
});
