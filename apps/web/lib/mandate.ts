/**
 * Mandates as the app shows and publishes them: `data:` URIs (the local chain's delegates publish
 * their mandate inline), and every rule in plain words. Pure and client-safe.
 */
import {
  type Bounds,
  type Condition,
  canonicalMandate,
  type Mandate,
  parseMandate,
  type Stance,
} from "@mandate/mandate";

export class MandateURIError extends Error {
  override name = "MandateURIError";
}

const DATA_PREFIX = /^data:application\/json(;charset=utf-8)?(;base64)?,/i;

function base64ToUtf8(b64: string): string {
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The mandate a `data:application/json[;base64],…` URI carries, parsed (and so validated).
 * Throws {@link MandateURIError} for another scheme (`ipfs://`, `https://`: not fetched) or a
 * document that is not JSON; `parseMandate`'s MandateError for an invalid mandate.
 */
export function decodeMandateURI(uri: string): Mandate {
  const match = DATA_PREFIX.exec(uri);
  if (match === null) {
    const scheme = uri.split(":")[0] ?? "";
    throw new MandateURIError(
      `the mandate is published at a ${scheme ? `"${scheme}:"` : "non-data"} URI, which this app does not fetch; only data:application/json URIs are read`,
    );
  }
  const payload = uri.slice(match[0].length);
  let text: string;
  try {
    text = match[2] ? base64ToUtf8(payload) : decodeURIComponent(payload);
  } catch {
    throw new MandateURIError("the mandate's data: URI is not valid base64-encoded UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MandateURIError("the mandate's data: URI does not hold JSON");
  }
  return parseMandate(json);
}

/** The `data:` URI the app publishes: base64 of the mandate's canonical JSON (what is hashed). */
export function encodeMandateURI(mandate: Mandate): string {
  return `data:application/json;base64,${utf8ToBase64(canonicalMandate(mandate))}`;
}

export const STANCE_WORDS: Record<Stance, string> = {
  for: "vote For",
  against: "vote Against",
  abstain: "abstain",
  ask: "ask the holders",
};

function number(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 6 });
}

function bounds(b: Bounds, unit = ""): string {
  const parts: string[] = [];
  if (b.gt !== undefined) parts.push(`above ${unit}${number(b.gt)}`);
  if (b.gte !== undefined) parts.push(`at least ${unit}${number(b.gte)}`);
  if (b.lt !== undefined) parts.push(`below ${unit}${number(b.lt)}`);
  if (b.lte !== undefined) parts.push(`at most ${unit}${number(b.lte)}`);
  return parts.join(" and ");
}

/** A condition in plain words; clauses are joined with "and", `{}` is "always". */
export function describeCondition(c: Condition): string {
  const parts: string[] = [];
  if (c.topic) parts.push(`the topic is ${c.topic.anyOf.join(" or ")}`);
  if (c.actionCategory) parts.push(`an action is of kind ${c.actionCategory.anyOf.join(" or ")}`);
  if (c.executable !== undefined) {
    parts.push(c.executable ? "it executes actions" : "it executes nothing");
  }
  if (c.hasTransfers !== undefined) {
    parts.push(c.hasTransfers ? "it moves funds" : "it moves no funds");
  }
  if (c.totalUsd) parts.push(`the funds moved total ${bounds(c.totalUsd, "$")}`);
  if (c.unpricedTransfers !== undefined) {
    parts.push(c.unpricedTransfers ? "some funds moved have no price" : "every transfer is priced");
  }
  if (c.maxTransferTokens) {
    const { symbol, ...b } = c.maxTransferTokens;
    parts.push(`its largest ${symbol} transfer is ${bounds(b)} ${symbol}`);
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
    parts.push(c.unknownCalldata ? "some calldata cannot be decoded" : "all calldata is decoded");
  }
  if (c.hasMismatch !== undefined) {
    parts.push(
      c.hasMismatch ? "the text disagrees with the actions" : "the text matches the actions",
    );
  }
  if (c.any) parts.push(`either (${c.any.map(describeCondition).join(") or (")})`);
  if (c.all) parts.push(c.all.map(describeCondition).join(" and "));
  if (c.not) parts.push(`not (${describeCondition(c.not)})`);
  return parts.length === 0 ? "always" : parts.join(" and ");
}

export type MandateLine = { id: string; text: string; stance: Stance | null };

/** The mandate in plain words: the uncertainty settings, each rule in order, the default. */
export function describeMandate(m: Mandate): MandateLine[] {
  const u = m.uncertainty;
  const act = (s: string) => (s === "ignore" ? "let the rules decide" : STANCE_WORDS[s as Stance]);
  const lines: MandateLine[] = [
    {
      id: "uncertainty",
      text: `Before any rule: below ${Math.round(u.minConfidence * 100)}% confidence, ask the holders; when the text disagrees with the actions, ${act(u.onMismatch)}; when calldata cannot be decoded, ${act(u.onUnknownCalldata)}.`,
      stance: null,
    },
  ];
  for (const r of m.rules) {
    lines.push({
      id: r.id,
      text: `When ${describeCondition(r.when)}: ${STANCE_WORDS[r.then]}.${r.description ? ` (${r.description})` : ""}`,
      stance: r.then,
    });
  }
  lines.push({
    id: "default",
    text: `Otherwise: ${STANCE_WORDS[m.defaultStance]}.`,
    stance: m.defaultStance,
  });
  return lines;
}

/**
 * The rule id a recorded rationale names: "Rule 'no-large-outflows' fired: …", "… (uncertainty.
 * onMismatch)", "No rule matched; the default stance is …", or the delegate's "rule-id: …" lead.
 */
export function ruleIdOf(rationale: string): string | null {
  const quoted = /Rule '([a-z0-9]+(?:-[a-z0-9]+)*)'/.exec(rationale);
  if (quoted) return quoted[1] ?? null;
  const uncertainty = /\((uncertainty\.[a-zA-Z]+)\)/.exec(rationale);
  if (uncertainty) return uncertainty[1] ?? null;
  if (/^(No rule matched|The mandate has no rules)/.test(rationale)) return "default";
  const led = /^([a-z0-9]+(?:-[a-z0-9]+)*):\s/.exec(rationale);
  if (led) return led[1] ?? null;
  return null;
}
