import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { keccak256, toBytes } from "viem";
import { describe, expect, it } from "vitest";
import { factsArb, mandateInputArb } from "../test/arbitraries.js";
import { baseMandate } from "../test/fixtures.js";
import { validateJsonSchema } from "../test/json-schema.js";
import { generatedFiles } from "./artifacts.js";
import { EXAMPLE_MANDATES } from "./examples.js";
import { canonicalJson, mandateHash } from "./hash.js";
import { factsJsonSchema, mandateJsonSchema } from "./json-schema.js";
import { parseMandate, safeParseMandate } from "./mandate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const readJson = (path: string): Record<string, unknown> => JSON.parse(read(path));

describe("checked-in generated files", () => {
  it.each(generatedFiles().map((f) => [f.path, f.contents]))(
    "%s is what the generator produces (else run npm run generate:schema)",
    (path, contents) => {
      expect(read(path)).toBe(contents);
    },
  );

  it("covers both schemas, every example and the hash list", () => {
    expect(generatedFiles().map((f) => f.path)).toEqual([
      "schema/mandate.schema.json",
      "schema/facts.schema.json",
      "examples/treasury-steward.json",
      "examples/builder-friendly.json",
      "examples/hashes.json",
    ]);
  });
});

describe("published examples", () => {
  it.each(EXAMPLE_MANDATES.map((e) => [e.key, e]))(
    "examples/%s.json is valid and hashes as exported",
    (key, e) => {
      const text = read(`examples/${key}.json`);
      expect(parseMandate(text)).toEqual(e.mandate);
      expect(mandateHash(text)).toBe(e.hash);
      // The file is already normalized: plain RFC 8785 + keccak256 over it gives the hash.
      expect(keccak256(toBytes(canonicalJson(JSON.parse(text))))).toBe(e.hash);
    },
  );

  it("examples/hashes.json lists the computed hashes", () => {
    expect(readJson("examples/hashes.json")).toEqual(
      Object.fromEntries(EXAMPLE_MANDATES.map((e) => [e.key, mandateHash(e.mandate)])),
    );
  });
});

describe("mandate JSON Schema", () => {
  const schema = mandateJsonSchema();

  it("is draft 2020-12 with named Rule and Condition definitions", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.title).toBe("Mandate");
    expect(Object.keys(schema.$defs as object).sort()).toEqual(["Condition", "Rule"]);
  });

  it("accepts the examples and every mandate parseMandate accepts (property)", () => {
    for (const e of EXAMPLE_MANDATES) expect(validateJsonSchema(schema, e.mandate)).toEqual([]);
    fc.assert(
      fc.property(mandateInputArb, (input) => {
        expect(validateJsonSchema(schema, JSON.parse(JSON.stringify(input)))).toEqual([]);
      }),
    );
  });

  it.each([
    ["an unknown top-level key", { ...baseMandate, extra: 1 }, "/extra: not allowed"],
    [
      "an unknown condition key",
      { ...baseMandate, rules: [{ id: "r", when: { totalUSD: {} }, then: "for" }] },
      "/rules/0/when/totalUSD: not allowed",
    ],
    ["a missing field", { ...baseMandate, version: undefined }, ": missing required version"],
    ["a bad stance", { ...baseMandate, defaultStance: "maybe" }, "/defaultStance: not in enum"],
    [
      "a bad rule id",
      { ...baseMandate, rules: [{ id: "Bad Id", when: {}, then: "for" }] },
      "/rules/0/id: does not match ^[a-z0-9]+(?:-[a-z0-9]+)*$",
    ],
    [
      "empty bounds",
      { ...baseMandate, rules: [{ id: "r", when: { totalUsd: {} }, then: "for" }] },
      "/rules/0/when/totalUsd: fewer than 1 properties",
    ],
    [
      "nested bad address",
      {
        ...baseMandate,
        rules: [
          { id: "r", when: { not: { any: [{ targets: { anyOf: ["0x1"] } }] } }, then: "for" },
        ],
      },
      "/rules/0/when/not/any/0/targets/anyOf/0: does not match ^0x[0-9a-fA-F]{40}$",
    ],
  ])("rejects %s, as parseMandate does", (_, doc, error) => {
    const json = JSON.parse(JSON.stringify(doc));
    expect(validateJsonSchema(schema, json)).toContain(error);
    expect(safeParseMandate(json).success).toBe(false);
  });
});

describe("facts JSON Schema", () => {
  const schema = factsJsonSchema();

  it("accepts valid facts and rejects malformed ones", () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        expect(validateJsonSchema(schema, JSON.parse(JSON.stringify(f)))).toEqual([]);
      }),
    );
    const f = fc.sample(factsArb, { numRuns: 1, seed: 1 })[0];
    expect(validateJsonSchema(schema, { ...f, risk: "extreme" })).toContain("/risk: not in enum");
    expect(validateJsonSchema(schema, { ...f, confidence: 2 })).toContain(
      "/confidence: above maximum",
    );
    expect(validateJsonSchema(schema, { ...f, totalUsd: "1" })).toContain(
      "/totalUsd: matches none of anyOf",
    );
  });
});
