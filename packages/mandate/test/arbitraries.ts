/** fast-check arbitraries for valid mandates (as written) and valid facts. */
import fc from "fast-check";
import { bytesToHex, checksumAddress } from "viem";
import { type Facts, factsSchema, mismatchSchema, RISK_LEVELS, TOPICS } from "../src/facts.js";
import {
  ACTION_CATEGORIES,
  type Address,
  type Bounds,
  type ConditionInput,
  type MandateInput,
  type RiskCondition,
  type RuleInput,
  riskLevelsAllowed,
  STANCES,
  UNCERTAINTY_STANCES,
} from "../src/mandate.js";
import { ADDR } from "./fixtures.js";

/** A few fixed addresses (so conditions and facts often share some) plus random ones. */
export const addressArb: fc.Arbitrary<Address> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Address>(...Object.values(ADDR)) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => bytesToHex(b) as Address),
  },
);

/** The same addresses written in lowercase, EIP-55 checksummed or all-uppercase hex. */
export const addressAnyCaseArb: fc.Arbitrary<string> = addressArb.chain((a) =>
  fc.constantFrom(a, checksumAddress(a), `0x${a.slice(2).toUpperCase()}`),
);

const amountArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, 1, 250_000, 1_000_000, 5_000_000),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
);

/** Bounds that can hold: at least one bound, lower strictly below upper (or a point). */
export const boundsArb: fc.Arbitrary<Bounds> = fc.oneof(
  fc
    .record({
      low: fc.option(fc.record({ strict: fc.boolean(), v: amountArb }), { nil: undefined }),
      high: fc.option(
        fc.record({ strict: fc.boolean(), delta: fc.integer({ min: 1, max: 10_000_000 }) }),
        { nil: undefined },
      ),
    })
    .filter((x) => x.low !== undefined || x.high !== undefined)
    .map(({ low, high }) => {
      const b: Bounds = {};
      if (low !== undefined) b[low.strict ? "gt" : "gte"] = low.v;
      if (high !== undefined) b[high.strict ? "lt" : "lte"] = (low?.v ?? 0) + high.delta;
      return b;
    }),
  amountArb.map((v) => ({ gte: v, lte: v })),
);

const riskArb: fc.Arbitrary<RiskCondition> = fc
  .record(
    {
      atLeast: fc.constantFrom(...RISK_LEVELS),
      atMost: fc.constantFrom(...RISK_LEVELS),
      in: fc.uniqueArray(fc.constantFrom(...RISK_LEVELS), { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: [] },
  )
  .filter((r) => Object.keys(r).length > 0 && riskLevelsAllowed(r).length > 0);

const addressListArb = fc.array(addressAnyCaseArb, { minLength: 1, maxLength: 3 });
const addressSetArb = fc
  .record({ anyOf: addressListArb, noneOf: addressListArb }, { requiredKeys: [] })
  .filter((s) => {
    if (s.anyOf === undefined && s.noneOf === undefined) return false;
    if (s.anyOf === undefined || s.noneOf === undefined) return true;
    const excluded = new Set(s.noneOf.map((a) => a.toLowerCase()));
    return !s.anyOf.every((a) => excluded.has(a.toLowerCase()));
  });

export const SYMBOLS = ["USDC", "ETH", "WETH", "UNI"] as const;

const LEAF_CLAUSES = {
  topic: fc.record({
    anyOf: fc.uniqueArray(fc.constantFrom(...TOPICS), { minLength: 1, maxLength: 3 }),
  }),
  actionCategory: fc.record({
    anyOf: fc.uniqueArray(fc.constantFrom(...ACTION_CATEGORIES), { minLength: 1, maxLength: 3 }),
  }),
  executable: fc.boolean(),
  hasTransfers: fc.boolean(),
  totalUsd: boundsArb,
  unpricedTransfers: fc.boolean(),
  maxTransferTokens: fc
    .tuple(fc.constantFrom(...SYMBOLS, "usdc"), boundsArb)
    .map(([symbol, b]) => ({ symbol, ...b })),
  transferTo: addressSetArb,
  targets: addressSetArb,
  addresses: addressSetArb,
  risk: riskArb,
  unknownCalldata: fc.boolean(),
  hasMismatch: fc.boolean(),
} satisfies Record<string, fc.Arbitrary<unknown>>;

/** A condition with up to 3 clauses, nested `any`/`all`/`not` up to `depth` deep. */
function conditionArbAt(depth: number): fc.Arbitrary<ConditionInput> {
  const clauses: Record<string, fc.Arbitrary<unknown>> = { ...LEAF_CLAUSES };
  if (depth > 0) {
    const sub = conditionArbAt(depth - 1);
    clauses.any = fc.array(sub, { minLength: 1, maxLength: 2 });
    clauses.all = fc.array(sub, { minLength: 1, maxLength: 2 });
    clauses.not = sub;
  }
  const names = Object.keys(clauses);
  return fc
    .uniqueArray(fc.constantFrom(...names), { maxLength: 3 })
    .chain((keys) =>
      fc.record(Object.fromEntries(keys.map((k) => [k, clauses[k] as fc.Arbitrary<unknown>]))),
    ) as fc.Arbitrary<ConditionInput>;
}

export const conditionArb = conditionArbAt(2);

const textArb = (max: number) =>
  fc.string({ unit: "grapheme", maxLength: max }).filter((s) => s.length <= max);

const ruleIdArb = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/);

export const ruleArb: fc.Arbitrary<RuleInput> = fc.record(
  {
    id: ruleIdArb,
    description: textArb(60),
    when: conditionArb,
    then: fc.constantFrom(...STANCES),
  },
  { requiredKeys: ["id", "when", "then"] },
);

/** Mostly "ignore", so that the rules get to decide often enough to be tested. */
const uncertaintyStanceArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant("ignore" as const) },
  { weight: 1, arbitrary: fc.constantFrom(...UNCERTAINTY_STANCES) },
);

