/**
 * The indexed tables. Every on-chain quantity is a bigint (numeric(78) in SQL, a decimal string in
 * JSON); prices are WAD (1e18 = probability 1), collateral amounts are the token's base units.
 * Row ids of event tables are `<transaction hash>-<log index>`.
 */
import { index, onchainTable, primaryKey, relations } from "ponder";

// ------------------------------------------------------------------ markets

/** One row per market of the LMSRMarket singleton. */
export const market = onchainTable(
  "market",
  (t) => ({
    id: t.bigint().primaryKey(),
    creator: t.hex().notNull(),
    collateral: t.hex().notNull(),
    resolver: t.hex().notNull(),
    /** "general" (created directly) or "proposal" (opened by the GovernorResolver). */
    kind: t.text().notNull(),
    proposalId: t.bigint(),
    outcomeCount: t.integer().notNull(),
    liquidity: t.bigint().notNull(),
    closeTime: t.bigint().notNull(),
    feeBps: t.integer().notNull(),
    funding: t.bigint().notNull(),
    metadataHash: t.hex().notNull(),
    metadataURI: t.text().notNull(),
    /** Whether the metadata document was readable (data: URI) and hashes to `metadataHash`. */
    metadataVerified: t.boolean().notNull(),
    question: t.text(),
    description: t.text(),
    /** Outcome labels from the metadata, else "Outcome 0", "Outcome 1", … */
    outcomes: t.text().array().notNull(),
    tags: t.text().array().notNull(),
    metadata: t.json(),
    /** Stored log-sum L (X128) and every outcome's share supply, as after the last trade. */
    logSum: t.bigint().notNull(),
    supplies: t.bigint().array().notNull(),
    /** Every outcome's price after the last trade, WAD; equals the contract's `prices(id)`. */
    prices: t.bigint().array().notNull(),
    /** Collateral held (the contract's `pool`): funding + buys − sells − payouts − surplus. */
    pool: t.bigint().notNull(),
    /** "open" until resolved ("resolved" or "invalid"); closing is a matter of time (closeTime). */
    status: t.text().notNull(),
    resolvedOutcome: t.integer(),
    resolvedBlock: t.bigint(),
    resolvedTimestamp: t.bigint(),
    resolvedTx: t.hex(),
    tradeCount: t.integer().notNull(),
    buyCount: t.integer().notNull(),
    sellCount: t.integer().notNull(),
    /** Σ collateral of buys (fee included) and sells (after fee). */
    volume: t.bigint().notNull(),
    fees: t.bigint().notNull(),
    redeemedShares: t.bigint().notNull(),
    redeemedPayout: t.bigint().notNull(),
    surplusWithdrawn: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    createdTimestamp: t.bigint().notNull(),
    createdTx: t.hex().notNull(),
    lastTradeTimestamp: t.bigint(),
  }),
  (table) => ({
    statusIdx: index().on(table.status),
    proposalIdx: index().on(table.proposalId),
  }),
);

/** Every Trade event, with every outcome's price after it. */
export const trade = onchainTable(
  "trade",
  (t) => ({
    id: t.text().primaryKey(),
    marketId: t.bigint().notNull(),
    trader: t.hex().notNull(),
    outcome: t.integer().notNull(),
    isBuy: t.boolean().notNull(),
    shares: t.bigint().notNull(),
    /** Paid in (buy, fee included) or out (sell, after fee). */
    collateral: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    supplyAfter: t.bigint().notNull(),
    logSumAfter: t.bigint().notNull(),
    /** The traded outcome's price after the trade, WAD. */
    priceAfter: t.bigint().notNull(),
    /** Every outcome's price after the trade, WAD (index = outcome). */
    pricesAfter: t.bigint().array().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    marketIdx: index().on(table.marketId, table.blockNumber, table.logIndex),
    traderIdx: index().on(table.trader),
    txIdx: index().on(table.txHash),
  }),
);

/**
 * The prices time series: one row per outcome at the market's creation and after every trade
 * (`tradeId` null for the creation point).
 */
