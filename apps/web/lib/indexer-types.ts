/**
 * The indexer's REST answers (apps/indexer/src/api/index.ts), as JSON: every on-chain quantity is a
 * decimal string, addresses are lowercase hex. Only the fields the app reads are typed.
 */

export type Dec = string;
export type HexString = `0x${string}`;

export type MarketState = "open" | "closed" | "resolved" | "invalid";

export type IndexedMarket = {
  id: Dec;
  creator: HexString;
  collateral: HexString;
  resolver: HexString;
  kind: "general" | "proposal";
  proposalId: Dec | null;
  outcomeCount: number;
  liquidity: Dec;
  closeTime: Dec;
  feeBps: number;
  funding: Dec;
  metadataURI: string;
  metadataVerified: boolean;
  question: string | null;
  description: string | null;
  outcomes: string[] | null;
  tags: string[] | null;
  metadata: {
    resolution?: { rules?: string; invalidIf?: string; sources?: string[] };
  } | null;
  logSum: Dec;
  supplies: Dec[];
  prices: Dec[];
  pool: Dec;
  status: "open" | "resolved" | "invalid";
  resolvedOutcome: number | null;
  tradeCount: number;
  volume: Dec;
  fees: Dec;
  createdTimestamp: Dec;
  lastTradeTimestamp: Dec | null;
  state: MarketState;
};

export type MarketsResponse = { markets: IndexedMarket[] };

export type MarketResponse = {
  market: IndexedMarket;
  proposalMarket: { proposalId: Dec; marketId: Dec } | null;
  holders: number;
};

export type PricePoint = {
  outcome: number;
  blockNumber: Dec;
  logIndex: number;
  timestamp: Dec;
  price: Dec;
  tradeId: string | null;
};

export type PricesResponse = {
  marketId: Dec;
  outcomes: string[];
  prices: Dec[];
  points: PricePoint[];
};

export type IndexedTrade = {
  id: string;
  marketId: Dec;
  trader: HexString;
  outcome: number;
  isBuy: boolean;
  shares: Dec;
  collateral: Dec;
  fee: Dec;
  priceAfter: Dec;
  pricesAfter: Dec[];
  timestamp: Dec;
  txHash: HexString;
};

export type TradesResponse = { marketId: Dec; trades: IndexedTrade[] };

export type IndexedPosition = {
  account: HexString;
  marketId: Dec;
  outcome: number;
  balance: Dec;
  bought: Dec;
  sold: Dec;
  cost: Dec;
  proceeds: Dec;
  redeemed: Dec;
  payout: Dec;
  trades: number;
  outcomeLabel: string | null;
  price: Dec | null;
  market: { id: Dec; question: string | null; state: MarketState; resolvedOutcome: number | null };
};

export type PositionsResponse = { account: HexString; positions: IndexedPosition[] };

export type ProposalState =
  | "pending"
  | "active"
  | "canceled"
  | "defeated"
  | "succeeded"
  | "queued"
  | "expired"
  | "executed";

export type IndexedProposal = {
  id: Dec;
  proposer: HexString;
  targets: HexString[];
  values: Dec[];
  calldatas?: HexString[];
  description?: string;
  title: string;
  voteStart: Dec;
  voteEnd: Dec;
  status: "created" | "queued" | "executed" | "canceled";
  againstVotes: Dec;
  forVotes: Dec;
  abstainVotes: Dec;
  voteCount: number;
  overrideCount: number;
  aiVoteCount: number;
  aiPendingCount: number;
  marketId: Dec | null;
  createdBlock: Dec;
  createdTimestamp: Dec;
  /** The governor's live state (null when the indexer could not reach the node). */
  state: ProposalState | null;
};

export type ProposalsResponse = { proposals: IndexedProposal[] };

export type IndexedVote = {
  voter: HexString;
  support: number;
  weight: Dec;
  reducedWeight: Dec;
  reason: string;
  aiDelegateId: Dec | null;
  summaryHash: HexString | null;
  mandateHash: HexString | null;
  timestamp: Dec;
  txHash: HexString;
};

