/**
 * The shapes every part of the delegate agrees on: a proposal as read from the chain, the summary
 * an engine writes, and the engine interface itself. Engines are pluggable (offline, OpenAI-compatible);
 * both return the same validated shapes, and the policy engine (in @mandate/mandate) decides.
 */
import { type Facts, factsSchema } from "@mandate/mandate";
import { z } from "zod";

/** A governor proposal as the agent reads it: id, text and the actions it would execute. */
export interface ProposalInput {
  /** Governor proposal id (uint256) as a decimal string. */
  id: string;
  /** Governor contract the proposal belongs to (lowercase), or null for off-chain fixtures. */
  governor: `0x${string}` | null;
  /** The full description text as proposed (untrusted). */
  description: string;
  targets: `0x${string}`[];
  /** Native values in wei. */
  values: bigint[];
  calldatas: `0x${string}`[];
  /** Unix seconds; the vote must be cast before this. Null for fixtures. */
  voteEnd: number | null;
}

/** Context an engine needs to decode and price actions. */
export interface DecodeContext {
  chainId: number;
  /** Known tokens by lowercase address: symbol, decimals, and an optional USD price per whole token. */
  tokens: Record<string, { symbol: string; decimals: number; usd?: number }>;
  /** Known contracts by lowercase address: a label and, optionally, an ABI to decode calls with. */
  contracts: Record<string, { label: string; abi?: readonly unknown[] }>;
  /** USD price per whole ETH, if known. */
  ethUsd?: number;
}

export const ENGINE_IDS = ["offline", "openai"] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export const summarySchema = z.object({
  title: z.string().min(1).max(200),
  /** At most 280 characters. */
  tldr: z.string().min(1).max(280),
  /** What would be different after execution, in plain words. */
  whatChanges: z.array(z.string()).max(20),
  /** One plain-language line per action, in order; length equals the number of actions. */
  actions: z.array(z.string()),
  risks: z.array(z.string()).max(20),
  affectedParties: z.array(z.string()).max(20),
  /** Prose-versus-action disagreements, in words (mirrors facts.mismatches). */
  flags: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  /** Which engine produced this summary, e.g. "offline/textrank-1" or "openai/gpt-4o-mini". */
  engine: z.string().min(1),
});
export type Summary = z.infer<typeof summarySchema>;

export const analysisSchema = z.object({ summary: summarySchema, facts: factsSchema });
export interface Analysis {
  summary: Summary;
  facts: Facts;
}

/** An engine reads a proposal and returns a validated summary and facts. It never decides or signs. */
export interface Engine {
  readonly id: EngineId;
  /** Human-readable engine description for logs and the UI, e.g. "offline (TextRank + rules)". */
  readonly label: string;
  analyze(proposal: ProposalInput, ctx: DecodeContext): Promise<Analysis>;
}
