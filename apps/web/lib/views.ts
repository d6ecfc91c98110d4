/**
 * What the server hands to pages and client components: plain JSON (bigints as decimal strings),
 * whichever source it came from (the indexer, or the chain when the indexer is unreachable).
 */

export type Notice = {
  /** `indexer`: the indexer is unreachable (data from the chain); `chain`: the node is. */
  kind: "indexer" | "chain" | "config" | "info";
  message: string;
};

export type AiDecisionView = {
  delegateId: string;
  delegateName: string;
  kind: "vote" | "pending";
  /** 0 Against, 1 For, 2 Abstain; null for a pending decision. */
  support: number | null;
  /** A pending decision's reason code. */
  reasonCode: number | null;
  /** The mandate rule that fired, read from the rationale. */
  ruleId: string | null;
  rationale: string;
  summaryHash: string;
  mandateHash: string;
  /** Whether `summaryHash` equals the hash of the summary shown; null when none was computed. */
  summaryMatches: boolean | null;
  /** Governance-token base units (votes only). */
  weight: string | null;
  txHash: string | null;
  timestamp: string | null;
};

export type SummaryView = {
  title: string;
  tldr: string;
  whatChanges: string[];
  actions: string[];
  risks: string[];
  affectedParties: string[];
  flags: string[];
  confidence: number;
  engine: string;
  engineLabel: string;
  summaryHash: string;
  mismatches: { kind: string; detail: string }[];
  risk: string;
  topics: string[];
  totalUsd: number | null;
};

export type ProposalListItem = {
  id: string;
  title: string;
  /** The governor's state, lowercase ("active", "executed", …); null if unknown. */
  state: string | null;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteEnd: string;
  marketId: string | null;
  overrideCount: number;
  tldr: string | null;
  mismatchCount: number;
  decisions: AiDecisionView[];
};

export type ActionView = {
  /** Position in the proposal (actions may repeat, so this is their identity). */
  index: number;
  target: string;
  value: string;
  data: string;
  /** The decoder's line for it. */
  description: string | null;
};

export type VoteView = {
  voter: string;
  support: number;
  weight: string;
  reason: string;
  aiDelegateId: string | null;
  txHash: string | null;
};

export type OverrideView = {
  voter: string;
  support: number;
  weight: string;
  reason: string;
  delegate: string;
  txHash: string | null;
};

export type MarketSummaryView = {
  id: string;
  question: string;
  outcomes: string[];
  /** WAD per outcome. */
  prices: string[];
  state: string;
  resolvedOutcome: number | null;
  closeTime: string;
  volume: string | null;
  tradeCount: number | null;
  liquidity: string;
  feeBps: number;
  kind: "general" | "proposal";
  proposalId: string | null;
  resolver: string;
  creator: string;
  collateral: string;
};

export type ProposalDetail = ProposalListItem & {
  proposer: string;
  description: string;
  voteStart: string;
  createdTimestamp: string | null;
  actions: ActionView[];
  summary: SummaryView | null;
  summaryError: string | null;
  votes: VoteView[];
  overrides: OverrideView[];
  market: MarketSummaryView | null;
};

export type DelegateView = {
  id: string;
  name: string;
  instance: string;
  owner: string;
  operator: string;
  model: string;
  mandateVersion: string;
  mandateHash: string;
  mandateURI: string;
  /** The mandate document as canonical JSON, or null when it could not be read. */
  mandateJson: string | null;
  mandateError: string | null;
  /** Whether the document hashes to the registered hash. */
  mandateHashMatches: boolean | null;
  lines: { id: string; text: string; stance: string | null }[];
  votesDelegated: string | null;
  record: DelegateRecord | null;
};

export type DelegateRecord = {
  votes: number;
  asks: number;
  overridesReceived: number;
  /** Decided proposals (succeeded, queued, executed, defeated, expired) it voted For or Against on. */
  decided: number;
  /** Of those, how many went its way. */
  agreed: number;
  decisions: {
    proposalId: string;
    title: string;
    kind: "vote" | "pending";
    support: number | null;
    ruleId: string | null;
    rationale: string;
    outcome: string | null;
    overrides: number;
  }[];
};

export type TraderView = {
  address: string;
  trades: number;
  markets: number;
  spent: string;
  received: string;
  payout: string;
  resolved: number;
  meanBrier: number | null;
};

export type PricePointView = { t: number; p: number };
export type PriceSeries = { outcome: number; label: string; points: PricePointView[] };

export type TradeView = {
  trader: string;
  outcome: number;
  isBuy: boolean;
  shares: string;
  collateral: string;
  priceAfter: string;
  timestamp: string;
  txHash: string;
};

export type MarketDetail = MarketSummaryView & {
  description: string | null;
  rules: string | null;
  invalidIf: string | null;
  pool: string;
  series: PriceSeries[];
  trades: TradeView[];
  holders: number | null;
};
