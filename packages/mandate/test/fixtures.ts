/** Builders for facts and mandates in tests. Everything built here passes its schema. */
import { checksumAddress } from "viem";
import type { z } from "zod";
import { type Facts, factsSchema } from "../src/facts.js";
import {
  type Address,
  type ConditionInput,
  type Mandate,
  type MandateInput,
  parseMandate,
  type RuleInput,
  type Stance,
} from "../src/mandate.js";

/** Lowercase addresses used across tests. */
export const ADDR = {
  alice: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
  bob: "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
  treasury: "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb",
  proxy: "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb",
  usdc: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
} as const satisfies Record<string, Address>;

/** The EIP-55 form of a lowercase address. */
export const checksummed = (a: Address): Address => checksumAddress(a);

type FactsInput = z.input<typeof factsSchema>;
type TransferInput = Facts["transfers"][number];
type ActionInput = Facts["actions"][number];

/** A USDC transfer of `tokens` whole tokens (= USD) to `to`, action 0. */
export function usdcTransfer(tokens: number, to: string = ADDR.alice): TransferInput {
  return {
    actionIndex: 0,
    asset: ADDR.usdc,
    symbol: "USDC",
    decimals: 6,
    amount: String(BigInt(Math.round(tokens)) * 1_000_000n),
    amountTokens: tokens,
    usd: tokens,
    to: to as Address,
    kind: "transfer",
  };
}

export function action(over: Partial<ActionInput> = {}): ActionInput {
  return {
    index: 0,
    target: ADDR.usdc,
    targetLabel: "USDC",
    value: "0",
    selector: "0xa9059cbb",
    signature: "transfer(address,uint256)",
    unknown: false,
    description: "Transfer USDC",
    category: "transfer",
    ...over,
  };
}

/**
 * Valid facts: a quiet, fully understood text-only proposal unless overridden. When transfers
 * are given and `totalUsd` is not, it is their sum (null if any is unpriced).
 */
export function facts(over: Partial<FactsInput> = {}): Facts {
  const transfers = (over.transfers ?? []) as TransferInput[];
  const totalUsd =
    "totalUsd" in over
      ? over.totalUsd
      : transfers.some((t) => t.usd === null)
        ? null
        : transfers.reduce((s, t) => s + (t.usd ?? 0), 0);
  return factsSchema.parse({
    topics: [],
    executable: false,
    actions: [],
    targets: [],
    addresses: [],
    risk: "low",
    unknownCalldata: false,
    mismatches: [],
    confidence: 1,
    ...over,
    transfers,
    totalUsd,
  });
}

export const baseMandate = {
  schema: "mandate/v1",
  name: "Test mandate",
  version: 1,
  defaultStance: "abstain",
  uncertainty: { minConfidence: 0, onMismatch: "ignore", onUnknownCalldata: "ignore" },
  rules: [],
} as const satisfies MandateInput;

/** A parsed mandate with these rules; uncertainty checks off and default "abstain" unless given. */
export function mandate(rules: RuleInput[], over: Partial<MandateInput> = {}): Mandate {
  return parseMandate({ ...baseMandate, rules, ...over });
}

/** A one-rule mandate whose rule "r" votes `then` when `when` holds. */
export const oneRule = (when: ConditionInput, then: Stance = "for"): Mandate =>
  mandate([{ id: "r", when, then }]);
