/**
 * Compiling a holder's plain-language wishes into a mandate, with a model provider.
 *
 * The model only drafts: its output must be a valid `mandate/v1` document (parsed by
 * `parseMandate`, with every problem named), and it is shown to the holder rule by rule, in plain
 * words, to confirm before it is written anywhere. Nothing here publishes or votes. Without a model
 * provider, holders edit the rules directly (packages/mandate/examples are starting points).
 */
import {
  type Condition,
  canonicalMandate,
  type Mandate,
  MandateError,
  mandateHash,
  mandateJsonSchema,
  parseMandate,
} from "@mandate/mandate";
import type { Hex } from "viem";
import { type ChatCompleter, InvalidModelOutputError } from "./openai.js";

export interface CompiledMandate {
  mandate: Mandate;
  /** keccak256 of the canonical JSON: what the registry stores. */
  hash: Hex;
  /** Canonical JSON, ready to write to a file. */
  json: string;
  /** The rules in plain words, for the holder to confirm. */
  explanation: string[];
}

const SYSTEM = [
  "You turn a DAO token holder's voting wishes into a mandate: a JSON document of rules over",
  'facts about a proposal, following the given JSON Schema exactly (schema "mandate/v1").',
  "Rules are checked in order; the first whose `when` holds decides (`then`: for, against,",
  "abstain or ask). Use `ask` wherever the holder wants to decide themselves. Amounts in USD go in",
  "`totalUsd`; topics are treasury, grants, parameters, upgrades, security, elections, social.",
  "Prefer facts decoded from calldata (actionCategory, hasTransfers, totalUsd) over topics.",
  "Use short kebab-case rule ids. Do not invent wishes the holder did not state; when unsure,",
  "use `ask`. Reply with the JSON document only.",
].join(" ");

/**
 * Asks the model for a mandate matching `wishes` and validates it. Throws
 * `InvalidModelOutputError` when the reply is not a valid mandate (naming every problem); the
 * holder is never shown, nor asked to confirm, an invalid draft.
 */
export async function compileMandate(
  completer: ChatCompleter,
  wishes: string,
  options: { name?: string } = {},
): Promise<CompiledMandate> {
  const text = wishes.trim();
  if (text.length === 0)
    throw new Error("describe how the delegate should vote (the text is empty)");
  if (text.length > 20_000) {
    throw new Error(`the wishes are too long (${text.length} characters; at most 20,000)`);
  }
  const completion = await completer.complete({
    model: completer.model,
    messages: [
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content: `Name of the mandate: ${options.name ?? "My mandate"}\n\nThe holder's wishes:\n${text}`,
      },
    ],
    response_format: {
      type: "json_schema",
      // Not strict: the mandate schema has optional clauses, which strict mode cannot express.
      // The reply is validated by parseMandate either way.
      json_schema: { name: "mandate", strict: false, schema: mandateJsonSchema() },
    },
  });
  const content = completion.choices[0]?.message?.content;
  if (typeof content !== "string" || content.trim() === "") {
    throw new InvalidModelOutputError(completer.name, "the reply has no content", [], null);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new InvalidModelOutputError(completer.name, "the reply is not JSON", [], content);
  }
  let mandate: Mandate;
  try {
    mandate = parseMandate(raw);
  } catch (e) {
    if (e instanceof MandateError) {
      throw new InvalidModelOutputError(
        completer.name,
        "the reply is not a valid mandate",
        e.issues.map((i) => `${i.path}: ${i.message}`),
        content,
      );
    }
    throw e;
  }
  return {
    mandate,
    hash: mandateHash(mandate),
    json: `${JSON.stringify(JSON.parse(canonicalMandate(mandate)), null, 2)}\n`,
    explanation: explainMandate(mandate),
  };
}

const VOTE_WORDS = { for: "vote For", against: "vote Against", abstain: "Abstain", ask: "ask you" };

