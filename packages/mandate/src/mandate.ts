/**
 * The mandate: a typed, versioned document in which a token holder tells an AI delegate how to
 * vote. It is a list of rules over the proposal's {@link Facts}, tried in order (the first rule
 * whose `when` matches decides), a default stance for when no rule matches, and "uncertainty"
 * settings saying when the delegate must not decide alone.
 *
 * The zod schema here is the single source of truth: `parseMandate` validates with it, the
 * published JSON Schema (`schema/mandate.schema.json`) is generated from it, and the on-chain
 * hash (`mandateHash`) is taken over its parsed (normalized) output.
 */
import { checksumAddress } from "viem";
import { z } from "zod";
import {
  actionFactSchema,
  RISK_LEVELS,
  type RiskLevel,
  riskSchema,
  type Topic,
  topicSchema,
} from "./facts.js";

/** The value of a mandate's `schema` field. A later, incompatible format gets a new one. */
export const MANDATE_SCHEMA = "mandate/v1";

/** What a rule, the default or an uncertainty setting can make the delegate do. */
export const STANCES = ["for", "against", "abstain", "ask"] as const;
/** A vote ("for" / "against" / "abstain") or "ask": leave the decision to the holder. */
export type Stance = (typeof STANCES)[number];
export const stanceSchema = z.enum(STANCES);

/** What to do when an uncertainty condition holds; "ignore" lets the rules decide as usual. */
export const UNCERTAINTY_STANCES = ["ask", "against", "abstain", "ignore"] as const;
export type UncertaintyStance = (typeof UNCERTAINTY_STANCES)[number];
export const uncertaintyStanceSchema = z.enum(UNCERTAINTY_STANCES);

const actionCategorySchema = actionFactSchema.shape.category;
export type ActionCategory = z.infer<typeof actionCategorySchema>;
/** The categories of decoded actions (the same list as `ActionFact["category"]`). */
export const ACTION_CATEGORIES: readonly ActionCategory[] = Object.freeze([
  ...actionCategorySchema.options,
]);

export type Address = `0x${string}`;

/** Limits on a mandate's size, so that any accepted mandate can be evaluated and hashed cheaply. */
export const LIMITS = {
  rules: 200,
  /** Nesting of `any` / `all` / `not` inside one rule's `when`. */
  conditionDepth: 8,
  listItems: 500,
  name: 100,
  description: 2000,
  ruleDescription: 500,
  ruleId: 64,
  symbol: 32,
} as const;

// ---------------------------------------------------------------------------------------------
// Leaf schemas
// ---------------------------------------------------------------------------------------------

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
/** Matches a UTF-16 code unit that is half of a surrogate pair with no other half. */
const LONE_SURROGATE_RE = /\p{Surrogate}/u;

/**
 * Free text written by the holder. Lone surrogates are rejected because they have no UTF-8
 * encoding, so a mandate holding one could not be hashed.
 */
const text = () =>
  z.string().refine((s) => !LONE_SURROGATE_RE.test(s), {
    message: "contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding",
  });

/** True for all-lowercase, all-uppercase (no checksum) or correctly EIP-55 checksummed hex. */
function checksumOk(a: string): boolean {
  const hex = a.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  return checksumAddress(a as Address) === a;
}

/**
 * An address, in any case; normalized to lowercase. A mixed-case address must carry a correct
 * EIP-55 checksum: a wrong one almost always means a typo.
 */
export const addressSchema = z
  .string()
  .regex(ADDRESS_RE, "expected an address (0x followed by 40 hex digits)")
  .refine((a) => !ADDRESS_RE.test(a) || checksumOk(a), {
    message: "bad EIP-55 checksum (a typo?); write the address in lowercase to skip the check",
  })
  .transform((a) => a.toLowerCase() as Address);

const RULE_ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ruleIdSchema = z
  .string()
  .max(LIMITS.ruleId)
  .regex(
    RULE_ID_RE,
    'expected a rule id: lowercase letters and digits in words joined by single hyphens, e.g. "no-large-grants"',
  );

