/**
 * The policy engine: applies a mandate to a proposal's facts. Pure and deterministic: the same
 * facts and mandate always give the same decision, nothing is read from the clock, the network
 * or the environment, and neither argument is modified.
 *
 * Precedence:
 *   1. uncertainty.minConfidence — facts.confidence below it → "ask";
 *   2. uncertainty.onMismatch — any mismatch → that stance, unless "ignore";
 *   3. uncertainty.onUnknownCalldata — undecodable calldata → that stance, unless "ignore";
 *   4. rules, in order — the first whose `when` matches decides;
 *   5. defaultStance.
 *
 * Only typed fact fields are read: numbers, booleans, enums, addresses and token symbols (the
 * latter only to compare with the mandate's). Free text (action descriptions, target labels,
 * signatures, mismatch details) is attacker-controlled prose and is never read, so it can
 * neither change a decision nor appear in a rationale.
 */
import { type Facts, mismatchSchema, RISK_LEVELS, TOPICS } from "./facts.js";
import {
  ACTION_CATEGORIES,
  type AddressSet,
  type BoundKey,
  type Bounds,
  boundOperator,
  CONDITION_CLAUSES,
  type Condition,
  type ConditionClause,
  inBounds,
  type Mandate,
  type RiskCondition,
  riskLevelsAllowed,
  type Stance,
  type UncertaintyStance,
} from "./mandate.js";

/** The pseudo rule ids a decision cites when an uncertainty setting or the default decided. */
export const UNCERTAINTY_RULE_IDS = [
  "uncertainty.minConfidence",
  "uncertainty.onMismatch",
  "uncertainty.onUnknownCalldata",
] as const;
export type UncertaintyRuleId = (typeof UNCERTAINTY_RULE_IDS)[number];
export const DEFAULT_RULE_ID = "default";

/** Longest rationale, in UTF-16 code units. */
export const RATIONALE_MAX = 200;

export interface Decision {
  vote: Stance;
  /** The rule that decided, or an {@link UncertaintyRuleId}, or "default". */
  ruleId: string;
  /** At most 200 characters of plain words naming what decided and the fact that triggered it. */
  rationale: string;
  /** Ids of every rule whose `when` matched, in mandate order (for audit). */
  matched: string[];
}

/** How one clause of a condition fared against the facts. */
export interface ClauseResult {
  clause: ConditionClause;
  /** JSON path of the clause in the mandate, e.g. `rules[0].when.any[1].totalUsd`. */
  path: string;
  held: boolean;
  /** The fact, in plain words, that made it hold or fail. */
  detail: string;
  /** For `any`, `all` and `not`: the sub-conditions. */
  children?: ConditionResult[];
}

export interface ConditionResult {
  /** JSON path of the condition in the mandate, e.g. `rules[0].when`. */
  path: string;
  held: boolean;
  /** One entry per clause present, in {@link CONDITION_CLAUSES} order. */
  clauses: ClauseResult[];
  /** Why it held (its clauses' details) or failed (its failed clauses' details). */
  summary: string;
}

export interface RuleExplanation {
  id: string;
  index: number;
  then: Stance;
  /** The rule's `when` matched the facts. */
  matched: boolean;
  /** This rule decided the vote (the first match, when no uncertainty setting decided). */
  fired: boolean;
  condition: ConditionResult;
}

export interface UncertaintyCheck {
  ruleId: UncertaintyRuleId;
  /** The uncertain situation is present (low confidence, a mismatch, unknown calldata). */
  triggered: boolean;
  /** What the mandate says to do about it ("ignore": let the rules decide). */
  stance: UncertaintyStance;
  /** This check decided the vote. */
  decided: boolean;
  detail: string;
}

export interface Explanation {
  decision: Decision;
  /** The three uncertainty checks, in precedence order. */
  uncertainty: UncertaintyCheck[];
  /** Every rule, in mandate order, evaluated in full (no short-circuit). */
  rules: RuleExplanation[];
}

