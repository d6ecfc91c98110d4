/**
 * Compiling a holder's plain-language wishes into a mandate, with a model provider.
 *
 * The model only drafts: its output must be a valid `mandate/v1` document (parsed by
 * `parseMandate`, with every problem named), and it is shown to the holder rule by rule, in plain
 * words, to confirm before it is written anywhere. Nothing here publishes or votes. Without a model
 * provider, holders edit the rules directly (packages/mandate/examples are starting points).
 */
import {
  canonicalMandate,
  describeCondition,
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

/** A condition in plain words (shared with the web app). */
export { describeCondition };
