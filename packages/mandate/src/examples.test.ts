import { describe, expect, it } from "vitest";
import { ADDR, action, facts, usdcTransfer } from "../test/fixtures.js";
import {
  builderFriendly,
  builderFriendlyHash,
  builderFriendlyInput,
  EXAMPLE_MANDATES,
  treasurySteward,
  treasuryStewardHash,
  treasuryStewardInput,
} from "./examples.js";
import type { Facts } from "./facts.js";
import { mandateHash } from "./hash.js";
import { parseMandate } from "./mandate.js";
import { decide } from "./policy.js";

/** A proposal with these topics moving these USD amounts (as USDC) from the treasury. */
const spend = (topics: Facts["topics"], ...usd: number[]): Facts =>
  facts({
    topics,
    executable: usd.length > 0,
    actions: usd.map((_, i) => action({ index: i })),
    transfers: usd.map((u) => usdcTransfer(u)),
    targets: usd.length > 0 ? [ADDR.usdc] : [],
  });

const upgrade = (risk: Facts["risk"], over: Partial<Facts> = {}): Facts =>
  facts({
    topics: ["upgrades"],
    executable: true,
    actions: [
      action({
        target: ADDR.proxy,
        category: "upgrade",
        selector: "0x3659cfe6",
        signature: "upgradeTo(address)",
      }),
    ],
    targets: [ADDR.proxy],
    risk,
    ...over,
  });

const vote = (f: Facts, m = treasurySteward) => {
  const d = decide(f, m);
  return [d.vote, d.ruleId];
};

describe("the example mandates", () => {
  it("are their inputs, parsed; their hashes are computed from them", () => {
    expect(treasurySteward).toEqual(parseMandate(treasuryStewardInput));
    expect(builderFriendly).toEqual(parseMandate(builderFriendlyInput));
    expect(treasuryStewardHash).toBe(mandateHash(treasuryStewardInput));
    expect(builderFriendlyHash).toBe(mandateHash(builderFriendlyInput));
    expect(treasuryStewardHash).not.toBe(builderFriendlyHash);
    expect(EXAMPLE_MANDATES.map((e) => [e.key, e.mandate.name])).toEqual([
      ["treasury-steward", "Treasury steward"],
      ["builder-friendly", "Builder-friendly"],
    ]);
  });
});

describe("Treasury steward", () => {
  it("votes against treasury outflows above $250k, not at $250k", () => {
    const d = decide(spend(["treasury"], 1_000_000, 250_000), treasurySteward);
    expect(d.vote).toBe("against");
    expect(d.rationale).toBe(
      "Rule 'no-large-outflows' fired: transfers total $1,250,000 > $250,000",
    );
    expect(vote(spend(["treasury"], 250_000))).toEqual(["abstain", "default"]);
    expect(vote(spend(["grants"], 250_000.01))).toEqual(["against", "no-large-outflows"]);
  });

  it("asks on upgrades in the calldata, or in the prose of an executable proposal moving no money", () => {
    expect(vote(upgrade("low"))).toEqual(["ask", "ask-on-upgrades"]);
    expect(vote(upgrade("low", { topics: ["parameters"] }))).toEqual(["ask", "ask-on-upgrades"]);
    expect(vote(facts({ topics: ["upgrades"], executable: true }))).toEqual([
      "ask",
      "ask-on-upgrades",
    ]);
    // Prose alone on a text-only proposal, or on a funding proposal, is not enough.
    expect(vote(facts({ topics: ["upgrades"], executable: false }))).toEqual([
      "abstain",
      "default",
    ]);
    expect(vote(spend(["upgrades"], 10))).toEqual(["abstain", "default"]);
  });

  it("asks on unknown calldata, mismatches, low confidence and unpriced outflows", () => {
    expect(vote(upgrade("low", { unknownCalldata: true }))).toEqual([
      "ask",
      "uncertainty.onUnknownCalldata",
    ]);
    const lying = {
      ...spend(["grants"], 10),
      mismatches: [{ kind: "amount" as const, detail: "", actionIndex: 0 }],
    };
    expect(vote(lying)).toEqual(["ask", "uncertainty.onMismatch"]);
    expect(vote({ ...spend(["parameters"]), confidence: 0.59 })).toEqual([
      "ask",
      "uncertainty.minConfidence",
    ]);
    const unpriced = facts({
      topics: ["treasury"],
      transfers: [{ ...usdcTransfer(1), symbol: "XYZ", usd: null }],
    });
    expect(vote(unpriced)).toEqual(["ask", "ask-unpriced-outflows"]);
  });

  it("supports low-risk parameter tweaks that move no money, and only those", () => {
    const tweak = facts({
      topics: ["parameters"],
      executable: true,
      actions: [action({ category: "parameter" })],
      risk: "low",
    });
    expect(vote(tweak)).toEqual(["for", "low-risk-parameters"]);
    expect(vote({ ...tweak, risk: "medium" })).toEqual(["abstain", "default"]);
    expect(vote(spend(["parameters"], 100))).toEqual(["abstain", "default"]);
  });

  it("abstains on social matters and elections", () => {
    expect(vote(facts({ topics: ["social"] }))).toEqual(["abstain", "abstain-social-elections"]);
    expect(vote(facts({ topics: ["elections"] }))).toEqual(["abstain", "abstain-social-elections"]);
    // ...but a large outflow dressed up as an election is still opposed.
    expect(vote(spend(["elections"], 300_000))).toEqual(["against", "no-large-outflows"]);
  });
});

describe("Builder-friendly", () => {
  const b = (f: Facts) => vote(f, builderFriendly);

  it("supports grants up to $1M and ecosystem funding up to $5M", () => {
    expect(b(spend(["grants"], 800_000))).toEqual(["for", "grants-up-to-1m"]);
    expect(b(spend(["grants"], 1_000_000))).toEqual(["for", "grants-up-to-1m"]);
    expect(b(spend(["grants"], 2_000_000))).toEqual(["for", "ecosystem-funding"]);
    expect(b(spend(["treasury"], 5_000_000))).toEqual(["for", "ecosystem-funding"]);
  });

  it("asks above $5M and when outflows cannot be priced", () => {
    expect(b(spend(["grants"], 5_000_000.01))).toEqual(["ask", "ask-above-5m"]);
    const unpriced = facts({ topics: ["grants"], transfers: [{ ...usdcTransfer(1), usd: null }] });
    expect(b(unpriced)).toEqual(["ask", "ask-unpriced-outflows"]);
  });

  it("opposes upgrades flagged high or critical risk, before anything else", () => {
    expect(b(upgrade("high"))).toEqual(["against", "no-risky-upgrades"]);
    expect(b(upgrade("critical", { transfers: [usdcTransfer(10_000_000)] }))).toEqual([
      "against",
      "no-risky-upgrades",
    ]);
    expect(b(upgrade("medium"))).toEqual(["for", "default"]);
  });

  it("votes for anything else, but not for misrepresented or unreadable proposals", () => {
    expect(b(facts({ topics: ["social"] }))).toEqual(["for", "default"]);
    const lying = {
      ...spend(["grants"], 10),
      mismatches: [{ kind: "recipient" as const, detail: "", actionIndex: 0 }],
    };
    expect(b(lying)).toEqual(["against", "uncertainty.onMismatch"]);
    expect(b(upgrade("low", { unknownCalldata: true }))).toEqual([
      "ask",
      "uncertainty.onUnknownCalldata",
    ]);
    expect(b({ ...facts(), confidence: 0.49 })).toEqual(["ask", "uncertainty.minConfidence"]);
  });
});