// ---------------------------------------------------------------------------------------------
// Formatting (deterministic: no locale, no Intl)
// ---------------------------------------------------------------------------------------------

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `1234567.891` → `1,234,567.89` with at most `decimals` decimals (trailing zeros dropped). */
export function formatNumber(n: number, decimals = 4): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return String(n);
  const [i = "0", f = ""] = n.toFixed(decimals).split(".");
  const frac = f.replace(/0+$/, "");
  const neg = i.startsWith("-");
  const body = group(neg ? i.slice(1) : i) + (frac ? `.${frac}` : "");
  return neg && /[1-9]/.test(body) ? `-${body}` : body;
}

/** `1250000` → `$1,250,000`; `1234.5` → `$1,234.50`. */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return `$${n}`;
  const cents = Math.round(n * 100);
  if (cents % 100 === 0) return `$${formatNumber(cents / 100, 0)}`;
  const [i = "0", f = "00"] = n.toFixed(2).split(".");
  return `$${group(i)}.${f}`;
}

const shortAddress = (a: string): string => `${a.slice(0, 6)}…${a.slice(-4)}`;

function boundsText(b: Bounds, fmt: (n: number) => string): string {
  const parts: string[] = [];
  for (const k of ["gt", "gte", "lt", "lte"] as const satisfies readonly BoundKey[]) {
    const v = b[k];
    if (v !== undefined) parts.push(`${boundOperator(k)} ${fmt(v)}`);
  }
  return parts.join(" and ");
}

function riskText(r: RiskCondition): string {
  const parts: string[] = [];
  if (r.atLeast !== undefined) parts.push(`at least ${r.atLeast}`);
  if (r.atMost !== undefined) parts.push(`at most ${r.atMost}`);
  if (r.in !== undefined) parts.push(`one of ${r.in.join(", ")}`);
  return parts.join(" and ");
}

const stanceWords: Record<Stance, string> = {
  for: "votes for",
  against: "votes against",
  abstain: "abstains",
  ask: "asks the holder",
};