const amountSchema = z.number().min(0);

// ---------------------------------------------------------------------------------------------
// Clause schemas
// ---------------------------------------------------------------------------------------------

/** Numeric bounds; every bound present must hold. At least one is required. */
export interface Bounds {
  /** Greater than. */
  gt?: number;
  /** Greater than or equal. */
  gte?: number;
  /** Less than. */
  lt?: number;
  /** Less than or equal. */
  lte?: number;
}

const BOUND_OPS = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;
export type BoundKey = keyof typeof BOUND_OPS;

/** The comparison operator for a bound key, e.g. `gte` → `>=`. */
export const boundOperator = (k: BoundKey): string => BOUND_OPS[k];

const boundsShape = {
  gt: amountSchema.optional().meta({ description: "Matches values strictly greater than this." }),
  gte: amountSchema
    .optional()
    .meta({ description: "Matches values greater than or equal to this." }),
  lt: amountSchema.optional().meta({ description: "Matches values strictly less than this." }),
  lte: amountSchema.optional().meta({ description: "Matches values less than or equal to this." }),
};

/**
 * Rejects bounds that say nothing (no bound), say one thing twice (gt and gte) or can never hold
 * (gt 5 with lt 5). Reports at the bounds object's path.
 */
function checkBounds(b: Bounds, ctx: z.RefinementCtx): void {
  if (b.gt === undefined && b.gte === undefined && b.lt === undefined && b.lte === undefined) {
    ctx.addIssue({ code: "custom", message: "needs at least one of gt, gte, lt, lte" });
    return;
  }
  if (b.gt !== undefined && b.gte !== undefined) {
    ctx.addIssue({ code: "custom", message: "use either gt or gte, not both" });
    return;
  }
  if (b.lt !== undefined && b.lte !== undefined) {
    ctx.addIssue({ code: "custom", message: "use either lt or lte, not both" });
    return;
  }
  const lowKey: BoundKey | undefined =
    b.gt !== undefined ? "gt" : b.gte !== undefined ? "gte" : undefined;
  const highKey: BoundKey | undefined =
    b.lt !== undefined ? "lt" : b.lte !== undefined ? "lte" : undefined;
  if (lowKey === undefined || highKey === undefined) return;
  const low = b[lowKey] as number;
  const high = b[highKey] as number;
  const empty = low > high || (low === high && (lowKey === "gt" || highKey === "lt"));
  if (empty) {
    ctx.addIssue({
      code: "custom",
      message: `contradictory bounds: no number is both ${BOUND_OPS[lowKey]} ${low} and ${BOUND_OPS[highKey]} ${high}`,
    });
  }
}

/** True when `value` satisfies every bound present. */
export function inBounds(value: number, b: Bounds): boolean {
  if (b.gt !== undefined && !(value > b.gt)) return false;
  if (b.gte !== undefined && !(value >= b.gte)) return false;
  if (b.lt !== undefined && !(value < b.lt)) return false;
  if (b.lte !== undefined && !(value <= b.lte)) return false;
  return true;
}

export const boundsSchema = z.strictObject(boundsShape).superRefine(checkBounds).meta({
  description:
    "Numeric bounds, all of which must hold; at least one is required. A null fact never matches.",
});

/** Bounds on the largest single transfer of one token, in whole tokens. */
export interface TokenBounds extends Bounds {
  /** Token symbol as in the facts ("USDC", "ETH"); compared case-insensitively. */
  symbol: string;
}

export const tokenBoundsSchema = z
  .strictObject({
    symbol: text()
      .min(1)
      .max(LIMITS.symbol)
      .meta({ description: 'Token symbol, e.g. "USDC" or "ETH"; compared case-insensitively.' }),
    ...boundsShape,
  })
  .superRefine(checkBounds)
  .meta({
    description:
      "Bounds on the largest single transfer (any kind: transfer, approve, stream, native) of the " +
      "token with this symbol, in whole tokens. Never matches when no transfer of that token exists.",
  });

