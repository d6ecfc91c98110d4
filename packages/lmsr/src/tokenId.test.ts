import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, OutcomeOutOfRangeError } from "./errors.js";
import { decodeTokenId, tokenId } from "./tokenId.js";

describe("tokenId", () => {
  it("is (marketId << 8) | outcome", () => {
    expect(tokenId(1n, 0n)).toBe(256n);
    expect(tokenId(1n, 255n)).toBe(511n);
    expect(tokenId(42n, 7n)).toBe((42n << 8n) | 7n);
  });

  it("rejects outcomes that would collide with another market", () => {
    expect(() => tokenId(1n, 256n)).toThrow(OutcomeOutOfRangeError);
    expect(() => tokenId(-1n, 0n)).toThrow(InvalidArgumentError);
    expect(() => tokenId(2n ** 248n, 0n)).toThrow(InvalidArgumentError);
  });

  it("round-trips through decodeTokenId", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 248n - 1n }),
        fc.bigInt({ min: 0n, max: 255n }),
        (id, o) => {
          expect(decodeTokenId(tokenId(id, o))).toEqual({ marketId: id, outcome: o });
        },
      ),
    );
  });
});
