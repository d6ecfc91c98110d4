/**
 * The files this package generates and checks in: the JSON Schemas, the example mandates and
 * their hashes. `scripts/generate-schema.ts` writes them (or, with `--check`, compares them);
 * `artifacts.test.ts` fails when a checked-in file differs from what is generated here.
 */
import { EXAMPLE_MANDATES } from "./examples.js";
import { factsJsonSchema, mandateJsonSchema } from "./json-schema.js";

export interface GeneratedFile {
  /** Relative to the package root. */
  path: string;
  contents: string;
}

/** Two-space JSON with a final newline: the format of every generated file. */
export const renderJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function generatedFiles(): GeneratedFile[] {
  return [
    { path: "schema/mandate.schema.json", contents: renderJson(mandateJsonSchema()) },
    { path: "schema/facts.schema.json", contents: renderJson(factsJsonSchema()) },
    ...EXAMPLE_MANDATES.map((e) => ({
      path: `examples/${e.key}.json`,
      contents: renderJson(e.mandate),
    })),
    {
      path: "examples/hashes.json",
      contents: renderJson(Object.fromEntries(EXAMPLE_MANDATES.map((e) => [e.key, e.hash]))),
    },
  ];
}