/** A set of addresses to look for (`anyOf`) or to exclude (`noneOf`); both may be given. */
export interface AddressSetOf<A extends string> {
  /** Matches when at least one of these addresses appears. */
  anyOf?: A[];
  /** Matches when none of these addresses appears. */
  noneOf?: A[];
}
export type AddressSet = AddressSetOf<Address>;

const addressList = () => z.array(addressSchema).min(1).max(LIMITS.listItems);

export const addressSetSchema = z
  .strictObject({
    anyOf: addressList().optional().meta({ description: "Matches when any of these appears." }),
    noneOf: addressList().optional().meta({ description: "Matches when none of these appears." }),
  })
  .superRefine((s, ctx) => {
    if (s.anyOf === undefined && s.noneOf === undefined) {
      ctx.addIssue({ code: "custom", message: "needs anyOf, noneOf or both" });
      return;
    }
    if (s.anyOf !== undefined && s.noneOf !== undefined) {
      const excluded = new Set(s.noneOf);
      if (s.anyOf.every((a) => excluded.has(a))) {
        ctx.addIssue({
          code: "custom",
          message: "contradictory: every address in anyOf is also in noneOf, so nothing can match",
        });
      }
    }
  })
  .meta({ description: "Addresses to look for (anyOf) and/or to exclude (noneOf), any case." });

export const topicSetSchema = z
  .strictObject({ anyOf: z.array(topicSchema).min(1) })
  .meta({ description: "Matches when the proposal has at least one of these topics." });

export const actionCategorySetSchema = z
  .strictObject({ anyOf: z.array(actionCategorySchema).min(1) })
  .meta({ description: "Matches when at least one decoded action is in one of these categories." });

/** Constraints on the proposal's risk level; every constraint present must hold. */
export interface RiskCondition {
  /** Matches this level and every higher one (low < medium < high < critical). */
  atLeast?: RiskLevel;
  /** Matches this level and every lower one. */
  atMost?: RiskLevel;
  /** Matches exactly these levels. */
  in?: RiskLevel[];
}

/** The risk levels a risk condition admits, in ascending order. */
export function riskLevelsAllowed(r: RiskCondition): RiskLevel[] {
  const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);
  return RISK_LEVELS.filter(
    (l) =>
      (r.atLeast === undefined || rank(l) >= rank(r.atLeast)) &&
      (r.atMost === undefined || rank(l) <= rank(r.atMost)) &&
      (r.in === undefined || r.in.includes(l)),
  );
}

export const riskConditionSchema = z
  .strictObject({
    atLeast: riskSchema.optional().meta({ description: "This level or higher." }),
    atMost: riskSchema.optional().meta({ description: "This level or lower." }),
    in: z.array(riskSchema).min(1).optional().meta({ description: "Exactly these levels." }),
  })
  .superRefine((r, ctx) => {
    if (r.atLeast === undefined && r.atMost === undefined && r.in === undefined) {
      ctx.addIssue({ code: "custom", message: "needs at least one of atLeast, atMost, in" });
      return;
    }
    if (riskLevelsAllowed(r).length === 0) {
      const parts: string[] = [];
      if (r.atLeast !== undefined) parts.push(`at least ${r.atLeast}`);
      if (r.atMost !== undefined) parts.push(`at most ${r.atMost}`);
      if (r.in !== undefined) parts.push(`one of ${r.in.join(", ")}`);
      ctx.addIssue({
        code: "custom",
        message: `contradictory: no risk level is ${parts.join(" and ")}`,
      });
    }
  })
  .meta({ description: "Risk level constraints (low < medium < high < critical), all must hold." });

// ---------------------------------------------------------------------------------------------
// Condition, rule, mandate
// ---------------------------------------------------------------------------------------------

/**
 * A condition over the facts. Every clause present must hold (AND); a condition with no clause
 * matches every proposal. `any` is OR over sub-conditions, `all` is AND, `not` negates.
 *
 * `A` is the address type: `string` for input, lowercase {@link Address} once parsed.
 */
