/**
 * Mandates as the app shows and publishes them: `data:` URIs (the local chain's delegates publish
 * their mandate inline), and every rule in plain words. Pure and client-safe.
 */
import {
  canonicalMandate,
  describeCondition,
  type Mandate,
  parseMandate,
  type Stance,
} from "@mandate/mandate";

export { describeCondition };

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