export type IndexedOverride = {
  voter: HexString;
  support: number;
  weight: Dec;
  reason: string;
  delegate: HexString;
  timestamp: Dec;
  txHash: HexString;
};

export type IndexedDecision = {
  id: string;
  delegateId: Dec;
  proposalId: Dec;
  kind: "vote" | "pending";
  instance: HexString;
  support: number | null;
  reasonCode: number | null;
  weight: Dec | null;
  summaryHash: HexString;
  mandateVersion: Dec;
  mandateHash: HexString;
  text: string;
  timestamp: Dec;
  txHash: HexString;
  delegateName?: string;
  proposalTitle?: string;
  proposalStatus?: string;
  overrides?: IndexedOverride[];
};

export type ProposalResponse = {
  proposal: IndexedProposal & { calldatas: HexString[]; description: string };
  tally: { against: Dec; for: Dec; abstain: Dec };
  votes: IndexedVote[];
  overrides: IndexedOverride[];
  aiDecisions: IndexedDecision[];
  market: IndexedMarket | null;
};

export type IndexedDelegate = {
  id: Dec;
  instance: HexString;
  owner: HexString;
  operator: HexString;
  name: string;
  metadataURI: string;
  model: string;
  mandateVersion: Dec;
  mandateHash: HexString;
  mandateURI: string;
  voteCount: number;
  pendingCount: number;
  registeredTimestamp: Dec;
};

export type DelegatesResponse = { delegates: IndexedDelegate[] };

export type DelegateResponse = {
  delegate: IndexedDelegate;
  mandates: { version: Dec; mandateHash: HexString; mandateURI: string; timestamp: Dec }[];
};

export type DecisionsResponse = {
  delegate: { id: Dec; name: string; instance: HexString };
  decisions: IndexedDecision[];
};

export type IndexedAgent = {
  address: HexString;
  trades: number;
  buys: number;
  sells: number;
  spent: Dec;
  received: Dec;
  payout: Dec;
  markets: number;
  lastTradeTimestamp: Dec;
};

export type AgentsResponse = { agents: IndexedAgent[] };

export type AgentResponse = {
  agent: IndexedAgent;
  markets: { marketId: Dec; question: string | null; brier: number | null }[];
  resolved: number;
  meanBrier: number | null;
};

export type VaultResponse = {
  user: HexString;
  balances: { token: HexString; balance: Dec; deposited: Dec; withdrawn: Dec }[];
  policy: {
    agent: HexString;
    collateral: HexString;
    expiry: Dec;
    maxPerTrade: Dec;
    maxPerDay: Dec;
    maxExposurePerMarket: Dec;
    allMarkets: boolean;
    epoch: Dec;
    revoked: boolean;
  } | null;
  markets: {
    marketId: Dec;
    allowed: boolean;
    allowedEpoch: Dec | null;
    marketExposure: Dec;
    windowSpent: Dec;
  }[];
  positions: { marketId: Dec; outcome: number; shares: Dec; spent: Dec; received: Dec }[];
  trades: {
    id: string;
    operator: HexString;
    byAgent: boolean;
    marketId: Dec;
    outcome: number;
    isBuy: boolean;
    shares: Dec;
    collateral: Dec;
    timestamp: Dec;
    txHash: HexString;
  }[];
};

/** `GET /accounts/:address/credit`: collateral credit per collateral and its deposits/withdrawals. */
export type CreditResponse = {
  account: HexString;
  balances: {
    account: HexString;
    collateral: HexString;
    /** Equals the chain's `creditOf(collateral, account)` once indexed. */
    balance: Dec;
    deposited: Dec;
    withdrawn: Dec;
    updatedBlock: Dec;
    updatedTimestamp: Dec;
  }[];
  /** Newest first. */
  transfers: {
    id: string;
    kind: "deposit" | "withdrawal";
    collateral: HexString;
    account: HexString;
    /** Who paid a deposit, who received a withdrawal. */
    counterparty: HexString;
    amount: Dec;
    balanceAfter: Dec;
    blockNumber: Dec;
    logIndex: number;
    timestamp: Dec;
    txHash: HexString;
  }[];
  limit: number;
  offset: number;
};