export interface ConditionOf<A extends string> {
  /** At least one of the proposal's topics is listed. Topics come from the prose: a hint. */
  topic?: { anyOf: Topic[] };
  /** At least one decoded action has one of these categories (authoritative, from calldata). */
  actionCategory?: { anyOf: ActionCategory[] };
  /** The proposal has on-chain actions (true) or is text only (false). */
  executable?: boolean;
  /** The proposal moves value: at least one transfer, approval or stream (true) or none (false). */
  hasTransfers?: boolean;
  /** The USD total of all transfers is within the bounds. Never matches when it is null. */
  totalUsd?: Bounds;
  /** Some transfer has no USD price, i.e. `totalUsd` is null (true), or every one has (false). */
  unpricedTransfers?: boolean;
  /** The largest single transfer of a token (by symbol, in whole tokens) is within bounds. */
  maxTransferTokens?: TokenBounds;
  /** Recipients (or spenders) of the transfers. */
  transferTo?: AddressSetOf<A>;
  /** Call targets of the actions. */
  targets?: AddressSetOf<A>;
  /** Every address the actions touch: targets, recipients and addresses in arguments. */
  addresses?: AddressSetOf<A>;
  /** The engine's risk level. */
  risk?: RiskCondition;
  /** Some calldata could not be decoded (true) or all of it was (false). */
  unknownCalldata?: boolean;
  /** The prose disagrees with the actions in at least one way (true) or in none (false). */
  hasMismatch?: boolean;
  /** At least one of these conditions holds (OR). */
  any?: ConditionOf<A>[];
  /** Every one of these conditions holds (AND); useful to combine several `any`. */
  all?: ConditionOf<A>[];
  /** This condition does not hold. Beware: `not` of a numeric bound matches a null value. */
  not?: ConditionOf<A>;
}
export type Condition = ConditionOf<Address>;
export type ConditionInput = ConditionOf<string>;

/** The clauses of a condition, in the order the engine evaluates and reports them. */
export const CONDITION_CLAUSES = [
  "topic",
  "actionCategory",
  "executable",
  "hasTransfers",
  "totalUsd",
  "unpricedTransfers",
  "maxTransferTokens",
  "transferTo",
  "targets",
  "addresses",
  "risk",
  "unknownCalldata",
  "hasMismatch",
  "any",
  "all",
  "not",
] as const satisfies readonly (keyof Condition)[];
export type ConditionClause = (typeof CONDITION_CLAUSES)[number];

const conditionList = () => z.array(conditionSchema).min(1).max(LIMITS.listItems);

export const conditionSchema: z.ZodType<Condition, ConditionInput> = z
  .strictObject({
    topic: topicSetSchema.optional(),
    actionCategory: actionCategorySetSchema.optional(),
    executable: z.boolean().optional().meta({ description: "The proposal has on-chain actions." }),
    hasTransfers: z
      .boolean()
      .optional()
      .meta({ description: "The proposal moves value (a transfer, approval or stream)." }),
    totalUsd: boundsSchema.optional(),
    unpricedTransfers: z
      .boolean()
      .optional()
      .meta({ description: "Some transfer has no USD price (totalUsd is null)." }),
    maxTransferTokens: tokenBoundsSchema.optional(),
    transferTo: addressSetSchema.optional(),
    targets: addressSetSchema.optional(),
    addresses: addressSetSchema.optional(),
    risk: riskConditionSchema.optional(),
    unknownCalldata: z
      .boolean()
      .optional()
      .meta({ description: "Some calldata could not be decoded." }),
    hasMismatch: z
      .boolean()
      .optional()
      .meta({ description: "The prose disagrees with the actions." }),
    get any() {
      return conditionList().optional().meta({ description: "At least one holds (OR)." });
    },
    get all() {
      return conditionList().optional().meta({ description: "Every one holds (AND)." });
    },
    get not() {
      return conditionSchema.optional().meta({ description: "This condition does not hold." });
    },
  })
  .meta({
    id: "Condition",
    description:
      "A condition over the proposal's facts. Every clause present must hold; an empty condition " +
      "matches every proposal.",
  });

