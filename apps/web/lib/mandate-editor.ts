/**
 * The mandate editor's logic, pure: parse the draft (every problem named with its path), its
 * canonical hash, a preview of how it would vote on recent proposals, and rule edits.
 */
import {
  type Decision,
  decide,
  type Facts,
  type Mandate,
  MandateError,
  mandateHash,
  parseMandate,
  STANCES,
  type Stance,
} from "@mandate/mandate";
import { describeMandate, type MandateLine } from "./mandate";

export type DraftResult =
  | { ok: true; mandate: Mandate; hash: `0x${string}`; lines: MandateLine[] }
  | { ok: false; issues: { path: string; message: string }[] };

export function analyzeDraft(text: string): DraftResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: "(root)", message: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  try {
    const mandate = parseMandate(json);
    return { ok: true, mandate, hash: mandateHash(mandate), lines: describeMandate(mandate) };
  } catch (error) {
    if (error instanceof MandateError) {
      return { ok: false, issues: error.issues.map((i) => ({ path: i.path, message: i.message })) };
    }
    return { ok: false, issues: [{ path: "(root)", message: (error as Error).message }] };
  }
}

export type PreviewRow = { id: string; title: string; state: string | null; decision: Decision };

export function previewVotes(
  mandate: Mandate,
  proposals: { id: string; title: string; state: string | null; facts: Facts }[],
): PreviewRow[] {
  return proposals.map((p) => ({
    id: p.id,
    title: p.title,
    state: p.state,
    decision: decide(p.facts, mandate),
  }));
}

type RuleLike = { id?: unknown; then?: unknown };
type DraftObject = { rules?: RuleLike[]; version?: unknown } & Record<string, unknown>;

function edit(text: string, change: (draft: DraftObject) => void): string {
  const draft = JSON.parse(text) as DraftObject;
  if (typeof draft !== "object" || draft === null || !Array.isArray(draft.rules)) {
    throw new Error("the draft has no rules list to edit");
  }
  change(draft);
  return `${JSON.stringify(draft, null, 2)}\n`;
}

/** Moves rule `index` up (-1) or down (+1): rule order is priority. */
export function moveRule(text: string, index: number, direction: -1 | 1): string {
  return edit(text, (d) => {
    const rules = d.rules as RuleLike[];
    const to = index + direction;
    if (to < 0 || to >= rules.length) return;
    const [rule] = rules.splice(index, 1);
    if (rule !== undefined) rules.splice(to, 0, rule);
  });
}

export function removeRule(text: string, index: number): string {
  return edit(text, (d) => {
    (d.rules as RuleLike[]).splice(index, 1);
  });
}

export function setRuleStance(text: string, index: number, stance: Stance): string {
  if (!(STANCES as readonly string[]).includes(stance)) throw new Error(`unknown stance ${stance}`);
  return edit(text, (d) => {
    const rule = (d.rules as RuleLike[])[index];
    // biome-ignore lint/suspicious/noThenProperty: the mandate/v1 schema names a rule's stance "then"
    if (rule) rule.then = stance;
  });
}

/** Every edit must bump the version; the hash changes with it. */
export function bumpVersion(text: string): string {
  return edit(text, (d) => {
    d.version = typeof d.version === "number" ? d.version + 1 : 1;
  });
}
