import { describe, expect, it } from "vitest";
import { describeCondition } from "./describe.js";
import { EXAMPLE_MANDATES } from "./examples.js";

describe("describeCondition", () => {
  it("says always for the empty condition", () => {
    expect(describeCondition({})).toBe("always");
  });

  it("words every clause and joins them with and", () => {
    const text = describeCondition({
      topic: { anyOf: ["treasury", "grants"] },
      executable: true,
      hasTransfers: false,
      totalUsd: { gt: 250_000, lte: 1_000_000.5 },
      unpricedTransfers: true,
      maxTransferTokens: { symbol: "ENS", gte: 10_000 },
      transferTo: { noneOf: ["0x0000000000000000000000000000000000000001"] },
      risk: { atLeast: "high" },
      unknownCalldata: false,
      hasMismatch: true,
    });
    expect(text).toBe(
      [
        "the topic is treasury or grants",
        "it executes actions",
        "it moves no funds",
        "the funds moved total above $250,000 and at most $1,000,000.5",
        "some funds moved have no price",
        "its largest ENS transfer is at least 10,000 ENS",
        "no recipient is one of 0x0000000000000000000000000000000000000001",
        "the risk is high or higher",
        "all calldata is decoded",
        "the text disagrees with the actions",
      ].join(" and "),
    );
  });

  it("nests any, all and not", () => {
    expect(
      describeCondition({
        any: [{ executable: false }, { risk: { in: ["low", "medium"] } }],
        not: { hasTransfers: true },
      }),
    ).toBe("either (it executes nothing) or (the risk is low or medium) and not (it moves funds)");
  });

  it("describes every rule of the example mandates without an empty clause", () => {
    for (const { mandate } of EXAMPLE_MANDATES) {
      for (const rule of mandate.rules) {
        const text = describeCondition(rule.when);
        expect(text.length).toBeGreaterThan(0);
        expect(text).not.toMatch(/undefined|\(\)|\band and\b/);
      }
    }
  });
});
