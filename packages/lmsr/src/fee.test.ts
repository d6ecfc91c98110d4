import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./errors.js";
import { feeOn, netOfFee } from "./fee.js";

describe("feeOn", () => {
  it("rounds up", () => {
    expect(feeOn(0n, 30n)).toBe(0n);
    expect(feeOn(1n, 30n)).toBe(1n);
    expect(feeOn(10_000n, 30n)).toBe(30n);
    expect(feeOn(10_001n, 30n)).toBe(31n);
    expect(feeOn(123_456_789n, 0n)).toBe(0n);
    expect(feeOn(10n ** 18n, 1_000n)).toBe(10n ** 17n);
  });

  it("rejects negative input", () => {
    expect(() => feeOn(-1n, 30n)).toThrow(InvalidArgumentError);
    expect(() => feeOn(1n, -30n)).toThrow(InvalidArgumentError);
  });

  it("is ceil(amount · feeBps / 10000)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 128n }),
        fc.bigInt({ min: 0n, max: 1_000n }),
        (a, f) => {
          const fee = feeOn(a, f);
          expect(fee * 10_000n).toBeGreaterThanOrEqual(a * f);
          expect((fee - 1n) * 10_000n).toBeLessThan(a * f);
        },
      ),
    );
  });
});

describe("netOfFee", () => {
  it("rounds down", () => {
    expect(netOfFee(10_030n, 30n)).toBe(10_000n);
    expect(netOfFee(10_029n, 30n)).toBe(9_999n);
    expect(netOfFee(1n, 30n)).toBe(0n);
    expect(netOfFee(5n, 0n)).toBe(5n);
  });

  it("leaves room for the fee: net + feeOn(net) ≤ gross", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 128n }),
        fc.bigInt({ min: 0n, max: 1_000n }),
        (g, f) => {
          const net = netOfFee(g, f);
          expect(net + feeOn(net, f)).toBeLessThanOrEqual(g);
          expect(net).toBeLessThanOrEqual(g);
        },
      ),
    );
  });
});
