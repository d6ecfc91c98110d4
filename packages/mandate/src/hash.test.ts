import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { keccak256, toBytes } from "viem";
import { describe, expect, it } from "vitest";
import { mandateInputArb } from "../test/arbitraries.js";
import { ADDR, baseMandate, checksummed } from "../test/fixtures.js";
import { CanonicalJsonError, canonicalJson, canonicalMandate, mandateHash } from "./hash.js";
import {
  type Mandate,
  type MandateInput,
  parseMandate,
  STANCES,
  safeParseMandate,
  UNCERTAINTY_STANCES,
} from "./mandate.js";

/** The double whose IEEE 754 bits are `hex` (RFC 8785 appendix B writes its vectors this way). */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("canonicalJson (RFC 8785)", () => {
  it("matches the RFC's sample (section 3.2.2)", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units (section 3.2.3)", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // Compared as text: JSON.parse would move the integer-like key "1" first.
    const order = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"] as const;
    const expected = `{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k])}`).join(",")}}`;
    expect(canonicalJson(input)).toBe(expected);
    expect(expected.startsWith('{"\\r":"Carriage Return","1":"One","\u0080":"Control"')).toBe(true);
  });

  it.each([
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["41b3de4355555555", "333333333.3333333"],
  ])("serializes the double with bits %s as %s (appendix B)", (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it("has no whitespace and nests sorted objects inside arrays", () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: "x" })).toBe(
      '{"a":"x","b":[{"a":null,"z":1}]}',
    );
  });

  it.each([
    ["NaN", Number.NaN, "$: NaN has no JSON form"],
    ["Infinity", Number.POSITIVE_INFINITY, "$: Infinity has no JSON form"],
    ["-Infinity", { a: [Number.NEGATIVE_INFINITY] }, "$.a[0]: -Infinity has no JSON form"],
    ["undefined", undefined, "$: undefined has no JSON form"],
    ["undefined value", { a: 1, b: undefined }, "$.b: undefined has no JSON form"],
    ["undefined item", [1, undefined], "$[1]: undefined has no JSON form"],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is being tested
    ["array hole", [1, , 3], "$[1]: undefined has no JSON form"],
    ["bigint", { n: 1n }, "$.n: bigint has no JSON form"],
    ["function", { f: () => 1 }, "$.f: function has no JSON form"],
    ["Date", { d: new Date(0) }, "$.d: only plain objects have a JSON form"],
    ["lone surrogate", { s: "\ud800" }, "$.s: string has an unpaired UTF-16 surrogate"],
  ])("rejects %s", (_, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it("rejects cycles but accepts a shared (acyclic) subobject", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow("$.self: cyclic reference");
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("round-trips any JSON value and is a fixed point", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(JSON.parse(c)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
    );
  });

  it("does not depend on key insertion order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer(), (obj, seed) => {
        expect(canonicalJson(shuffleKeys(obj, rng(seed)))).toBe(canonicalJson(obj));
      }),
    );
  });
});

/** A small deterministic PRNG (mulberry32), so shuffles are reproducible from a seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deep copy whose objects have their keys inserted in a random order. */
function shuffleKeys<T>(v: T, rand: () => number): T {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rand)) as T;
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, rand)])) as T;
  }
  return v;
}

/** A deep copy with every address rewritten in a random case (lower, EIP-55, upper). */
function recaseAddresses<T>(v: T, rand: () => number): T {
  if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) {
    const lower = v.toLowerCase() as `0x${string}`;
    const forms = [lower, checksummed(lower), `0x${lower.slice(2).toUpperCase()}`];
    return forms[Math.floor(rand() * forms.length)] as T;
  }
  if (Array.isArray(v)) return v.map((x) => recaseAddresses(x, rand)) as T;
  if (typeof v === "object" && v !== null)
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, recaseAddresses(x, rand)]),
    ) as T;
  return v;
}

const next = <T>(list: readonly T[], x: T): T => list[(list.indexOf(x) + 1) % list.length] as T;

/** Semantic edits a holder could make; each must change the hash. */
const MUTATIONS: Record<string, (m: Mandate, i: number) => unknown> = {
  version: (m) => ({ ...m, version: m.version + 1 }),
  name: (m) => ({ ...m, name: `${m.name.slice(0, 99)}${m.name.endsWith("!") ? "?" : "!"}` }),
  description: (m) => ({ ...m, description: `${m.description ?? ""}.` }),
  defaultStance: (m) => ({ ...m, defaultStance: next(STANCES, m.defaultStance) }),
  minConfidence: (m) => ({
    ...m,
    uncertainty: { ...m.uncertainty, minConfidence: m.uncertainty.minConfidence === 1 ? 0.5 : 1 },
  }),
  onMismatch: (m) => ({
    ...m,
    uncertainty: {
      ...m.uncertainty,
      onMismatch: next(UNCERTAINTY_STANCES, m.uncertainty.onMismatch),
    },
  }),
  onUnknownCalldata: (m) => ({
    ...m,
    uncertainty: {
      ...m.uncertainty,
      onUnknownCalldata: next(UNCERTAINTY_STANCES, m.uncertainty.onUnknownCalldata),
    },
  }),
  ruleThen: (m, i) =>
    m.rules.length === 0
      ? undefined
      : {
          ...m,
          rules: m.rules.map((r, j) =>
            j === i % m.rules.length ? { ...r, then: next(STANCES, r.then) } : r,
          ),
        },
  ruleId: (m, i) =>
    m.rules.length === 0
      ? undefined
      : {
          ...m,
          rules: m.rules.map((r, j) => (j === i % m.rules.length ? { ...r, id: `${r.id}-x` } : r)),
        },
  ruleWhen: (m, i) =>
    m.rules.length === 0
      ? undefined
      : {
          ...m,
          rules: m.rules.map((r, j) =>
            j === i % m.rules.length
              ? { ...r, when: { ...r.when, executable: r.when.executable !== true } }
              : r,
          ),
        },
  swapRules: (m) =>
    m.rules.length < 2 ? undefined : { ...m, rules: [m.rules[1], m.rules[0], ...m.rules.slice(2)] },
  dropRule: (m) => (m.rules.length === 0 ? undefined : { ...m, rules: m.rules.slice(0, -1) }),
  addRule: (m) => ({ ...m, rules: [...m.rules, { id: "added-rule-x", when: {}, then: "ask" }] }),
};

describe("mandateHash", () => {
  it("is keccak256 of the UTF-8 canonical JSON of the parsed mandate", () => {
    const m = {
      ...baseMandate,
      rules: [{ id: "r", when: { transferTo: { anyOf: [checksummed(ADDR.bob)] } }, then: "for" }],
    };
    const canonical =
      '{"defaultStance":"abstain","name":"Test mandate","rules":[{"id":"r","then":"for","when":' +
      `{"transferTo":{"anyOf":["${ADDR.bob}"]}}}],"schema":"mandate/v1","uncertainty":` +
      '{"minConfidence":0,"onMismatch":"ignore","onUnknownCalldata":"ignore"},"version":1}';
    expect(canonicalMandate(m)).toBe(canonical);
    expect(mandateHash(m)).toBe(keccak256(toBytes(canonical)));
    expect(mandateHash(m)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("encodes non-ASCII text as UTF-8", () => {
    const m = parseMandate({ ...baseMandate, name: "Trésor 🏦" });
    const bytes = new TextEncoder().encode(canonicalJson(m));
    expect(mandateHash(m)).toBe(keccak256(bytes));
  });

  it("counts an omitted defaultStance as the default it stands for", () => {
    const rules = [{ id: "r", when: {}, then: "for" as const }];
    const { defaultStance: _, ...rest } = baseMandate;
    expect(mandateHash({ ...rest, rules })).toBe(
      mandateHash({ ...rest, rules, defaultStance: "ask" }),
    );
    expect(mandateHash({ ...rest, rules })).not.toBe(
      mandateHash({ ...rest, rules, defaultStance: "for" }),
    );
  });

  it("throws a MandateError for an invalid mandate rather than hashing it", () => {
    expect(() => mandateHash({ ...baseMandate, version: 0 })).toThrow(
      "version: expected a number >= 1, got 0",
    );
  });

  it("ignores key order, whitespace and address case (property)", () => {
    fc.assert(
      fc.property(
        mandateInputArb,
        fc.integer(),
        fc.constantFrom(0, 1, 2, 4, "\t", " \n "),
        (input, seed, indent) => {
          const rand = rng(seed);
          const text = JSON.stringify(
            recaseAddresses(shuffleKeys(input, rand), rand),
            null,
            indent,
          );
          expect(mandateHash(text)).toBe(mandateHash(input));
          expect(mandateHash(JSON.parse(text))).toBe(mandateHash(input));
        },
      ),
    );
  });

  it("changes with every semantic edit (property)", () => {
    const names = Object.keys(MUTATIONS);
    fc.assert(
      fc.property(mandateInputArb, fc.constantFrom(...names), fc.nat(), (input, name, i) => {
        const m = parseMandate(input);
        const edited = MUTATIONS[name]?.(m, i);
        fc.pre(edited !== undefined);
        const r = safeParseMandate(edited);
        fc.pre(r.success);
        if (!r.success) return;
        expect(r.mandate).not.toEqual(m);
        expect(mandateHash(r.mandate)).not.toBe(mandateHash(m));
      }),
    );
  });

  it("is equal exactly when the parsed mandates are equal (property)", () => {
    fc.assert(
      fc.property(mandateInputArb, mandateInputArb, (a: MandateInput, b: MandateInput) => {
        const [pa, pb] = [parseMandate(a), parseMandate(b)];
        const sameMandate = isDeepStrictEqual(pa, pb);
        expect(mandateHash(a) === mandateHash(b)).toBe(sameMandate);
        expect(mandateHash(a)).toBe(mandateHash(pa));
      }),
    );
  });
});