/** Cuts to {@link RATIONALE_MAX} code units with an ellipsis, never splitting a surrogate pair. */
function clip(s: string, max = RATIONALE_MAX): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}…`;
}

/** Keeps only values from a known list, so a fact that bypassed validation cannot inject text. */
function known<T extends string>(values: readonly unknown[], allowed: readonly T[]): T[] {
  const out: T[] = [];
  for (const v of values)
    if ((allowed as readonly unknown[]).includes(v) && !out.includes(v as T)) out.push(v as T);
  return out;
}

const lower = (a: string): string => a.toLowerCase();

const MISMATCH_KINDS = mismatchSchema.shape.kind.options;

/**
 * Undecodable calldata: the summary flag, or any action flagged unknown (the two should agree;
 * if an engine gets them out of step, the cautious reading wins).
 */
function hasUnknownCalldata(f: Facts): boolean {
  return f.unknownCalldata === true || f.actions.some((a) => a.unknown === true);
}

// ---------------------------------------------------------------------------------------------
// Condition evaluation
// ---------------------------------------------------------------------------------------------

function addressClause(
  set: AddressSet,
  present: readonly string[],
  words: { hit: string; none: string; excludedHit: string; excludedNone: string },
): { held: boolean; detail: string } {
  const have = present.map(lower);
  const details: string[] = [];
  let held = true;
  if (set.anyOf !== undefined) {
    const wanted = new Set(set.anyOf.map(lower));
    const hit = have.find((a) => wanted.has(a));
    if (hit === undefined) {
      held = false;
      details.push(words.none);
    } else details.push(`${words.hit} ${shortAddress(hit)}`);
  }
  if (set.noneOf !== undefined) {
    const excluded = new Set(set.noneOf.map(lower));
    const hit = have.find((a) => excluded.has(a));
    if (hit === undefined) details.push(words.excludedNone);
    else {
      held = false;
      details.push(`${words.excludedHit} ${shortAddress(hit)}`);
    }
  }
  return { held, detail: details.join(", ") };
}

function evalClause(
  clause: ConditionClause,
  c: Condition,
  f: Facts,
  path: string,
): ClauseResult | undefined {
  const at = `${path}.${clause}`;
  const result = (held: boolean, detail: string, children?: ConditionResult[]): ClauseResult =>
    children === undefined
      ? { clause, path: at, held, detail }
      : { clause, path: at, held, detail, children };
  switch (clause) {
    case "topic": {
      if (c.topic === undefined) return undefined;
      const topics = known(f.topics, TOPICS);
      const hits = topics.filter((t) => c.topic?.anyOf.includes(t));
      if (hits.length > 0) return result(true, `topic is ${hits.join(", ")}`);
      if (topics.length === 0) return result(false, "no topic was classified");
      return result(
        false,
        `topics (${topics.join(", ")}) include none of ${c.topic.anyOf.join(", ")}`,
      );
    }
    case "actionCategory": {
      if (c.actionCategory === undefined) return undefined;
      const cats = known(
        f.actions.map((a) => a.category),
        ACTION_CATEGORIES,
      );
      const hits = cats.filter((x) => c.actionCategory?.anyOf.includes(x));
      if (hits.length > 0) return result(true, `an action is of category ${hits.join(", ")}`);
      if (cats.length === 0) return result(false, "the proposal has no decoded actions");
      return result(
        false,
        `actions (${cats.join(", ")}) include none of ${c.actionCategory.anyOf.join(", ")}`,
      );
    }
    case "executable": {
      if (c.executable === undefined) return undefined;
      const is = f.executable === true;
      return result(
        is === c.executable,
        is ? "the proposal executes on-chain actions" : "the proposal has no on-chain actions",
      );
    }
    case "hasTransfers": {
      if (c.hasTransfers === undefined) return undefined;
      const n = f.transfers.length;
      return result(
        n > 0 === c.hasTransfers,
        n > 0
          ? `the proposal moves value (${n} transfer${n === 1 ? "" : "s"})`
          : "the proposal moves no value",
      );
    }
    case "totalUsd": {
      if (c.totalUsd === undefined) return undefined;
      const bounds = boundsText(c.totalUsd, formatUsd);
      const total = f.totalUsd;
      if (typeof total !== "number" || !Number.isFinite(total))
        return result(false, "the USD total is unknown (a transfer has no price)");
      return inBounds(total, c.totalUsd)
        ? result(true, `transfers total ${formatUsd(total)} ${bounds}`)
        : result(false, `transfers total ${formatUsd(total)}, not ${bounds}`);
    }
    case "unpricedTransfers": {
      if (c.unpricedTransfers === undefined) return undefined;
      const unpriced = f.totalUsd === null;
      return result(
        unpriced === c.unpricedTransfers,
        unpriced ? "a transfer has no USD price" : "every transfer has a USD price",
      );
    }
    case "maxTransferTokens": {
      const m = c.maxTransferTokens;
      if (m === undefined) return undefined;
      // The symbol shown is the mandate's: fact strings never reach the rationale.
      const sym = m.symbol.toUpperCase();
      let max: number | undefined;
      for (const t of f.transfers) {
        if (t.symbol.toUpperCase() !== sym || !Number.isFinite(t.amountTokens)) continue;
        if (max === undefined || t.amountTokens > max) max = t.amountTokens;
      }
      const bounds = boundsText(m, (n) => formatNumber(n));
      if (max === undefined) return result(false, `no ${m.symbol} transfer`);
      return inBounds(max, m)
        ? result(true, `largest ${m.symbol} transfer is ${formatNumber(max)} ${bounds}`)
        : result(false, `largest ${m.symbol} transfer is ${formatNumber(max)}, not ${bounds}`);
    }
    case "transferTo": {
      if (c.transferTo === undefined) return undefined;
      const r = addressClause(
        c.transferTo,
        f.transfers.map((t) => t.to),
        {
          hit: "a transfer goes to",
          none: "no transfer goes to a listed address",
          excludedHit: "a transfer goes to excluded",
          excludedNone: "no transfer goes to an excluded address",
        },
      );
      return result(r.held, r.detail);
    }
    case "targets": {
      if (c.targets === undefined) return undefined;
      const r = addressClause(c.targets, f.targets, {
        hit: "a call targets",
        none: "no call targets a listed address",
        excludedHit: "a call targets excluded",
        excludedNone: "no call targets an excluded address",
      });
      return result(r.held, r.detail);
    }
    case "addresses": {
      if (c.addresses === undefined) return undefined;
      const r = addressClause(c.addresses, f.addresses, {
        hit: "the actions touch",
        none: "the actions touch no listed address",
        excludedHit: "the actions touch excluded",
        excludedNone: "the actions touch no excluded address",
      });
      return result(r.held, r.detail);
    }
    case "risk": {
      if (c.risk === undefined) return undefined;
      const [risk] = known([f.risk], RISK_LEVELS);
      const want = riskText(c.risk);
      if (risk === undefined) return result(false, "the risk level is unknown");
      return riskLevelsAllowed(c.risk).includes(risk)
        ? result(true, `risk is ${risk} (${want})`)
        : result(false, `risk is ${risk}, not ${want}`);
    }
    case "unknownCalldata": {
      if (c.unknownCalldata === undefined) return undefined;
      const unknown = hasUnknownCalldata(f);
      return result(
        unknown === c.unknownCalldata,
        unknown ? "some calldata could not be decoded" : "all calldata was decoded",
      );
    }
    case "hasMismatch": {
      if (c.hasMismatch === undefined) return undefined;
      const n = f.mismatches.length;
      const kinds = known(
        f.mismatches.map((m) => m.kind),
        MISMATCH_KINDS,
      );
      return result(
        n > 0 === c.hasMismatch,
        n > 0
          ? `the text disagrees with the actions (${kinds.join(", ") || "mismatch"})`
          : "the text agrees with the actions",
      );
    }
    case "any": {
      if (c.any === undefined) return undefined;
      const kids = c.any.map((k, i) => evalCondition(k, f, `${at}[${i}]`));
      const first = kids.find((k) => k.held);
      return first !== undefined
        ? result(true, first.summary, kids)
        : result(false, `none of the ${kids.length} alternatives holds`, kids);
    }
    case "all": {
      if (c.all === undefined) return undefined;
      const kids = c.all.map((k, i) => evalCondition(k, f, `${at}[${i}]`));
      const failed = kids.filter((k) => !k.held);
      return failed.length === 0
        ? result(true, kids.map((k) => k.summary).join("; "), kids)
        : result(false, failed.map((k) => k.summary).join("; "), kids);
    }
    case "not": {
      if (c.not === undefined) return undefined;
      const kid = evalCondition(c.not, f, at);
      return result(!kid.held, kid.summary, [kid]);
    }
  }
}

/**
 * Evaluates one condition against the facts, every clause in full (no short-circuit), so the
 * result says which clauses held and which failed. `path` names the condition in the output.
 */
export function evalCondition(condition: Condition, facts: Facts, path = "when"): ConditionResult {
  const clauses: ClauseResult[] = [];
  for (const clause of CONDITION_CLAUSES) {
    const r = evalClause(clause, condition, facts, path);
    if (r !== undefined) clauses.push(r);
  }
  const held = clauses.every((c) => c.held);
  const summary =
    clauses.length === 0
      ? "it matches every proposal"
      : clauses
          .filter((c) => c.held === held)
          .map((c) => c.detail)
          .join("; ");
  return { path, held, clauses, summary };
}

/** True when the condition holds for the facts. */
export function matches(condition: Condition, facts: Facts): boolean {
  return evalCondition(condition, facts).held;
}

// ---------------------------------------------------------------------------------------------
// Decision
// ---------------------------------------------------------------------------------------------

function formatConfidence(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function uncertaintyChecks(f: Facts, m: Mandate): UncertaintyCheck[] {
  const u = m.uncertainty;
  const conf = f.confidence;
  const low = !(conf >= u.minConfidence); // NaN counts as low
  const mismatchKinds = known(
    f.mismatches.map((x) => x.kind),
    MISMATCH_KINDS,
  );
  const nMismatch = f.mismatches.length;
  const unknownActions = f.actions.filter((a) => a.unknown === true).length;
  const unknown = hasUnknownCalldata(f);
  return [
    {
      ruleId: "uncertainty.minConfidence",
      triggered: low,
      stance: "ask",
      decided: false,
      detail: low
        ? `confidence ${formatConfidence(conf)} is below the mandate's minimum of ${formatConfidence(u.minConfidence)}`
        : `confidence ${formatConfidence(conf)} meets the minimum of ${formatConfidence(u.minConfidence)}`,
    },
    {
      ruleId: "uncertainty.onMismatch",
      triggered: nMismatch > 0,
      stance: u.onMismatch,
      decided: false,
      detail:
        nMismatch > 0
          ? `the text disagrees with the actions (${nMismatch} mismatch${nMismatch === 1 ? "" : "es"}: ${mismatchKinds.join(", ") || "other"})`
          : "the text agrees with the actions",
    },
    {
      ruleId: "uncertainty.onUnknownCalldata",
      triggered: unknown,
      stance: u.onUnknownCalldata,
      decided: false,
      detail: unknown
        ? unknownActions > 0
          ? `${unknownActions} of ${f.actions.length} actions have calldata that could not be decoded`
          : "some calldata could not be decoded"
        : "all calldata was decoded",
    },
  ];
}