export const pricePoint = onchainTable(
  "price_point",
  (t) => ({
    marketId: t.bigint().notNull(),
    outcome: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    price: t.bigint().notNull(),
    tradeId: t.text(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.marketId, table.outcome, table.blockNumber, table.logIndex] }),
    seriesIdx: index().on(table.marketId, table.timestamp),
  }),
);

/** ERC-6909 outcome shares per holder, with what their trades and redemptions amounted to. */
export const position = onchainTable(
  "position",
  (t) => ({
    account: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    outcome: t.integer().notNull(),
    /** Current balance, from the ERC-6909 Transfer events (equals `balanceOf`). */
    balance: t.bigint().notNull(),
    bought: t.bigint().notNull(),
    sold: t.bigint().notNull(),
    /** Collateral paid for buys (fee included) and received for sells. */
    cost: t.bigint().notNull(),
    proceeds: t.bigint().notNull(),
    redeemed: t.bigint().notNull(),
    payout: t.bigint().notNull(),
    trades: t.integer().notNull(),
    updatedTimestamp: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.account, table.marketId, table.outcome] }),
    marketIdx: index().on(table.marketId),
  }),
);

export const redemption = onchainTable(
  "redemption",
  (t) => ({
    id: t.text().primaryKey(),
    marketId: t.bigint().notNull(),
    holder: t.hex().notNull(),
    outcome: t.integer().notNull(),
    shares: t.bigint().notNull(),
    payout: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ marketIdx: index().on(table.marketId), holderIdx: index().on(table.holder) }),
);

/** The creator's SurplusWithdrawn (for proposal markets the creator is the GovernorResolver). */
export const surplusWithdrawal = onchainTable("surplus_withdrawal", (t) => ({
  id: t.text().primaryKey(),
  marketId: t.bigint().notNull(),
  creator: t.hex().notNull(),
  amount: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}));

/**
 * Collateral credit per (account, collateral): collateral deposited into the market singleton
 * outside any market, spent by `buyFromCredit` and paid into by `sellToCredit`.
 */
export const creditBalance = onchainTable(
  "credit_balance",
  (t) => ({
    account: t.hex().notNull(),
    collateral: t.hex().notNull(),
    /** The absolute balance of the last CreditChanged (equals `creditOf(collateral, account)`). */
    balance: t.bigint().notNull(),
    /** Σ Deposited credited to the account (by itself or anyone else). */
    deposited: t.bigint().notNull(),
    /** Σ Withdrawn by the account (to itself or another address). */
    withdrawn: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
    updatedTimestamp: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.account, table.collateral] }),
    collateralIdx: index().on(table.collateral),
  }),
);

/** The market's Deposited and Withdrawn: collateral moving into and out of credit. */
export const creditTransfer = onchainTable(
  "credit_transfer",
  (t) => ({
    id: t.text().primaryKey(),
    /** "deposit" or "withdrawal". */
    kind: t.text().notNull(),
    collateral: t.hex().notNull(),
    /** Whose credit moved: a deposit's `to`, a withdrawal's `account`. */
    account: t.hex().notNull(),
    /** The other side: who paid a deposit (`from`), who received a withdrawal (`to`). */
    counterparty: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** The account's credit after the transfer. */
    balanceAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    accountIdx: index().on(table.account, table.blockNumber, table.logIndex),
    counterpartyIdx: index().on(table.counterparty),
  }),
);

/** CommitteeResolver ballots (Voted) and settlements (CommitteeResolved). */
export const committeeEvent = onchainTable(
  "committee_event",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().notNull(),
    marketId: t.bigint().notNull(),
    member: t.hex(),
    /** An outcome index, or 2^256 − 1 for "invalid". */
    outcome: t.bigint().notNull(),
    invalid: t.boolean().notNull(),
    votes: t.bigint().notNull(),
    threshold: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ marketIdx: index().on(table.marketId) }),
);

// ------------------------------------------------------------------ governance

