import { describe, expect, it } from "vitest";
import { lcsLength, rougeL, rougeTokens } from "../src/eval/rouge.js";

describe("ROUGE-L", () => {
  it("tokenizes to lower-case words", () => {
    expect(rougeTokens("Transfer 2.5M USDC, to wallet.ensdao.eth!")).toEqual([
      "transfer",
      "2",
      "5m",
      "usdc",
      "to",
      "wallet",
      "ensdao",
      "eth",
    ]);
  });

  it("computes the longest common subsequence", () => {
    expect(lcsLength(["a", "b", "c", "d"], ["a", "c", "d", "b"])).toBe(3);
    expect(lcsLength([], ["a"])).toBe(0);
    expect(lcsLength(["x", "y"], ["y", "x"])).toBe(1);
  });

  it("scores identical text 1 and disjoint text 0", () => {
    expect(rougeL("Fund the endowment", "fund the Endowment").f1).toBe(1);
    expect(rougeL("alpha beta", "gamma delta").f1).toBe(0);
    expect(rougeL("", "anything").f1).toBe(0);
  });

  it("matches a hand-computed example", () => {
    // candidate: police killed the gunman (4); reference: police kill the gunman (4); LCS = 3
    const r = rougeL("police killed the gunman", "police kill the gunman");
    expect(r.precision).toBeCloseTo(3 / 4);
    expect(r.recall).toBeCloseTo(3 / 4);
    expect(r.f1).toBeCloseTo(0.75);
  });
});
