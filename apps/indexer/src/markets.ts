/**
 * LMSRMarket (markets, trades, prices, positions, redemptions, surplus, collateral credit) and
 * CommitteeResolver.
 */
import { ponder } from "ponder:registry";
import {
  committeeEvent,
  creditBalance,
  creditTransfer,
  market,
  position,
  pricePoint,
  redemption,
  surplusWithdrawal,
  trade,
} from "ponder:schema";
import { zeroAddress } from "viem";
import {
  decodeMarketMetadata,
  decodeTokenId,
  eventId,
  marketPrices,
  withAt,
} from "./lib/decode.ts";

const MAX_UINT256 = 2n ** 256n - 1n;

ponder.on("LMSRMarket:MarketCreated", async ({ event, context }) => {
  const a = event.args;
  const outcomeCount = Number(a.outcomeCount);
  const meta = decodeMarketMetadata(a.metadataURI, a.metadataHash, outcomeCount);
  // A new market writes no per-outcome storage: every supply starts at zero.
  const supplies = Array.from({ length: outcomeCount }, () => 0n);
  const prices = marketPrices(a.logSum, supplies, a.liquidity);
  await context.db.insert(market).values({
    id: a.marketId,
    creator: a.creator,
    collateral: a.collateral,
    resolver: a.resolver,
    kind: "general",
    outcomeCount,
    liquidity: a.liquidity,
    closeTime: a.closeTime,
    feeBps: Number(a.feeBps),
    funding: a.funding,
    metadataHash: a.metadataHash,
    metadataURI: a.metadataURI,
    metadataVerified: meta.verified,
    question: meta.question,
    description: meta.description,
    outcomes: meta.outcomes,
    tags: meta.tags,
    metadata: meta.document,
    logSum: a.logSum,
    supplies,
    prices,
    pool: a.funding,
    status: "open",
    tradeCount: 0,
    buyCount: 0,
    sellCount: 0,
    volume: 0n,
    fees: 0n,
    redeemedShares: 0n,
    redeemedPayout: 0n,
    surplusWithdrawn: 0n,
    createdBlock: event.block.number,
    createdTimestamp: event.block.timestamp,
    createdTx: event.transaction.hash,
  });
  await context.db.insert(pricePoint).values(
    prices.map((price, outcome) => ({
      marketId: a.marketId,
      outcome,
      blockNumber: event.block.number,
      logIndex: event.log.logIndex,
      timestamp: event.block.timestamp,
      price,
      tradeId: null,
    })),
  );
});