export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    proposer: t.hex().notNull(),
    targets: t.hex().array().notNull(),
    values: t.bigint().array().notNull(),
    signatures: t.text().array().notNull(),
    calldatas: t.hex().array().notNull(),
    description: t.text().notNull(),
    /** The description's first Markdown heading, else its first line. */
    title: t.text().notNull(),
    /** Unix seconds (the governor's clock is the timestamp). */
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    /** Lifecycle from events: "created", "queued", "executed" or "canceled". */
    status: t.text().notNull(),
    etaSeconds: t.bigint(),
    queuedTimestamp: t.bigint(),
    executedTimestamp: t.bigint(),
    executedTx: t.hex(),
    canceledTimestamp: t.bigint(),
    /** The governor's tally, replayed: VoteCast, OverrideVoteCast and VoteReduced. */
    againstVotes: t.bigint().notNull(),
    forVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    voteCount: t.integer().notNull(),
    overrideCount: t.integer().notNull(),
    aiVoteCount: t.integer().notNull(),
    aiPendingCount: t.integer().notNull(),
    /** The GovernorResolver market "will it pass?", once opened. */
    marketId: t.bigint(),
    createdBlock: t.bigint().notNull(),
    createdTimestamp: t.bigint().notNull(),
    createdTx: t.hex().notNull(),
  }),
  (table) => ({ statusIdx: index().on(table.status) }),
);

/** VoteCast and VoteCastWithParams: one per (proposal, voter). */
export const vote = onchainTable(
  "vote",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /** 0 Against, 1 For, 2 Abstain. */
    support: t.integer().notNull(),
    /** Weight counted when cast (the voter's votes minus weight already overridden). */
    weight: t.bigint().notNull(),
    /** Weight later moved away by overrides (VoteReduced). */
    reducedWeight: t.bigint().notNull(),
    reason: t.text().notNull(),
    /** VoteCastWithParams only. */
    params: t.hex(),
    /** Set when the voter is an AI delegate instance. */
    aiDelegateId: t.bigint(),
    /** From an AI vote's reason suffix `#mandate-vote v1 summary=… mandate=… version=…`. */
    summaryHash: t.hex(),
    mandateHash: t.hex(),
    mandateVersion: t.bigint(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.proposalId, table.voter] }),
    voterIdx: index().on(table.voter),
  }),
);

/** OverrideVoteCast: a holder who delegated votes with their own balance. */
export const override = onchainTable(
  "override",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    /** The voter's delegate when the override was cast (from DelegateChanged). */
    delegate: t.hex(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.proposalId, table.voter] }),
    voterIdx: index().on(table.voter),
  }),
);

/** VoteReduced: an override took `weight` away from a delegate's earlier vote. */
export const voteReduction = onchainTable(
  "vote_reduction",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    delegate: t.hex().notNull(),
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId) }),
);

/** Governance token accounts: balance, current delegate, votes delegated to them. */
export const tokenAccount = onchainTable("token_account", (t) => ({
  address: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  delegate: t.hex(),
  votes: t.bigint().notNull(),
  updatedTimestamp: t.bigint().notNull(),
}));

/** DelegateChanged history. */
export const delegation = onchainTable(
  "delegation",
  (t) => ({
    id: t.text().primaryKey(),
    delegator: t.hex().notNull(),
    fromDelegate: t.hex().notNull(),
    toDelegate: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ delegatorIdx: index().on(table.delegator), toIdx: index().on(table.toDelegate) }),
);

/** DelegateVotesChanged history. */
export const delegateVotesChange = onchainTable(
  "delegate_votes_change",
  (t) => ({
    id: t.text().primaryKey(),
    delegate: t.hex().notNull(),
    previousVotes: t.bigint().notNull(),
    newVotes: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ delegateIdx: index().on(table.delegate) }),
);

// ------------------------------------------------------------------ AI delegate registry

export const aiDelegate = onchainTable("ai_delegate", (t) => ({
  id: t.bigint().primaryKey(),
  instance: t.hex().notNull(),
  owner: t.hex().notNull(),
  /** Zero address: paused. */
  operator: t.hex().notNull(),
  name: t.text().notNull(),
  metadataURI: t.text().notNull(),
  model: t.text().notNull(),
  mandateVersion: t.bigint().notNull(),
  mandateHash: t.hex(),
  mandateURI: t.text(),
  voteCount: t.integer().notNull(),
  pendingCount: t.integer().notNull(),
  registeredBlock: t.bigint().notNull(),
  registeredTimestamp: t.bigint().notNull(),
  registeredTx: t.hex().notNull(),
}));

