/**
 * MandateGovernor (proposals, votes, overrides), GovernanceToken (balances, delegations) and the
 * AIDelegateRegistry (delegates, mandates, recorded decisions).
 */
import { type Context, type Event, ponder } from "ponder:registry";
import {
  aiDecision,
  aiDelegate,
  aiDelegateChange,
  aiDelegateInstance,
  delegateVotesChange,
  delegation,
  mandate,
  override,
  proposal,
  tokenAccount,
  vote,
  voteReduction,
} from "ponder:schema";
import { type Hex, zeroAddress } from "viem";
import { eventId, parseAiReason, proposalTitle } from "./lib/decode.ts";

/** The tally column of a Bravo support value (0 Against, 1 For, 2 Abstain). */
function tally(support: number, weight: bigint) {
  if (support === 0)
    return (row: { againstVotes: bigint }) => ({ againstVotes: row.againstVotes + weight });
  if (support === 1) return (row: { forVotes: bigint }) => ({ forVotes: row.forVotes + weight });
  return (row: { abstainVotes: bigint }) => ({ abstainVotes: row.abstainVotes + weight });
}

ponder.on("MandateGovernor:ProposalCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(proposal).values({
    id: a.proposalId,
    proposer: a.proposer,
    targets: [...a.targets],
    values: [...a.values],
    signatures: [...a.signatures],
    calldatas: [...a.calldatas],
    description: a.description,
    title: proposalTitle(a.description),
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    status: "created",
    againstVotes: 0n,
    forVotes: 0n,
    abstainVotes: 0n,
    voteCount: 0,
    overrideCount: 0,
    aiVoteCount: 0,
    aiPendingCount: 0,
    createdBlock: event.block.number,
    createdTimestamp: event.block.timestamp,
    createdTx: event.transaction.hash,
  });
});

ponder.on("MandateGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({
    status: "queued",
    etaSeconds: event.args.etaSeconds,
    queuedTimestamp: event.block.timestamp,
  });
});

ponder.on("MandateGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({
    status: "executed",
    executedTimestamp: event.block.timestamp,
    executedTx: event.transaction.hash,
  });
});

ponder.on("MandateGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({
    status: "canceled",
    canceledTimestamp: event.block.timestamp,
  });
});

type Db = Context["db"];

