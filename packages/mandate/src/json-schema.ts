/**
 * JSON Schemas generated from the zod schemas with zod 4's `z.toJSONSchema`. They describe the
 * documents as written (`io: "input"`: addresses in any case, defaults optional).
 *
 * The JSON Schema checks structure only. `parseMandate` checks more: unique rule ids, bounds
 * that can hold, address checksums, a default when there are no rules, nesting depth.
 */
import { z } from "zod";
import { factsSchema } from "./facts.js";
import {
  addressSetSchema,
  boundsSchema,
  mandateSchema,
  riskConditionSchema,
  tokenBoundsSchema,
} from "./mandate.js";

const DRAFT = "draft-2020-12" as const;

/**
 * Structure the zod refinements check that JSON Schema can say too: an empty bounds, address
 * set or risk object says nothing, so it needs at least one property (two for token bounds:
 * the symbol and a bound).
 */
const MIN_PROPERTIES = new Map<unknown, number>([
  [boundsSchema, 1],
  [tokenBoundsSchema, 2],
  [addressSetSchema, 1],
  [riskConditionSchema, 1],
]);

/** JSON Schema (draft 2020-12) of a mandate document. */
export function mandateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(mandateSchema, {
    io: "input",
    target: DRAFT,
    override: (ctx) => {
      const min = MIN_PROPERTIES.get(ctx.zodSchema);
      if (min !== undefined) ctx.jsonSchema.minProperties = min;
    },
  }) as Record<string, unknown>;
}

/** JSON Schema (draft 2020-12) of the facts every engine produces. */
export function factsJsonSchema(): Record<string, unknown> {
  const schema = factsSchema.meta({
    title: "Facts",
    description:
      "What the policy engine knows about a proposal. Every engine produces exactly this shape.",
  });
  return z.toJSONSchema(schema, { io: "input", target: DRAFT }) as Record<string, unknown>;
}
