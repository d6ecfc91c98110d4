import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mandateInputArb } from "../test/arbitraries.js";
import { ADDR, baseMandate, checksummed } from "../test/fixtures.js";
import {
  formatPath,
  LIMITS,
  MandateError,
  type MandateIssue,
  parseMandate,
  safeParseMandate,
} from "./mandate.js";

/** The issues `parseMandate` reports for `input` (fails the test if it accepts it). */
function issuesOf(input: unknown): readonly MandateIssue[] {
  const r = safeParseMandate(input);
  if (r.success) throw new Error("expected the mandate to be rejected");
  return r.error.issues;
}

/** A mandate with one rule whose `when` is `when`. */
const withWhen = (when: unknown) => ({
  ...baseMandate,
  rules: [{ id: "r", when, then: "for" }],
});

describe("parseMandate: valid mandates", () => {
  it("accepts a minimal mandate and fills in nothing it does not need", () => {
    const m = parseMandate({ ...baseMandate, rules: [{ id: "r", when: {}, then: "for" }] });
    expect(m).toEqual({ ...baseMandate, rules: [{ id: "r", when: {}, then: "for" }] });
  });

  it('defaults defaultStance to "ask" when there are rules', () => {
    const { defaultStance: _, ...noDefault } = baseMandate;
    const m = parseMandate({ ...noDefault, rules: [{ id: "r", when: {}, then: "for" }] });
    expect(m.defaultStance).toBe("ask");
  });

  it("accepts no rules when a defaultStance is given", () => {
    expect(parseMandate({ ...baseMandate, rules: [] }).rules).toEqual([]);
  });

  it("lowercases addresses written checksummed or in uppercase", () => {
    const upper = `0x${ADDR.bob.slice(2).toUpperCase()}`;
    const m = parseMandate(
      withWhen({
        transferTo: { anyOf: [checksummed(ADDR.alice)] },
        targets: { noneOf: [upper] },
        addresses: { anyOf: [ADDR.treasury] },
      }),
    );
    expect(m.rules[0]?.when).toEqual({
      transferTo: { anyOf: [ADDR.alice] },
      targets: { noneOf: [ADDR.bob] },
      addresses: { anyOf: [ADDR.treasury] },
    });
  });

  it("accepts JSON text as well as a parsed value", () => {
    const text = JSON.stringify(withWhen({ executable: true }));
    expect(parseMandate(text)).toEqual(parseMandate(JSON.parse(text)));
  });

  it("drops keys whose value is undefined and turns -0 into 0", () => {
    const m = parseMandate({
      ...baseMandate,
      description: undefined,
      rules: [{ id: "r", description: undefined, when: { totalUsd: { gte: -0 } }, then: "for" }],
    });
    expect("description" in m).toBe(false);
    expect("description" in (m.rules[0] ?? {})).toBe(false);
    expect(Object.is(m.rules[0]?.when.totalUsd?.gte, 0)).toBe(true);
  });

  it("accepts a point interval (gte = lte) and a proper range", () => {
    expect(() => parseMandate(withWhen({ totalUsd: { gte: 5, lte: 5 } }))).not.toThrow();
    expect(() => parseMandate(withWhen({ totalUsd: { gt: 5, lt: 5.000001 } }))).not.toThrow();
  });

  it("accepts any/all/not nested exactly to the limit", () => {
    let when: unknown = {};
    for (let i = 0; i < LIMITS.conditionDepth; i++) when = { not: when };
    expect(() => parseMandate(withWhen(when))).not.toThrow();
  });

  it("is idempotent: parsing a parsed mandate gives an equal mandate", () => {
    fc.assert(
      fc.property(mandateInputArb, (input) => {
        const once = parseMandate(input);
        expect(parseMandate(once)).toEqual(once);
      }),
    );
  });

  it("accepts every mandate the arbitrary generates and normalizes every address", () => {
    fc.assert(
      fc.property(mandateInputArb, (input) => {
        const text = JSON.stringify(parseMandate(input));
        for (const a of text.match(/0x[0-9a-fA-F]{40}/g) ?? []) expect(a).toBe(a.toLowerCase());
      }),
    );
  });
});

