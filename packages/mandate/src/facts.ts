/**
 * Facts: what the policy engine knows about a proposal. Every engine (offline or model-backed)
 * produces exactly this shape, validated by `factsSchema`; the policy engine reads nothing else.
 *
 * Facts that come from decoded on-chain actions (transfers, targets, selectors) are authoritative.
 * Facts that come from prose (topics, claimed amounts) are hints: where they disagree with the
 * actions a `mismatch` is recorded, and a mandate can send such proposals to the human.
 */
import { z } from "zod";

export const TOPICS = [
  "treasury",
  "grants",
  "parameters",
  "upgrades",
  "security",
  "elections",
  "social",
] as const;
export type Topic = (typeof TOPICS)[number];
export const topicSchema = z.enum(TOPICS);

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const riskSchema = z.enum(RISK_LEVELS);

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "an address is 0x followed by 40 hex digits")
  .transform((a) => a.toLowerCase() as `0x${string}`);

/** A movement of value that a proposal's actions would execute. */
export const transferFactSchema = z.object({
  /** Index of the action (in the proposal's targets/values/calldatas) that moves the value. */
  actionIndex: z.number().int().nonnegative(),
  /** "ETH" for native value, otherwise the token contract. */
  asset: z.union([z.literal("ETH"), address]),
  symbol: z.string().min(1).max(32),
  decimals: z.number().int().min(0).max(36),
  /** Amount in the token's base units, as a decimal string (exact). */
  amount: z.string().regex(/^\d+$/, "amount is an unsigned integer in base units"),
  /** Amount in whole tokens (amount / 10^decimals), for rules; may lose precision past 2^53. */
  amountTokens: z.number().nonnegative(),
  /** USD value when the asset has a known price (stablecoins, or a configured price table); else null. */
  usd: z.number().nonnegative().nullable(),
  /** Recipient, or the spender for approvals. */
  to: address,
  kind: z.enum(["transfer", "approve", "stream", "native"]),
});
export type TransferFact = z.infer<typeof transferFactSchema>;

/** One decoded action, in plain words. */
export const actionFactSchema = z.object({
  index: z.number().int().nonnegative(),
  target: address,
  /** Label of the target when known ("ENS token", "Timelock", ...), else null. */
  targetLabel: z.string().nullable(),
  /** Native value sent with the call, in wei, as a decimal string. */
  value: z.string().regex(/^\d+$/),
  /** 4-byte selector, or null for a plain value transfer with empty calldata. */
  selector: z
    .string()
    .regex(/^0x[0-9a-f]{8}$/)
    .nullable(),
  /** Function signature when decoded, e.g. "transfer(address,uint256)"; null when unknown. */
  signature: z.string().nullable(),
  /** True when the calldata could not be decoded with any known ABI or signature. */
  unknown: z.boolean(),
  /** Plain-language description, e.g. "Transfer 100,000 USDC to 0xabc…". */
  description: z.string(),
  /** What kind of change the action makes. */
  category: z.enum([
    "transfer",
    "approval",
    "parameter",
    "upgrade",
    "role",
    "governance",
    "call",
    "unknown",
  ]),
});
export type ActionFact = z.infer<typeof actionFactSchema>;

/** A disagreement between what the prose says and what the actions do. */
export const mismatchSchema = z.object({
  kind: z.enum(["amount", "recipient", "asset", "action", "title", "other"]),
  /** Human-readable explanation, quoting the prose and the decoded value. */
  detail: z.string(),
  actionIndex: z.number().int().nonnegative().nullable(),
});
export type Mismatch = z.infer<typeof mismatchSchema>;

export const factsSchema = z.object({
  /** Topics, most important first. Empty only if nothing could be classified. */
  topics: z.array(topicSchema),
  /** True when the proposal has at least one on-chain action. */
  executable: z.boolean(),
  actions: z.array(actionFactSchema),
  transfers: z.array(transferFactSchema),
  /** Sum of transfer USD values when every transfer has one; null when any is unpriced. */
  totalUsd: z.number().nonnegative().nullable(),
  /** Every call target (lowercase). */
  targets: z.array(address),
  /** Every address the actions touch: targets, recipients, addresses in arguments (lowercase). */
  addresses: z.array(address),
  risk: riskSchema,
  /** True when any action's calldata could not be decoded. */
  unknownCalldata: z.boolean(),
  mismatches: z.array(mismatchSchema),
  /** The engine's confidence in these facts, 0..1. */
  confidence: z.number().min(0).max(1),
});
export type Facts = z.infer<typeof factsSchema>;
