import {
  builderFriendly,
  builderFriendlyHash,
  canonicalMandate,
  decide,
  mandateHash,
  treasurySteward,
  treasuryStewardHash,
} from "@mandate/mandate";
import { describe, expect, it } from "vitest";
import {
  decodeMandateURI,
  describeCondition,
  describeMandate,
  encodeMandateURI,
  MandateURIError,
  ruleIdOf,
} from "@/lib/mandate";

describe("mandate data: URIs", () => {
  it("round-trips and keeps the registered hash", () => {
    for (const [m, hash] of [
      [treasurySteward, treasuryStewardHash],
      [builderFriendly, builderFriendlyHash],
    ] as const) {
      const uri = encodeMandateURI(m);
      expect(uri.startsWith("data:application/json;base64,")).toBe(true);
      const back = decodeMandateURI(uri);
      expect(mandateHash(back)).toBe(hash);
      expect(canonicalMandate(back)).toBe(canonicalMandate(m));
    }
  });
  it("reads a non-base64 data: URI and non-ASCII text", () => {
    const m = { ...treasurySteward, description: "Prudence — für die Kasse" };
    const uri = `data:application/json,${encodeURIComponent(JSON.stringify(m))}`;
    expect(decodeMandateURI(uri).description).toBe("Prudence — für die Kasse");
    expect(decodeMandateURI(encodeMandateURI(m)).description).toBe("Prudence — für die Kasse");
  });
  it("says why it cannot read a mandate", () => {
    expect(() => decodeMandateURI("ipfs://bafy")).toThrow(
      /"ipfs:" URI, which this app does not fetch/,
    );
    expect(() => decodeMandateURI("data:application/json;base64,!!!")).toThrow(MandateURIError);
    expect(() => decodeMandateURI("data:application/json,not json")).toThrow(/does not hold JSON/);
    expect(() =>
      decodeMandateURI(`data:application/json,${encodeURIComponent('{"schema":"mandate/v1"}')}`),
    ).toThrow(/Invalid mandate/);
  });
});

describe("plain words", () => {
  it("has one line per rule plus the uncertainty settings and the default", () => {
    const lines = describeMandate(treasurySteward);
    expect(lines).toHaveLength(treasurySteward.rules.length + 2);
    expect(lines[0]?.id).toBe("uncertainty");
    expect(lines.at(-1)?.text).toBe("Otherwise: abstain.");
    const outflows = lines.find((l) => l.id === "no-large-outflows");
    expect(outflows?.text).toContain("above $250,000");
    expect(outflows?.stance).toBe("against");
  });
  it("describes nested conditions", () => {
    expect(describeCondition({})).toBe("always");
    expect(describeCondition({ not: { risk: { atLeast: "high" } }, hasTransfers: true })).toBe(
      "it moves funds and not (the risk is high or higher)",
    );
  });
});

describe("ruleIdOf", () => {
  it("finds the rule in every rationale the policy engine writes", () => {
    const facts = {
      topics: ["treasury" as const],
      executable: true,
      actions: [],
      transfers: [],
      totalUsd: 2_000_000,
      targets: [],
      addresses: [],
      risk: "high" as const,
      unknownCalldata: false,
      mismatches: [],
      confidence: 0.9,
    };
    const fired = decide(facts, treasurySteward);
    expect(ruleIdOf(fired.rationale)).toBe(fired.ruleId);
    const low = decide({ ...facts, confidence: 0.1 }, treasurySteward);
    expect(low.ruleId).toBe("uncertainty.minConfidence");
    expect(ruleIdOf(low.rationale)).toBe("uncertainty.minConfidence");
    const none = decide({ ...facts, totalUsd: 10, topics: [] }, treasurySteward);
    expect(none.ruleId).toBe("default");
    expect(ruleIdOf(none.rationale)).toBe("default");
    expect(ruleIdOf("engine-unavailable: No engine could analyse")).toBe("engine-unavailable");
    expect(ruleIdOf("free text")).toBeNull();
  });
});
