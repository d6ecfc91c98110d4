import type { Market } from "@mandate/lmsr";

/** A 0x-prefixed address. */
export type Address = `0x${string}`;

/**
 * Where a market is in its life, as `ILMSRMarket.MarketState` reports it (`None` is no market).
 * Only "open" markets are traded.
 */
export type MarketStatus = "open" | "closed" | "resolved" | "invalid";

/** A proposal market: a binary market on whether a governor proposal passes. */
export interface ProposalRef {
  proposalId: bigint;
  governor?: Address | undefined;
}

/**
 * What the trader knows about one market: its text (from the metadata document) and its exact
 * on-chain pricing state. Every on-chain quantity is a bigint in the contract's units.
 */
export interface MarketView {
  marketId: bigint;
  /** The question, from the market's metadata document. Untrusted text. */
  question: string;
  /** How the market resolves. Untrusted text. */
  resolutionCriteria?: string | undefined;
  /** Background for forecasters. Untrusted text. */
  background?: string | undefined;
  /** Outcome labels, in outcome order (2 to 256). */
  outcomes: readonly string[];
  /**
   * The outcome a binary belief is about ("P(yes)"). Proposal markets use 1
   * (`GovernorResolver.OUTCOME_YES`); 0 is No.
   */
  yesOutcome: number;
  /** `liquidity`, `logSum`, `feeBps` (and optionally `pool`) from `getMarket`. */
  state: Market;
  /** Every outcome's share supply, from `supply(marketId, i)`. */
  supplies: readonly bigint[];
  status: MarketStatus;
  /** Unix seconds from which trading stops. */
  closeTime: bigint;
  /** The market's collateral token, when known (the vault trades only its policy's token). */
  collateral?: Address | undefined;
  /** Set for proposal markets (GovernorResolver). */
  proposal?: ProposalRef | undefined;
}