/** A valid mandate as a holder might write it (any address case, default maybe omitted). */
export const mandateInputArb: fc.Arbitrary<MandateInput> = fc
  .record(
    {
      schema: fc.constant("mandate/v1" as const),
      name: textArb(40).filter((s) => s.length > 0),
      description: textArb(100),
      version: fc.integer({ min: 1, max: 1_000_000 }),
      defaultStance: fc.constantFrom(...STANCES),
      uncertainty: fc.record({
        minConfidence: fc.oneof(
          { weight: 3, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.constantFrom(0.5, 1) },
          { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0) },
        ),
        onMismatch: uncertaintyStanceArb,
        onUnknownCalldata: uncertaintyStanceArb,
      }),
      rules: fc.uniqueArray(ruleArb, { selector: (r) => r.id, maxLength: 5 }),
    },
    { requiredKeys: ["schema", "name", "version", "uncertainty", "rules"] },
  )
  .filter((m) => m.rules.length > 0 || m.defaultStance !== undefined);

/** True one time in four. */
const rarely = fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true));

const bigintString = fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String);

const transferArb = fc.record({
  actionIndex: fc.nat(3),
  asset: fc.constantFrom<"ETH" | Address>("ETH", ADDR.usdc),
  symbol: fc.constantFrom(...SYMBOLS, "usdc"),
  decimals: fc.constantFrom(6, 18),
  amount: bigintString,
  amountTokens: amountArb,
  usd: fc.option(amountArb, { nil: null, freq: 5 }),
  to: addressAnyCaseArb,
  kind: fc.constantFrom("transfer", "approve", "stream", "native"),
});

const actionArb = fc.record({
  index: fc.nat(3),
  target: addressAnyCaseArb,
  targetLabel: fc.option(fc.string(), { nil: null }),
  value: bigintString,
  selector: fc.option(
    fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => bytesToHex(b)),
    { nil: null },
  ),
  signature: fc.option(fc.string(), { nil: null }),
  unknown: rarely,
  description: fc.string(),
  category: fc.constantFrom(...ACTION_CATEGORIES),
});

const mismatchArb = fc.record({
  kind: fc.constantFrom(...mismatchSchema.shape.kind.options),
  detail: fc.string(),
  actionIndex: fc.option(fc.nat(3), { nil: null }),
});

/** Valid facts (they pass `factsSchema`), not necessarily self-consistent. */
export const factsArb: fc.Arbitrary<Facts> = fc
  .record({
    topics: fc.uniqueArray(fc.constantFrom(...TOPICS), { maxLength: 3 }),
    executable: fc.boolean(),
    actions: fc.array(actionArb, { maxLength: 3 }),
    transfers: fc.array(transferArb, { maxLength: 3 }),
    totalUsd: fc.option(amountArb, { nil: null, freq: 4 }),
    targets: fc.array(addressAnyCaseArb, { maxLength: 3 }),
    addresses: fc.array(addressAnyCaseArb, { maxLength: 4 }),
    risk: fc.constantFrom(...RISK_LEVELS),
    unknownCalldata: rarely,
    mismatches: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(mismatchArb, { minLength: 1, maxLength: 2 }) },
    ),
    confidence: fc.oneof(
      { weight: 3, arbitrary: fc.constant(1) },
      { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 0.8) },
      { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0) },
    ),
  })
  .map((f) => factsSchema.parse(f));