describe("parseMandate: error messages", () => {
  it("names the path and the bad value", () => {
    const bad = {
      ...baseMandate,
      rules: [
        { id: "a", when: {}, then: "for" },
        { id: "b", when: {}, then: "for" },
        { id: "c", when: { totalUsd: { gt: "lots" } }, then: "for" },
      ],
    };
    expect(issuesOf(bad)).toEqual([
      { path: "rules[2].when.totalUsd.gt", message: 'expected a number, got "lots"' },
    ]);
    expect(() => parseMandate(bad)).toThrow(
      'Invalid mandate (1 problem):\n  rules[2].when.totalUsd.gt: expected a number, got "lots"',
    );
  });

  it("throws a MandateError that lists every problem, one a line", () => {
    let caught: unknown;
    try {
      parseMandate({
        ...baseMandate,
        version: 0,
        name: "",
        extra: 1,
        uncertainty: { minConfidence: 2, onMismatch: "for" },
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MandateError);
    expect(caught).toBeInstanceOf(Error);
    const err = caught as MandateError;
    expect(err.name).toBe("MandateError");
    expect(err.message).toBe(
      [
        "Invalid mandate (6 problems):",
        "  name: must not be empty",
        "  version: expected a number >= 1, got 0",
        "  uncertainty.minConfidence: expected a number <= 1, got 2",
        '  uncertainty.onMismatch: expected one of "ask", "against", "abstain", "ignore", got "for"',
        '  uncertainty.onUnknownCalldata: missing: expected one of "ask", "against", "abstain", "ignore"',
        "  extra: unknown key (allowed: schema, name, description, version, defaultStance, uncertainty, rules)",
      ].join("\n"),
    );
    expect(err.issues).toHaveLength(6);
  });

  it("produces the README's example message", () => {
    const rules = [
      { id: "a", when: { totalUsd: { gt: 5, lt: 5 } }, then: "for" },
      { id: "a", when: { totalUSD: { gt: 1 } }, then: "for" },
    ];
    expect(() => parseMandate({ ...baseMandate, rules })).toThrow(
      [
        "Invalid mandate (3 problems):",
        "  rules[0].when.totalUsd: contradictory bounds: no number is both > 5 and < 5",
        '  rules[1].when.totalUSD: unknown key (did you mean "totalUsd"?)',
        '  rules[1].id: duplicate rule id "a" (already used by rules[0])',
      ].join("\n"),
    );
  });

  it("rejects duplicate rule ids by name, pointing at the second use", () => {
    const rules = [
      { id: "same", when: {}, then: "for" },
      { id: "other", when: {}, then: "for" },
      { id: "same", when: {}, then: "against" },
    ];
    expect(issuesOf({ ...baseMandate, rules })).toEqual([
      { path: "rules[2].id", message: 'duplicate rule id "same" (already used by rules[0])' },
    ]);
  });

  it("reports duplicate ids even when another part of the document is invalid", () => {
    const rules = [
      { id: "same", when: {}, then: "for" },
      { id: "same", when: {}, then: "maybe" },
    ];
    expect(issuesOf({ ...baseMandate, rules })).toEqual([
      {
        path: "rules[1].then",
        message: 'expected one of "for", "against", "abstain", "ask", got "maybe"',
      },
      { path: "rules[1].id", message: 'duplicate rule id "same" (already used by rules[0])' },
    ]);
  });

  it("rejects an empty rule list with no default by name", () => {
    const { defaultStance: _, ...noDefault } = baseMandate;
    expect(issuesOf({ ...noDefault, rules: [] })).toEqual([
      {
        path: "rules",
        message:
          "empty, and there is no defaultStance: a mandate needs at least one rule or a defaultStance",
      },
    ]);
  });

  it.each([
    [{ gt: 500_000, lt: 100_000 }, "no number is both > 500000 and < 100000"],
    [{ gt: 5, lt: 5 }, "no number is both > 5 and < 5"],
    [{ gt: 5, lte: 5 }, "no number is both > 5 and <= 5"],
    [{ gte: 5, lt: 5 }, "no number is both >= 5 and < 5"],
    [{ gte: 6, lte: 5 }, "no number is both >= 6 and <= 5"],
  ])("rejects contradictory bounds %j", (bounds, why) => {
    expect(issuesOf(withWhen({ totalUsd: bounds }))).toEqual([
      { path: "rules[0].when.totalUsd", message: `contradictory bounds: ${why}` },
    ]);
  });

  it("rejects contradictory token bounds too", () => {
    expect(issuesOf(withWhen({ maxTransferTokens: { symbol: "USDC", gte: 10, lt: 10 } }))).toEqual([
      {
        path: "rules[0].when.maxTransferTokens",
        message: "contradictory bounds: no number is both >= 10 and < 10",
      },
    ]);
  });

  it("rejects bounds that say nothing or say one thing twice", () => {
    expect(issuesOf(withWhen({ totalUsd: {} }))).toEqual([
      { path: "rules[0].when.totalUsd", message: "needs at least one of gt, gte, lt, lte" },
    ]);
    expect(issuesOf(withWhen({ maxTransferTokens: { symbol: "USDC" } }))).toEqual([
      {
        path: "rules[0].when.maxTransferTokens",
        message: "needs at least one of gt, gte, lt, lte",
      },
    ]);
    expect(issuesOf(withWhen({ totalUsd: { gt: 1, gte: 2 } }))).toEqual([
      { path: "rules[0].when.totalUsd", message: "use either gt or gte, not both" },
    ]);
    expect(issuesOf(withWhen({ totalUsd: { lt: 1, lte: 2 } }))).toEqual([
      { path: "rules[0].when.totalUsd", message: "use either lt or lte, not both" },
    ]);
  });

  it("rejects negative, infinite and non-numeric bounds", () => {
    expect(issuesOf(withWhen({ totalUsd: { gt: -1 } }))).toEqual([
      { path: "rules[0].when.totalUsd.gt", message: "expected a number >= 0, got -1" },
    ]);
    expect(issuesOf(withWhen({ totalUsd: { gt: Number.POSITIVE_INFINITY } }))).toEqual([
      { path: "rules[0].when.totalUsd.gt", message: "expected a number, got Infinity" },
    ]);
    expect(issuesOf(withWhen({ totalUsd: { lt: Number.NaN } }))).toEqual([
      { path: "rules[0].when.totalUsd.lt", message: "expected a number, got NaN" },
    ]);
  });

  it("rejects bad risk conditions", () => {
    expect(issuesOf(withWhen({ risk: { atLeast: "high", atMost: "low" } }))).toEqual([
      {
        path: "rules[0].when.risk",
        message: "contradictory: no risk level is at least high and at most low",
      },
    ]);
    expect(issuesOf(withWhen({ risk: { atLeast: "high", in: ["low", "medium"] } }))).toEqual([
      {
        path: "rules[0].when.risk",
        message: "contradictory: no risk level is at least high and one of low, medium",
      },
    ]);
    expect(issuesOf(withWhen({ risk: {} }))).toEqual([
      { path: "rules[0].when.risk", message: "needs at least one of atLeast, atMost, in" },
    ]);
    expect(issuesOf(withWhen({ risk: { atLeast: "severe" } }))).toEqual([
      {
        path: "rules[0].when.risk.atLeast",
        message: 'expected one of "low", "medium", "high", "critical", got "severe"',
      },
    ]);
  });

  it("rejects bad address sets", () => {
    expect(issuesOf(withWhen({ addresses: {} }))).toEqual([
      { path: "rules[0].when.addresses", message: "needs anyOf, noneOf or both" },
    ]);
    expect(
      issuesOf(withWhen({ targets: { anyOf: [ADDR.bob], noneOf: [checksummed(ADDR.bob)] } })),
    ).toEqual([
      {
        path: "rules[0].when.targets",
        message: "contradictory: every address in anyOf is also in noneOf, so nothing can match",
      },
    ]);
    expect(issuesOf(withWhen({ transferTo: { anyOf: [] } }))).toEqual([
      { path: "rules[0].when.transferTo.anyOf", message: "must not be empty" },
    ]);
  });

  it("rejects malformed addresses and wrong checksums, and accepts right ones", () => {
    const bad = checksummed(ADDR.alice).replace("a", "A"); // flips the case of one letter
    expect(bad.toLowerCase()).toBe(ADDR.alice);
    expect(issuesOf(withWhen({ transferTo: { anyOf: ["0x12", bad] } }))).toEqual([
      {
        path: "rules[0].when.transferTo.anyOf[0]",
        message: 'expected an address (0x followed by 40 hex digits), got "0x12"',
      },
      {
        path: "rules[0].when.transferTo.anyOf[1]",
        message: `bad EIP-55 checksum (a typo?); write the address in lowercase to skip the check, got "${bad}"`,
      },
    ]);
    // Published EIP-55 test vector, and an all-uppercase address (carries no checksum).
    expect(() =>
      parseMandate(
        withWhen({ transferTo: { anyOf: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"] } }),
      ),
    ).not.toThrow();
    expect(() =>
      parseMandate(withWhen({ transferTo: { anyOf: [`0x${ADDR.bob.slice(2).toUpperCase()}`] } })),
    ).not.toThrow();
  });

  it("rejects unknown keys at every level, suggesting the closest known key", () => {
    expect(issuesOf(withWhen({ totalUSD: { gt: 1 } }))).toEqual([
      { path: "rules[0].when.totalUSD", message: 'unknown key (did you mean "totalUsd"?)' },
    ]);
    expect(issuesOf(withWhen({ totalUsd: { gtt: 1 } }))).toEqual([
      { path: "rules[0].when.totalUsd.gtt", message: 'unknown key (did you mean "gt"?)' },
      { path: "rules[0].when.totalUsd", message: "needs at least one of gt, gte, lt, lte" },
    ]);
    expect(issuesOf(withWhen({ any: [{ hasMismatches: true }] }))).toEqual([
      {
        path: "rules[0].when.any[0].hasMismatches",
        message: 'unknown key (did you mean "hasMismatch"?)',
      },
    ]);
    expect(
      issuesOf({ ...baseMandate, rules: [{ id: "r", when: {}, then: "for", else: "against" }] }),
    ).toEqual([
      { path: "rules[0].else", message: "unknown key (allowed: id, description, when, then)" },
    ]);
    expect(
      issuesOf({ ...baseMandate, uncertainty: { ...baseMandate.uncertainty, minconfidence: 1 } }),
    ).toEqual([
      { path: "uncertainty.minconfidence", message: 'unknown key (did you mean "minConfidence"?)' },
    ]);
  });

  it("rejects bad rule ids, stances and topics", () => {
    expect(issuesOf({ ...baseMandate, rules: [{ id: "Bad Id", when: {}, then: "for" }] })).toEqual([
      {
        path: "rules[0].id",
        message:
          'expected a rule id: lowercase letters and digits in words joined by single hyphens, e.g. "no-large-grants", got "Bad Id"',
      },
    ]);
    expect(issuesOf(withWhen({ topic: { anyOf: ["defi"] } }))).toEqual([
      {
        path: "rules[0].when.topic.anyOf[0]",
        message:
          'expected one of "treasury", "grants", "parameters", "upgrades", "security", "elections", "social", got "defi"',
      },
    ]);
    expect(issuesOf(withWhen({ any: [] }))).toEqual([
      { path: "rules[0].when.any", message: "must not be empty" },
    ]);
    expect(issuesOf(withWhen({ executable: "yes" }))).toEqual([
      { path: "rules[0].when.executable", message: 'expected true or false, got "yes"' },
    ]);
  });

  it("rejects the wrong schema tag, a fractional version and a missing rules list", () => {
    const { rules: _, ...noRules } = baseMandate;
    expect(issuesOf({ ...noRules, schema: "mandate/v2", version: 1.5 })).toEqual([
      { path: "schema", message: 'expected "mandate/v1", got "mandate/v2"' },
      { path: "version", message: "expected an integer, got 1.5" },
      { path: "rules", message: "missing: expected an array" },
    ]);
  });

  it("rejects non-objects, bad JSON text and documents nested too deep", () => {
    expect(issuesOf(null)).toEqual([{ path: "(root)", message: "expected an object, got null" }]);
    expect(issuesOf([1])).toEqual([
      { path: "(root)", message: "expected an object, got an array of 1" },
    ]);
    const [jsonIssue] = issuesOf("{ not json");
    expect(jsonIssue?.path).toBe("(root)");
    expect(jsonIssue?.message).toMatch(/^not valid JSON: /);
    let when: unknown = {};
    for (let i = 0; i <= LIMITS.conditionDepth; i++) when = { not: when };
    expect(issuesOf(withWhen(when))).toEqual([
      { path: "rules[0].when", message: "any/all/not nested more than 8 deep" },
    ]);
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { not: deep };
    expect(issuesOf(withWhen(deep))).toEqual([
      { path: "(root)", message: "nested more than 64 levels deep" },
    ]);
  });

  it("rejects text with an unpaired surrogate (it has no UTF-8 form, so no hash)", () => {
    expect(issuesOf({ ...baseMandate, name: "bad\ud800" })).toEqual([
      {
        path: "name",
        message:
          'contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding, got "bad\\ud800"',
      },
    ]);
  });

  it("enforces size limits", () => {
    const rules = Array.from({ length: LIMITS.rules + 1 }, (_, i) => ({
      id: `r${i}`,
      when: {},
      then: "for",
    }));
    expect(issuesOf({ ...baseMandate, rules })).toEqual([
      { path: "rules", message: `expected at most 200 items, got ${LIMITS.rules + 1}` },
    ]);
    expect(issuesOf({ ...baseMandate, name: "x".repeat(101) })).toEqual([
      { path: "name", message: "expected at most 100 characters, got 101" },
    ]);
  });
});

describe("formatPath", () => {
  it("writes indices in brackets and odd keys quoted", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["rules", 2, "when", "totalUsd", "gt"])).toBe("rules[2].when.totalUsd.gt");
    expect(formatPath(["a b", 0, "$ok"])).toBe('["a b"][0].$ok');
  });
});