/** A mandate in plain words, one line per rule, for the holder to confirm. */
export function explainMandate(m: Mandate): string[] {
  const lines = [`"${m.name}" (version ${m.version})`];
  const u = m.uncertainty;
  lines.push(
    `Before any rule: if the facts' confidence is below ${u.minConfidence}, ask you;` +
      ` if the text disagrees with the actions, ${u.onMismatch === "ignore" ? "carry on" : VOTE_WORDS[u.onMismatch]};` +
      ` if some calldata cannot be decoded, ${u.onUnknownCalldata === "ignore" ? "carry on" : VOTE_WORDS[u.onUnknownCalldata]}.`,
  );
  m.rules.forEach((r, i) => {
    lines.push(`${i + 1}. ${r.id}: when ${describeCondition(r.when)}, ${VOTE_WORDS[r.then]}.`);
  });
  lines.push(`Otherwise: ${VOTE_WORDS[m.defaultStance]}.`);
  return lines;
}

function bounds(b: { gt?: number; gte?: number; lt?: number; lte?: number }, unit = ""): string {
  const parts: string[] = [];
  if (b.gt !== undefined) parts.push(`above ${unit}${b.gt.toLocaleString("en-US")}`);
  if (b.gte !== undefined) parts.push(`at least ${unit}${b.gte.toLocaleString("en-US")}`);
  if (b.lt !== undefined) parts.push(`below ${unit}${b.lt.toLocaleString("en-US")}`);
  if (b.lte !== undefined) parts.push(`at most ${unit}${b.lte.toLocaleString("en-US")}`);
  return parts.join(" and ");
}

/** A condition in plain words. Clauses are joined with "and"; `{}` is "always". */
export function describeCondition(c: Condition): string {
  const parts: string[] = [];
  if (c.topic) parts.push(`the topic is ${c.topic.anyOf.join(" or ")}`);
  if (c.actionCategory) parts.push(`an action is of kind ${c.actionCategory.anyOf.join(" or ")}`);
  if (c.executable !== undefined)
    parts.push(c.executable ? "it executes actions" : "it executes nothing");
  if (c.hasTransfers !== undefined)
    parts.push(c.hasTransfers ? "it moves funds" : "it moves no funds");
  if (c.totalUsd) parts.push(`the funds moved total ${bounds(c.totalUsd, "$")}`);
  if (c.unpricedTransfers !== undefined) {
    parts.push(
      c.unpricedTransfers ? "some funds moved cannot be priced" : "every transfer is priced",
    );
  }
  if (c.maxTransferTokens) {
    parts.push(`a single ${c.maxTransferTokens.symbol} transfer is ${bounds(c.maxTransferTokens)}`);
  }
  for (const [key, label] of [
    ["transferTo", "a recipient"],
    ["targets", "a target"],
    ["addresses", "an address involved"],
  ] as const) {
    const set = c[key];
    if (set?.anyOf) parts.push(`${label} is one of ${set.anyOf.join(", ")}`);
    if (set?.noneOf)
      parts.push(`no ${label.replace(/^an? /, "")} is one of ${set.noneOf.join(", ")}`);
  }
  if (c.risk) {
    if (c.risk.atLeast) parts.push(`the risk is ${c.risk.atLeast} or higher`);
    if (c.risk.atMost) parts.push(`the risk is ${c.risk.atMost} or lower`);
    if (c.risk.in) parts.push(`the risk is ${c.risk.in.join(" or ")}`);
  }
  if (c.unknownCalldata !== undefined) {
    parts.push(c.unknownCalldata ? "some calldata is unknown" : "all calldata is decoded");
  }
  if (c.hasMismatch !== undefined) {
    parts.push(
      c.hasMismatch ? "the text disagrees with the actions" : "the text matches the actions",
    );
  }
  if (c.any) parts.push(`(${c.any.map(describeCondition).join(") or (")})`);
  if (c.all) parts.push(c.all.map(describeCondition).join(" and "));
  if (c.not) parts.push(`not (${describeCondition(c.not)})`);
  return parts.length === 0 ? "always" : parts.join(" and ");
}