function capitalize(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase()}${s.slice(1)}`;
}

/**
 * Applies the mandate to the facts and explains the outcome: the decision, the three
 * uncertainty checks and every rule with each clause's result (for the UI). Pure, total.
 */
export function explain(facts: Facts, mandate: Mandate): Explanation {
  const rules: RuleExplanation[] = mandate.rules.map((rule, index) => {
    const condition = evalCondition(rule.when, facts, `rules[${index}].when`);
    return {
      id: rule.id,
      index,
      then: rule.then,
      matched: condition.held,
      fired: false,
      condition,
    };
  });
  const matched = rules.filter((r) => r.matched).map((r) => r.id);
  const uncertainty = uncertaintyChecks(facts, mandate);

  let decision: Decision | undefined;
  for (const check of uncertainty) {
    if (!check.triggered || check.stance === "ignore") continue;
    check.decided = true;
    decision = {
      vote: check.stance,
      ruleId: check.ruleId,
      rationale: clip(
        `${capitalize(check.detail)}, so the mandate ${stanceWords[check.stance]} (${check.ruleId})`,
      ),
      matched,
    };
    break;
  }
  if (decision === undefined) {
    const first = rules.find((r) => r.matched);
    if (first !== undefined) {
      first.fired = true;
      decision = {
        vote: first.then,
        ruleId: first.id,
        rationale: clip(`Rule '${first.id}' fired: ${first.condition.summary}`),
        matched,
      };
    }
  }
  if (decision === undefined) {
    decision = {
      vote: mandate.defaultStance,
      ruleId: DEFAULT_RULE_ID,
      rationale: clip(
        `${mandate.rules.length === 0 ? "The mandate has no rules" : "No rule matched"}; the default stance is ${mandate.defaultStance}`,
      ),
      matched,
    };
  }
  return { decision, uncertainty, rules };
}

/**
 * The vote the mandate gives for these facts. Pure, deterministic and total: it never throws
 * for facts that satisfy `factsSchema` and a mandate from `parseMandate`.
 */
export function decide(facts: Facts, mandate: Mandate): Decision {
  return explain(facts, mandate).decision;
}