async function recordVote(
  event: Event<"MandateGovernor:VoteCast"> | Event<"MandateGovernor:VoteCastWithParams">,
  db: Db,
  params: Hex | null,
) {
  const { voter, proposalId, support, weight, reason } = event.args;
  const ai = await db.find(aiDelegateInstance, { instance: voter });
  const parsed = parseAiReason(reason);
  await db.insert(vote).values({
    proposalId,
    voter,
    support,
    weight,
    reducedWeight: 0n,
    reason,
    params,
    aiDelegateId: ai?.delegateId ?? null,
    summaryHash: parsed?.summaryHash ?? null,
    mandateHash: parsed?.mandateHash ?? null,
    mandateVersion: parsed?.mandateVersion ?? null,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  const add = tally(support, weight);
  await db.update(proposal, { id: proposalId }).set((row) => ({
    ...add(row),
    voteCount: row.voteCount + 1,
  }));
}

ponder.on("MandateGovernor:VoteCast", async ({ event, context }) => {
  await recordVote(event, context.db, null);
});

ponder.on("MandateGovernor:VoteCastWithParams", async ({ event, context }) => {
  await recordVote(event, context.db, event.args.params);
});

ponder.on("MandateGovernor:OverrideVoteCast", async ({ event, context }) => {
  const { voter, proposalId, support, weight, reason } = event.args;
  const account = await context.db.find(tokenAccount, { address: voter });
  await context.db.insert(override).values({
    proposalId,
    voter,
    support,
    weight,
    reason,
    delegate: account?.delegate ?? null,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  const add = tally(support, weight);
  await context.db.update(proposal, { id: proposalId }).set((row) => ({
    ...add(row),
    overrideCount: row.overrideCount + 1,
  }));
});

ponder.on("MandateGovernor:VoteReduced", async ({ event, context }) => {
  const { delegate, proposalId, support, weight } = event.args;
  await context.db.insert(voteReduction).values({
    id: eventId(event),
    proposalId,
    delegate,
    support,
    weight,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .update(vote, { proposalId, voter: delegate })
    .set((row) => ({ reducedWeight: row.reducedWeight + weight }));
  const subtract = tally(support, -weight);
  await context.db.update(proposal, { id: proposalId }).set((row) => subtract(row));
});

// ------------------------------------------------------------------ token

async function touchAccount(
  db: Db,
  address: Hex,
  timestamp: bigint,
  change: (row: { balance: bigint; delegate: Hex | null; votes: bigint }) => {
    balance?: bigint;
    delegate?: Hex | null;
    votes?: bigint;
  },
) {
  const initial = change({ balance: 0n, delegate: null, votes: 0n });
  await db
    .insert(tokenAccount)
    .values({
      address,
      balance: initial.balance ?? 0n,
      delegate: initial.delegate ?? null,
      votes: initial.votes ?? 0n,
      updatedTimestamp: timestamp,
    })
    .onConflictDoUpdate((row) => ({ ...change(row), updatedTimestamp: timestamp }));
}

ponder.on("GovernanceToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const ts = event.block.timestamp;
  if (from !== zeroAddress) {
    await touchAccount(context.db, from, ts, (r) => ({ balance: r.balance - value }));
  }
  if (to !== zeroAddress) {
    await touchAccount(context.db, to, ts, (r) => ({ balance: r.balance + value }));
  }
});

ponder.on("GovernanceToken:DelegateChanged", async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  await context.db.insert(delegation).values({
    id: eventId(event),
    delegator,
    fromDelegate,
    toDelegate,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await touchAccount(context.db, delegator, event.block.timestamp, () => ({
    delegate: toDelegate === zeroAddress ? null : toDelegate,
  }));
});

ponder.on("GovernanceToken:DelegateVotesChanged", async ({ event, context }) => {
  const { delegate, previousVotes, newVotes } = event.args;
  await context.db.insert(delegateVotesChange).values({
    id: eventId(event),
    delegate,
    previousVotes,
    newVotes,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await touchAccount(context.db, delegate, event.block.timestamp, () => ({ votes: newVotes }));
});

// ------------------------------------------------------------------ AI delegate registry

ponder.on("AIDelegateRegistry:DelegateRegistered", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(aiDelegate).values({
    id: a.delegateId,
    instance: a.instance,
    owner: a.owner,
    operator: a.operator,
    name: a.name,
    metadataURI: a.metadataURI,
    model: a.model,
    mandateVersion: 0n,
    voteCount: 0,
    pendingCount: 0,
    registeredBlock: event.block.number,
    registeredTimestamp: event.block.timestamp,
    registeredTx: event.transaction.hash,
  });
  await context.db
    .insert(aiDelegateInstance)
    .values({ instance: a.instance, delegateId: a.delegateId });
});

ponder.on("AIDelegateRegistry:OperatorChanged", async ({ event, context }) => {
  const { delegateId, previousOperator, newOperator } = event.args;
  await context.db.update(aiDelegate, { id: delegateId }).set({ operator: newOperator });
  await context.db.insert(aiDelegateChange).values({
    id: eventId(event),
    delegateId,
    kind: "operator",
    previousOperator,
    newOperator,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("AIDelegateRegistry:ProfileUpdated", async ({ event, context }) => {
  const { delegateId, name, metadataURI, model } = event.args;
  await context.db.update(aiDelegate, { id: delegateId }).set({ name, metadataURI, model });
  await context.db.insert(aiDelegateChange).values({
    id: eventId(event),
    delegateId,
    kind: "profile",
    name,
    metadataURI,
    model,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("AIDelegateRegistry:MandatePublished", async ({ event, context }) => {
  const { delegateId, version, mandateHash, mandateURI } = event.args;
  await context.db.insert(mandate).values({
    delegateId,
    version,
    mandateHash,
    mandateURI,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .update(aiDelegate, { id: delegateId })
    .set((row) =>
      version > row.mandateVersion ? { mandateVersion: version, mandateHash, mandateURI } : {},
    );
});

ponder.on("AIDelegateRegistry:DelegateVoteRecorded", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(aiDecision).values({
    id: eventId(event),
    delegateId: a.delegateId,
    proposalId: a.proposalId,
    kind: "vote",
    instance: a.instance,
    operator: a.operator,
    support: a.support,
    reasonCode: null,
    weight: a.weight,
    summaryHash: a.summaryHash,
    mandateVersion: a.mandateVersion,
    mandateHash: a.mandateHash,
    text: a.rationale,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .update(aiDelegate, { id: a.delegateId })
    .set((row) => ({ voteCount: row.voteCount + 1 }));
  await context.db
    .update(proposal, { id: a.proposalId })
    .set((row) => ({ aiVoteCount: row.aiVoteCount + 1 }));
});

ponder.on("AIDelegateRegistry:PendingDecisionRecorded", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(aiDecision).values({
    id: eventId(event),
    delegateId: a.delegateId,
    proposalId: a.proposalId,
    kind: "pending",
    instance: a.instance,
    operator: a.operator,
    support: null,
    reasonCode: a.reasonCode,
    weight: null,
    summaryHash: a.summaryHash,
    mandateVersion: a.mandateVersion,
    mandateHash: a.mandateHash,
    text: a.note,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .update(aiDelegate, { id: a.delegateId })
    .set((row) => ({ pendingCount: row.pendingCount + 1 }));
  await context.db
    .update(proposal, { id: a.proposalId })
    .set((row) => ({ aiPendingCount: row.aiPendingCount + 1 }));
});