ponder.on("LMSRMarket:Trade", async ({ event, context }) => {
  const a = event.args;
  const m = await context.db.find(market, { id: a.marketId });
  if (m === null) throw new Error(`Trade on unknown market ${a.marketId}`);
  const outcome = Number(a.outcome);
  // The event carries the traded outcome's new supply and the new log-sum; the other supplies
  // are unchanged, so every price follows without a contract call.
  const supplies = withAt(m.supplies, outcome, a.supplyAfter);
  const prices = marketPrices(a.logSumAfter, supplies, m.liquidity);
  const id = eventId(event);
  await context.db.update(market, { id: a.marketId }).set({
    logSum: a.logSumAfter,
    supplies,
    prices,
    pool: a.isBuy ? m.pool + a.collateral : m.pool - a.collateral,
    tradeCount: m.tradeCount + 1,
    buyCount: m.buyCount + (a.isBuy ? 1 : 0),
    sellCount: m.sellCount + (a.isBuy ? 0 : 1),
    volume: m.volume + a.collateral,
    fees: m.fees + a.fee,
    lastTradeTimestamp: event.block.timestamp,
  });
  await context.db.insert(trade).values({
    id,
    marketId: a.marketId,
    trader: a.trader,
    outcome,
    isBuy: a.isBuy,
    shares: a.shares,
    collateral: a.collateral,
    fee: a.fee,
    supplyAfter: a.supplyAfter,
    logSumAfter: a.logSumAfter,
    priceAfter: prices[outcome] ?? 0n,
    pricesAfter: prices,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db.insert(pricePoint).values(
    prices.map((price, o) => ({
      marketId: a.marketId,
      outcome: o,
      blockNumber: event.block.number,
      logIndex: event.log.logIndex,
      timestamp: event.block.timestamp,
      price,
      tradeId: id,
    })),
  );
  const bought = a.isBuy ? a.shares : 0n;
  const sold = a.isBuy ? 0n : a.shares;
  const cost = a.isBuy ? a.collateral : 0n;
  const proceeds = a.isBuy ? 0n : a.collateral;
  await context.db
    .insert(position)
    .values({
      account: a.trader,
      marketId: a.marketId,
      outcome,
      balance: 0n,
      bought,
      sold,
      cost,
      proceeds,
      redeemed: 0n,
      payout: 0n,
      trades: 1,
      updatedTimestamp: event.block.timestamp,
    })
    .onConflictDoUpdate((row) => ({
      bought: row.bought + bought,
      sold: row.sold + sold,
      cost: row.cost + cost,
      proceeds: row.proceeds + proceeds,
      trades: row.trades + 1,
      updatedTimestamp: event.block.timestamp,
    }));
});

/** ERC-6909 Transfer: mints (buys), burns (sells), transfers and redemption escrow. */
ponder.on("LMSRMarket:Transfer", async ({ event, context }) => {
  const { sender, receiver, id, amount } = event.args;
  const { marketId, outcome } = decodeTokenId(id);
  const move = async (account: `0x${string}`, delta: bigint) => {
    await context.db
      .insert(position)
      .values({
        account,
        marketId,
        outcome,
        balance: delta,
        bought: 0n,
        sold: 0n,
        cost: 0n,
        proceeds: 0n,
        redeemed: 0n,
        payout: 0n,
        trades: 0,
        updatedTimestamp: event.block.timestamp,
      })
      .onConflictDoUpdate((row) => ({
        balance: row.balance + delta,
        updatedTimestamp: event.block.timestamp,
      }));
  };
  if (sender !== zeroAddress) await move(sender, -amount);
  if (receiver !== zeroAddress) await move(receiver, amount);
});

ponder.on("LMSRMarket:MarketResolved", async ({ event, context }) => {
  const { marketId, outcome, invalid } = event.args;
  await context.db.update(market, { id: marketId }).set({
    status: invalid ? "invalid" : "resolved",
    resolvedOutcome: invalid ? null : Number(outcome),
    resolvedBlock: event.block.number,
    resolvedTimestamp: event.block.timestamp,
    resolvedTx: event.transaction.hash,
  });
});

ponder.on("LMSRMarket:Redeemed", async ({ event, context }) => {
  const { marketId, holder, outcome, shares, payout } = event.args;
  await context.db.insert(redemption).values({
    id: eventId(event),
    marketId,
    holder,
    outcome: Number(outcome),
    shares,
    payout,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db.update(market, { id: marketId }).set((row) => ({
    pool: row.pool - payout,
    redeemedShares: row.redeemedShares + shares,
    redeemedPayout: row.redeemedPayout + payout,
  }));
  await context.db
    .update(position, { account: holder, marketId, outcome: Number(outcome) })
    .set((row) => ({
      redeemed: row.redeemed + shares,
      payout: row.payout + payout,
      updatedTimestamp: event.block.timestamp,
    }));
});

ponder.on("LMSRMarket:SurplusWithdrawn", async ({ event, context }) => {
  const { marketId, creator, amount } = event.args;
  await context.db.insert(surplusWithdrawal).values({
    id: eventId(event),
    marketId,
    creator,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db.update(market, { id: marketId }).set((row) => ({
    pool: row.pool - amount,
    surplusWithdrawn: row.surplusWithdrawn + amount,
  }));
});

// Collateral credit. In a deposit, Deposited comes before CreditChanged; in a withdrawal,
// CreditChanged comes before Withdrawn; buyFromCredit and sellToCredit emit Trade and
// CreditChanged. CreditChanged carries the absolute balance: the balance column is only ever set
// from it, and each transfer row's balanceAfter follows the contract's own arithmetic.

ponder.on("LMSRMarket:CreditChanged", async ({ event, context }) => {
  const { collateral, account, balance } = event.args;
  await context.db
    .insert(creditBalance)
    .values({
      account,
      collateral,
      balance,
      deposited: 0n,
      withdrawn: 0n,
      updatedBlock: event.block.number,
      updatedTimestamp: event.block.timestamp,
    })
    .onConflictDoUpdate({
      balance,
      updatedBlock: event.block.number,
      updatedTimestamp: event.block.timestamp,
    });
});

ponder.on("LMSRMarket:Deposited", async ({ event, context }) => {
  const { collateral, from, to, amount } = event.args;
  // Before its CreditChanged: the contract sets the balance to the stored one plus `amount`.
  const row = await context.db.find(creditBalance, { account: to, collateral });
  const balanceAfter = (row?.balance ?? 0n) + amount;
  await context.db.insert(creditTransfer).values({
    id: eventId(event),
    kind: "deposit",
    collateral,
    account: to,
    counterparty: from,
    amount,
    balanceAfter,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .insert(creditBalance)
    .values({
      account: to,
      collateral,
      balance: balanceAfter,
      deposited: amount,
      withdrawn: 0n,
      updatedBlock: event.block.number,
      updatedTimestamp: event.block.timestamp,
    })
    .onConflictDoUpdate((r) => ({ deposited: r.deposited + amount }));
});

ponder.on("LMSRMarket:Withdrawn", async ({ event, context }) => {
  const { collateral, account, to, amount } = event.args;
  // After its CreditChanged: the stored balance is already the one after the withdrawal.
  const row = await context.db.find(creditBalance, { account, collateral });
  await context.db.insert(creditTransfer).values({
    id: eventId(event),
    kind: "withdrawal",
    collateral,
    account,
    counterparty: to,
    amount,
    balanceAfter: row?.balance ?? 0n,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .insert(creditBalance)
    .values({
      account,
      collateral,
      balance: 0n,
      deposited: 0n,
      withdrawn: amount,
      updatedBlock: event.block.number,
      updatedTimestamp: event.block.timestamp,
    })
    .onConflictDoUpdate((r) => ({ withdrawn: r.withdrawn + amount }));
});

ponder.on("CommitteeResolver:Voted", async ({ event, context }) => {
  const { marketId, member, outcome, votes, threshold } = event.args;
  await context.db.insert(committeeEvent).values({
    id: eventId(event),
    kind: "vote",
    marketId,
    member,
    outcome,
    invalid: outcome === MAX_UINT256,
    votes,
    threshold,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("CommitteeResolver:CommitteeResolved", async ({ event, context }) => {
  const { marketId, outcome, invalid, votes, threshold } = event.args;
  await context.db.insert(committeeEvent).values({
    id: eventId(event),
    kind: "resolved",
    marketId,
    member: null,
    outcome,
    invalid,
    votes,
    threshold,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});