export interface RuleOf<A extends string> {
  /** Unique within the mandate; a slug such as "no-large-treasury". Decisions cite it. */
  id: string;
  description?: string;
  when: ConditionOf<A>;
  then: Stance;
}
export type Rule = RuleOf<Address>;
export type RuleInput = RuleOf<string>;

export const ruleSchema = z
  .strictObject({
    id: ruleIdSchema.meta({ description: "Unique slug, cited by decisions." }),
    description: text().max(LIMITS.ruleDescription).optional(),
    when: conditionSchema,
    then: stanceSchema.meta({ description: "What to do when this rule is the first to match." }),
  })
  .meta({ id: "Rule" });

export interface Uncertainty {
  /** Below this confidence (0..1) in the facts, the delegate asks the holder. */
  minConfidence: number;
  /** What to do when the prose disagrees with the actions. */
  onMismatch: UncertaintyStance;
  /** What to do when some calldata could not be decoded. */
  onUnknownCalldata: UncertaintyStance;
}

export const uncertaintySchema = z
  .strictObject({
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: "Ask the holder when the facts' confidence is below this (0..1)." }),
    onMismatch: uncertaintyStanceSchema.meta({
      description:
        "Stance when the prose disagrees with the actions; ignore lets the rules decide.",
    }),
    onUnknownCalldata: uncertaintyStanceSchema.meta({
      description: "Stance when calldata could not be decoded; ignore lets the rules decide.",
    }),
  })
  .meta({ description: "When the delegate must not decide by the rules alone." });

export interface MandateOf<A extends string> {
  schema: typeof MANDATE_SCHEMA;
  name: string;
  description?: string;
  /** Integer >= 1; the holder bumps it on every edit. */
  version: number;
  /** Stance when no rule matches. Defaults to "ask" when omitted (and there are rules). */
  defaultStance: Stance;
  uncertainty: Uncertainty;
  /** In priority order: the first rule that matches decides. */
  rules: RuleOf<A>[];
}
/** A parsed, normalized mandate (addresses lowercase, `defaultStance` filled in). */
export type Mandate = MandateOf<Address>;
/** A mandate as written: addresses in any case, `defaultStance` optional. */
export type MandateInput = Omit<MandateOf<string>, "defaultStance"> & { defaultStance?: Stance };

export const mandateSchema: z.ZodType<Mandate, MandateInput> = z
  .strictObject({
    schema: z.literal(MANDATE_SCHEMA),
    name: text().min(1).max(LIMITS.name),
    description: text().max(LIMITS.description).optional(),
    version: z.number().int().min(1).meta({ description: "Integer >= 1; bump it on every edit." }),
    defaultStance: stanceSchema
      .default("ask")
      .meta({ description: "Stance when no rule matches. Required when rules is empty." }),
    uncertainty: uncertaintySchema,
    rules: z
      .array(ruleSchema)
      .max(LIMITS.rules)
      .meta({ description: "In priority order: the first rule that matches decides. Ids unique." }),
  })
  .meta({
    title: "Mandate",
    description:
      "A token holder's instructions to an AI delegate: rules over a proposal's facts, tried in " +
      "order (first match wins), a default stance and when to ask the holder instead.",
  });

// ---------------------------------------------------------------------------------------------
// Parsing with readable errors
// ---------------------------------------------------------------------------------------------

/** One problem in a mandate: where (a JSON path such as `rules[2].when.totalUsd.gt`) and what. */
export interface MandateIssue {
  path: string;
  message: string;
}

/** Thrown by {@link parseMandate}; `message` lists every issue as `path: message`, one a line. */
export class MandateError extends Error {
  override readonly name = "MandateError";
  readonly issues: readonly MandateIssue[];

  constructor(issues: readonly MandateIssue[]) {
    const n = issues.length;
    super(
      `Invalid mandate (${n} problem${n === 1 ? "" : "s"}):\n${issues
        .map((i) => `  ${i.path}: ${i.message}`)
        .join("\n")}`,
    );
    this.issues = issues;
  }
}