/** instance address → delegate id (lets the governor's VoteCast be attributed). */
export const aiDelegateInstance = onchainTable("ai_delegate_instance", (t) => ({
  instance: t.hex().primaryKey(),
  delegateId: t.bigint().notNull(),
}));

export const mandate = onchainTable(
  "mandate",
  (t) => ({
    delegateId: t.bigint().notNull(),
    version: t.bigint().notNull(),
    mandateHash: t.hex().notNull(),
    mandateURI: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.delegateId, table.version] }) }),
);

/** OperatorChanged and ProfileUpdated history. */
export const aiDelegateChange = onchainTable(
  "ai_delegate_change",
  (t) => ({
    id: t.text().primaryKey(),
    delegateId: t.bigint().notNull(),
    kind: t.text().notNull(),
    previousOperator: t.hex(),
    newOperator: t.hex(),
    name: t.text(),
    metadataURI: t.text(),
    model: t.text(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ delegateIdx: index().on(table.delegateId) }),
);

/** Every AI decision: DelegateVoteRecorded (kind "vote") and PendingDecisionRecorded ("pending"). */
export const aiDecision = onchainTable(
  "ai_decision",
  (t) => ({
    id: t.text().primaryKey(),
    delegateId: t.bigint().notNull(),
    proposalId: t.bigint().notNull(),
    kind: t.text().notNull(),
    instance: t.hex().notNull(),
    operator: t.hex().notNull(),
    /** Votes: 0 Against, 1 For, 2 Abstain. */
    support: t.integer(),
    /** Pending decisions: 0 ask the human, 1 outside the mandate, 2 low confidence, 3 mismatch, 4 other. */
    reasonCode: t.integer(),
    /** Votes: the weight counted when cast. */
    weight: t.bigint(),
    summaryHash: t.hex().notNull(),
    mandateVersion: t.bigint().notNull(),
    mandateHash: t.hex().notNull(),
    /** The rationale (votes) or note (pending decisions). */
    text: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    delegateIdx: index().on(table.delegateId),
    proposalIdx: index().on(table.proposalId),
  }),
);

// ------------------------------------------------------------------ resolvers

/** GovernorResolver: the "will proposal N succeed?" market of a proposal. */
export const proposalMarket = onchainTable("proposal_market", (t) => ({
  proposalId: t.bigint().primaryKey(),
  marketId: t.bigint().notNull(),
  funder: t.hex().notNull(),
  liquidity: t.bigint().notNull(),
  funding: t.bigint().notNull(),
  closeTime: t.bigint().notNull(),
  /** The governor's ProposalState when resolved (0 Pending … 7 Executed). */
  resolvedState: t.integer(),
  /** 0 NO, 1 YES. */
  resolvedOutcome: t.integer(),
  resolvedTimestamp: t.bigint(),
  surplusForwarded: t.bigint(),
  openedBlock: t.bigint().notNull(),
  openedTimestamp: t.bigint().notNull(),
  openedTx: t.hex().notNull(),
}));

/** OptimisticResolver: the proposal (and dispute) on a market. */
export const optimisticResolution = onchainTable("optimistic_resolution", (t) => ({
  marketId: t.bigint().primaryKey(),
  /** "proposed", "disputed", "finalized" or "settled". */
  status: t.text().notNull(),
  proposer: t.hex().notNull(),
  /** An outcome index, or 2^256 − 1 for "invalid". */
  proposedOutcome: t.bigint().notNull(),
  bond: t.bigint().notNull(),
  challengeEndsAt: t.bigint().notNull(),
  proposedTimestamp: t.bigint().notNull(),
  disputer: t.hex(),
  disputeBond: t.bigint(),
  disputedTimestamp: t.bigint(),
  /** The final outcome (finalized or settled). */
  outcome: t.bigint(),
  winner: t.hex(),
  payout: t.bigint(),
  resolvedTimestamp: t.bigint(),
}));

/** BondCredited and BondClaimed. */
export const bondEvent = onchainTable("bond_event", (t) => ({
  id: t.text().primaryKey(),
  kind: t.text().notNull(),
  account: t.hex().notNull(),
  amount: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}));

// ------------------------------------------------------------------ trading vault

export const vaultBalance = onchainTable(
  "vault_balance",
  (t) => ({
    user: t.hex().notNull(),
    token: t.hex().notNull(),
    balance: t.bigint().notNull(),
    deposited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    updatedTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.user, table.token] }) }),
);

