/**
 * GovernorResolver (proposal markets) and OptimisticResolver (bonded answers and disputes).
 */
import { ponder } from "ponder:registry";
import { bondEvent, market, optimisticResolution, proposal, proposalMarket } from "ponder:schema";
import { eventId } from "./lib/decode.ts";

ponder.on("GovernorResolver:ProposalMarketOpened", async ({ event, context }) => {
  const { proposalId, marketId, funder, liquidity, funding, closeTime } = event.args;
  await context.db.insert(proposalMarket).values({
    proposalId,
    marketId,
    funder,
    liquidity,
    funding,
    closeTime,
    openedBlock: event.block.number,
    openedTimestamp: event.block.timestamp,
    openedTx: event.transaction.hash,
  });
  // MarketCreated comes earlier in the same transaction (the resolver creates the market).
  await context.db.update(market, { id: marketId }).set({ kind: "proposal", proposalId });
  if ((await context.db.find(proposal, { id: proposalId })) !== null) {
    await context.db.update(proposal, { id: proposalId }).set({ marketId });
  }
});

ponder.on("GovernorResolver:ProposalMarketResolved", async ({ event, context }) => {
  const { proposalId, state, outcome } = event.args;
  await context.db.update(proposalMarket, { proposalId }).set({
    resolvedState: state,
    resolvedOutcome: Number(outcome),
    resolvedTimestamp: event.block.timestamp,
  });
});

ponder.on("GovernorResolver:SurplusForwarded", async ({ event, context }) => {
  const { proposalId, amount } = event.args;
  await context.db
    .update(proposalMarket, { proposalId })
    .set((row) => ({ surplusForwarded: (row.surplusForwarded ?? 0n) + amount }));
});

ponder.on("OptimisticResolver:OutcomeProposed", async ({ event, context }) => {
  const { marketId, proposer, outcome, bond, challengeEndsAt } = event.args;
  await context.db.insert(optimisticResolution).values({
    marketId,
    status: "proposed",
    proposer,
    proposedOutcome: outcome,
    bond,
    challengeEndsAt,
    proposedTimestamp: event.block.timestamp,
  });
});

ponder.on("OptimisticResolver:OutcomeDisputed", async ({ event, context }) => {
  const { marketId, disputer, bond } = event.args;
  await context.db.update(optimisticResolution, { marketId }).set({
    status: "disputed",
    disputer,
    disputeBond: bond,
    disputedTimestamp: event.block.timestamp,
  });
});

ponder.on("OptimisticResolver:ProposalFinalized", async ({ event, context }) => {
  const { marketId, proposer, outcome, bond } = event.args;
  await context.db.update(optimisticResolution, { marketId }).set({
    status: "finalized",
    outcome,
    winner: proposer,
    payout: bond,
    resolvedTimestamp: event.block.timestamp,
  });
});

ponder.on("OptimisticResolver:DisputeSettled", async ({ event, context }) => {
  const { marketId, outcome, winner, payout } = event.args;
  await context.db.update(optimisticResolution, { marketId }).set({
    status: "settled",
    outcome,
    winner,
    payout,
    resolvedTimestamp: event.block.timestamp,
  });
});

for (const kind of ["BondCredited", "BondClaimed"] as const) {
  ponder.on(`OptimisticResolver:${kind}`, async ({ event, context }) => {
    await context.db.insert(bondEvent).values({
      id: eventId(event),
      kind: kind === "BondCredited" ? "credited" : "claimed",
      account: event.args.account,
      amount: event.args.amount,
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
      txHash: event.transaction.hash,
    });
  });
}