/** Formats a path as JavaScript-like accessors: `rules[2].when["odd key"]`; `(root)` if empty. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string" && /^[A-Za-z_$][\w$]*$/.test(seg))
      out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out === "" ? "(root)" : out;
}

function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") {
    const s = JSON.stringify(v);
    return s.length > 62 ? `${s.slice(0, 60)}…"` : s;
  }
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  array: "an array",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Unwraps optional/default/pipe wrappers and follows `path` into the schema, if it can. */
function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  const unwrap = (x: z.ZodType): z.ZodType => {
    let cur = x;
    for (let i = 0; i < 16; i++) {
      if (
        cur instanceof z.ZodOptional ||
        cur instanceof z.ZodDefault ||
        cur instanceof z.ZodNullable
      )
        cur = cur.unwrap() as z.ZodType;
      else if (cur instanceof z.ZodPipe) cur = cur.in as z.ZodType;
      else if (cur instanceof z.ZodLazy) cur = cur.unwrap() as z.ZodType;
      else break;
    }
    return cur;
  };
  for (const seg of path) {
    if (s === undefined) return undefined;
    s = unwrap(s);
    if (s instanceof z.ZodObject && typeof seg === "string") s = s.shape[seg] as z.ZodType;
    else if (s instanceof z.ZodArray && typeof seg === "number") s = s.element as z.ZodType;
    else return undefined;
  }
  return s === undefined ? undefined : unwrap(s);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(
        up + 1,
        (prev[j - 1] as number) + 1,
        diag + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diag = up;
    }
  }
  return prev[b.length] as number;
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of allowed) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(k, key);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  if (best !== undefined && bestD <= Math.max(1, Math.min(3, Math.floor(best.length / 3))))
    return `unknown key (did you mean "${best}"?)`;
  return allowed.length > 0 ? `unknown key (allowed: ${allowed.join(", ")})` : "unknown key";
}

function issueToMandateIssues(issue: z.core.$ZodIssue): MandateIssue[] {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  const got = `got ${describeValue(input)}`;
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      const received = (issue as { received?: unknown }).received;
      if (typeof received === "string")
        return [{ path, message: `expected ${expected}, got ${received}` }];
      if (input === undefined) return [{ path, message: `missing: expected ${expected}` }];
      return [{ path, message: `expected ${expected}, ${got}` }];
    }
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
      const what = issue.values.length === 1 ? values : `one of ${values}`;
      if (input === undefined) return [{ path, message: `missing: expected ${what}` }];
      return [{ path, message: `expected ${what}, ${got}` }];
    }
    case "unrecognized_keys": {
      const target = schemaAt(mandateSchema, issue.path);
      const allowed = target instanceof z.ZodObject ? Object.keys(target.shape) : [];
      return issue.keys.map((k) => ({
        path: formatPath([...issue.path, k]),
        message: unknownKeyMessage(k, allowed),
      }));
    }
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const limit = Number(
        small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum,
      );
      const inclusive = issue.inclusive !== false;
      if (issue.origin === "number") {
        const op = small ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
        return [{ path, message: `expected a number ${op} ${limit}, ${got}` }];
      }
      const len = Array.isArray(input) || typeof input === "string" ? input.length : undefined;
      const unit = issue.origin === "string" ? "character" : "item";
      const bound = small ? `at least ${plural(limit, unit)}` : `at most ${plural(limit, unit)}`;
      if (small && limit === 1) return [{ path, message: "must not be empty" }];
      return [{ path, message: `expected ${bound}${len === undefined ? "" : `, got ${len}`}` }];
    }
    case "invalid_format":
      return [{ path, message: `${issue.message}, ${got}` }];
    case "custom":
      return [
        { path, message: typeof input === "string" ? `${issue.message}, ${got}` : issue.message },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

/** Checks that need the whole document and must run even when other parts are invalid. */
function documentIssues(input: unknown): MandateIssue[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return [];
  const doc = input as Record<string, unknown>;
  const issues: MandateIssue[] = [];
  const rules = doc.rules;
  if (Array.isArray(rules)) {
    if (rules.length === 0 && doc.defaultStance === undefined) {
      issues.push({
        path: "rules",
        message:
          "empty, and there is no defaultStance: a mandate needs at least one rule or a defaultStance",
      });
    }
    const firstUse = new Map<string, number>();
    rules.forEach((r, i) => {
      const id = typeof r === "object" && r !== null ? (r as { id?: unknown }).id : undefined;
      if (typeof id !== "string") return;
      const first = firstUse.get(id);
      if (first === undefined) firstUse.set(id, i);
      else
        issues.push({
          path: `rules[${i}].id`,
          message: `duplicate rule id ${JSON.stringify(id)} (already used by rules[${first}])`,
        });
    });
    rules.forEach((r, i) => {
      const when = typeof r === "object" && r !== null ? (r as { when?: unknown }).when : undefined;
      const depth = conditionDepth(when, 0);
      if (depth > LIMITS.conditionDepth) {
        issues.push({
          path: `rules[${i}].when`,
          message: `any/all/not nested more than ${LIMITS.conditionDepth} deep`,
        });
      }
    });
  }
  return issues;
}

/** Nesting depth of any/all/not in a raw condition; stops counting past the limit. */
function conditionDepth(c: unknown, depth: number): number {
  if (depth > LIMITS.conditionDepth || typeof c !== "object" || c === null) return depth;
  const o = c as Record<string, unknown>;
  let max = depth;
  const subs: unknown[] = [];
  if (Array.isArray(o.any)) subs.push(...o.any);
  if (Array.isArray(o.all)) subs.push(...o.all);
  if (o.not !== undefined) subs.push(o.not);
  for (const s of subs) max = Math.max(max, conditionDepth(s, depth + 1));
  return max;
}

/** Maximum nesting of arrays/objects accepted at all (checked before the schema walks it). */
const MAX_JSON_DEPTH = 64;

function tooDeep(v: unknown, depth: number): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (depth >= MAX_JSON_DEPTH) return true;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (tooDeep(x, depth + 1)) return true;
  return false;
}