/** Deposited and Withdrawn. */
export const vaultTransfer = onchainTable(
  "vault_transfer",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().notNull(),
    user: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    balanceAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ userIdx: index().on(table.user) }),
);

/** A user's current policy (PolicySet; AgentRevoked sets `revoked`). */
export const vaultPolicy = onchainTable(
  "vault_policy",
  (t) => ({
    user: t.hex().primaryKey(),
    agent: t.hex().notNull(),
    collateral: t.hex().notNull(),
    expiry: t.bigint().notNull(),
    maxPerTrade: t.bigint().notNull(),
    maxPerDay: t.bigint().notNull(),
    maxExposurePerMarket: t.bigint().notNull(),
    allMarkets: t.boolean().notNull(),
    epoch: t.bigint().notNull(),
    revoked: t.boolean().notNull(),
    updatedTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ agentIdx: index().on(table.agent) }),
);

/** PolicySet, AgentRevoked and MarketAllowanceSet history. */
export const vaultPolicyEvent = onchainTable(
  "vault_policy_event",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().notNull(),
    user: t.hex().notNull(),
    agent: t.hex(),
    marketId: t.bigint(),
    allowed: t.boolean(),
    epoch: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ userIdx: index().on(table.user) }),
);

/** Per (user, market): the agent's market list entry and the limits' state after the last call. */
export const vaultMarket = onchainTable(
  "vault_market",
  (t) => ({
    user: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    allowed: t.boolean().notNull(),
    /** The policy epoch the list entry belongs to (entries of earlier epochs no longer apply). */
    allowedEpoch: t.bigint(),
    marketExposure: t.bigint().notNull(),
    windowSpent: t.bigint().notNull(),
    updatedTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.user, table.marketId] }) }),
);

/** Traded: a vault trade by the user or their agent. */
export const vaultTrade = onchainTable(
  "vault_trade",
  (t) => ({
    id: t.text().primaryKey(),
    user: t.hex().notNull(),
    operator: t.hex().notNull(),
    byAgent: t.boolean().notNull(),
    marketId: t.bigint().notNull(),
    outcome: t.integer().notNull(),
    isBuy: t.boolean().notNull(),
    shares: t.bigint().notNull(),
    collateral: t.bigint().notNull(),
    windowSpent: t.bigint().notNull(),
    marketExposure: t.bigint().notNull(),
    /** The market's prices after the trade, WAD. */
    pricesAfter: t.bigint().array().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ userIdx: index().on(table.user), operatorIdx: index().on(table.operator) }),
);

export const vaultRedemption = onchainTable(
  "vault_redemption",
  (t) => ({
    id: t.text().primaryKey(),
    user: t.hex().notNull(),
    operator: t.hex().notNull(),
    byAgent: t.boolean().notNull(),
    marketId: t.bigint().notNull(),
    outcome: t.integer().notNull(),
    shares: t.bigint().notNull(),
    payout: t.bigint().notNull(),
    windowSpent: t.bigint().notNull(),
    marketExposure: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ userIdx: index().on(table.user) }),
);

/** Shares the vault holds for a user. */
export const vaultPosition = onchainTable(
  "vault_position",
  (t) => ({
    user: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    outcome: t.integer().notNull(),
    shares: t.bigint().notNull(),
    bought: t.bigint().notNull(),
    sold: t.bigint().notNull(),
    spent: t.bigint().notNull(),
    received: t.bigint().notNull(),
    redeemed: t.bigint().notNull(),
    payout: t.bigint().notNull(),
    updatedTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.user, table.marketId, table.outcome] }) }),
);

// ------------------------------------------------------------------ agent track records

/** A trading agent (a vault operator acting for a user other than itself). */
export const agent = onchainTable("agent", (t) => ({
  address: t.hex().primaryKey(),
  trades: t.integer().notNull(),
  buys: t.integer().notNull(),
  sells: t.integer().notNull(),
  spent: t.bigint().notNull(),
  received: t.bigint().notNull(),
  redemptions: t.integer().notNull(),
  payout: t.bigint().notNull(),
  markets: t.integer().notNull(),
  firstTradeTimestamp: t.bigint().notNull(),
  lastTradeTimestamp: t.bigint().notNull(),
}));

/**
 * An agent's record in one market. `forecast` is the market's prices right after the agent's last
 * trade there: the probabilities the agent moved the market to, scored against the resolution
 * (Brier score) once the market resolves.
 */
export const agentMarket = onchainTable(
  "agent_market",
  (t) => ({
    agent: t.hex().notNull(),
    marketId: t.bigint().notNull(),
    trades: t.integer().notNull(),
    buys: t.integer().notNull(),
    sells: t.integer().notNull(),
    spent: t.bigint().notNull(),
    received: t.bigint().notNull(),
    payout: t.bigint().notNull(),
    /** Net shares per outcome bought for users through this agent (bought − sold − redeemed). */
    shares: t.bigint().array().notNull(),
    forecast: t.bigint().array().notNull(),
    forecastTimestamp: t.bigint().notNull(),
    firstTradeTimestamp: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.agent, table.marketId] }),
    marketIdx: index().on(table.marketId),
  }),
);

// ------------------------------------------------------------------ relations (GraphQL)

export const marketRelations = relations(market, ({ many, one }) => ({
  trades: many(trade),
  pricePoints: many(pricePoint),
  positions: many(position),
  redemptions: many(redemption),
  proposal: one(proposal, { fields: [market.proposalId], references: [proposal.id] }),
}));
export const tradeRelations = relations(trade, ({ one }) => ({
  market: one(market, { fields: [trade.marketId], references: [market.id] }),
}));
export const pricePointRelations = relations(pricePoint, ({ one }) => ({
  market: one(market, { fields: [pricePoint.marketId], references: [market.id] }),
}));
export const positionRelations = relations(position, ({ one }) => ({
  market: one(market, { fields: [position.marketId], references: [market.id] }),
}));
export const redemptionRelations = relations(redemption, ({ one }) => ({
  market: one(market, { fields: [redemption.marketId], references: [market.id] }),
}));
export const proposalRelations = relations(proposal, ({ many, one }) => ({
  votes: many(vote),
  overrides: many(override),
  aiDecisions: many(aiDecision),
  market: one(market, { fields: [proposal.marketId], references: [market.id] }),
}));
export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
  aiDelegate: one(aiDelegate, { fields: [vote.aiDelegateId], references: [aiDelegate.id] }),
}));
export const overrideRelations = relations(override, ({ one }) => ({
  proposal: one(proposal, { fields: [override.proposalId], references: [proposal.id] }),
}));
export const aiDelegateRelations = relations(aiDelegate, ({ many }) => ({
  decisions: many(aiDecision),
  mandates: many(mandate),
}));
export const aiDecisionRelations = relations(aiDecision, ({ one }) => ({
  delegate: one(aiDelegate, { fields: [aiDecision.delegateId], references: [aiDelegate.id] }),
  proposal: one(proposal, { fields: [aiDecision.proposalId], references: [proposal.id] }),
}));
export const mandateRelations = relations(mandate, ({ one }) => ({
  delegate: one(aiDelegate, { fields: [mandate.delegateId], references: [aiDelegate.id] }),
}));
export const agentRelations = relations(agent, ({ many }) => ({
  markets: many(agentMarket),
}));
export const agentMarketRelations = relations(agentMarket, ({ one }) => ({
  agent: one(agent, { fields: [agentMarket.agent], references: [agent.address] }),
  market: one(market, { fields: [agentMarket.marketId], references: [market.id] }),
}));