/**
 * Normalizes what JSON cannot tell apart: drops keys whose value is undefined and turns -0 into 0,
 * recursively, so that equal JSON gives equal parsed mandates.
 */
function normalizeJsonValues<T>(v: T): T {
  if (Array.isArray(v)) return v.map(normalizeJsonValues) as T;
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = normalizeJsonValues(x);
    return out as T;
  }
  if (Object.is(v, -0)) return 0 as T;
  return v;
}

export type SafeParseMandateResult =
  | { success: true; mandate: Mandate }
  | { success: false; error: MandateError };

/**
 * Validates and normalizes a mandate without throwing. `json` is the parsed JSON value, or a
 * string of JSON text (which is parsed first).
 */
export function safeParseMandate(json: unknown): SafeParseMandateResult {
  let input = json;
  if (typeof json === "string") {
    try {
      input = JSON.parse(json);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        success: false,
        error: new MandateError([{ path: "(root)", message: `not valid JSON: ${why}` }]),
      };
    }
  }
  if (tooDeep(input, 0)) {
    return {
      success: false,
      error: new MandateError([
        { path: "(root)", message: `nested more than ${MAX_JSON_DEPTH} levels deep` },
      ]),
    };
  }
  const result = mandateSchema.safeParse(input, { reportInput: true });
  const issues = [
    ...(result.success ? [] : result.error.issues.flatMap(issueToMandateIssues)),
    ...documentIssues(input),
  ];
  if (issues.length > 0 || !result.success)
    return { success: false, error: new MandateError(issues) };
  return { success: true, mandate: normalizeJsonValues(result.data) };
}

/**
 * Validates and normalizes a mandate: addresses lowercased, `defaultStance` defaulted to "ask",
 * keys with undefined values dropped, -0 turned into 0. Throws a {@link MandateError} listing every problem found,
 * each with its JSON path. Parsing a parsed mandate returns an equal mandate.
 */
export function parseMandate(json: unknown): Mandate {
  const r = safeParseMandate(json);
  if (!r.success) throw r.error;
  return r.mandate;
}
