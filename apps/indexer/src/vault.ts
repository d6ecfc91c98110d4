/**
 * TradingVault (balances, policies, market lists, trades and redemptions for users) and the
 * per-agent track record: an agent is a vault operator acting for a user other than itself.
 */
import { type Context, ponder } from "ponder:registry";
import {
  agent,
  agentMarket,
  market,
  vaultBalance,
  vaultMarket,
  vaultPolicy,
  vaultPolicyEvent,
  vaultPosition,
  vaultRedemption,
  vaultTrade,
  vaultTransfer,
} from "ponder:schema";
import type { Hex } from "viem";
import { addAt, eventId } from "./lib/decode.ts";

type Db = Context["db"];

for (const kind of ["Deposited", "Withdrawn"] as const) {
  ponder.on(`TradingVault:${kind}`, async ({ event, context }) => {
    const { user, token, amount, balanceAfter } = event.args;
    const deposited = kind === "Deposited" ? amount : 0n;
    const withdrawn = kind === "Withdrawn" ? amount : 0n;
    await context.db.insert(vaultTransfer).values({
      id: eventId(event),
      kind: kind === "Deposited" ? "deposit" : "withdrawal",
      user,
      token,
      amount,
      balanceAfter,
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
      txHash: event.transaction.hash,
    });
    await context.db
      .insert(vaultBalance)
      .values({
        user,
        token,
        balance: balanceAfter,
        deposited,
        withdrawn,
        updatedTimestamp: event.block.timestamp,
      })
      .onConflictDoUpdate((row) => ({
        balance: balanceAfter,
        deposited: row.deposited + deposited,
        withdrawn: row.withdrawn + withdrawn,
        updatedTimestamp: event.block.timestamp,
      }));
  });
}

ponder.on("TradingVault:PolicySet", async ({ event, context }) => {
  const a = event.args;
  const policy = {
    agent: a.agent,
    collateral: a.collateral,
    expiry: a.expiry,
    maxPerTrade: a.maxPerTrade,
    maxPerDay: a.maxPerDay,
    maxExposurePerMarket: a.maxExposurePerMarket,
    allMarkets: a.allMarkets,
    epoch: a.epoch,
    revoked: false,
    updatedTimestamp: event.block.timestamp,
  };
  await context.db
    .insert(vaultPolicy)
    .values({ user: a.user, ...policy })
    .onConflictDoUpdate(policy);
  await context.db.insert(vaultPolicyEvent).values({
    id: eventId(event),
    kind: "policy",
    user: a.user,
    agent: a.agent,
    epoch: a.epoch,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("TradingVault:AgentRevoked", async ({ event, context }) => {
  const { user, agent: revoked } = event.args;
  if ((await context.db.find(vaultPolicy, { user })) !== null) {
    await context.db
      .update(vaultPolicy, { user })
      .set({ revoked: true, updatedTimestamp: event.block.timestamp });
  }
  await context.db.insert(vaultPolicyEvent).values({
    id: eventId(event),
    kind: "revoked",
    user,
    agent: revoked,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("TradingVault:MarketAllowanceSet", async ({ event, context }) => {
  const { user, marketId, allowed } = event.args;
  const policy = await context.db.find(vaultPolicy, { user });
  const epoch = policy?.epoch ?? null;
  await context.db
    .insert(vaultMarket)
    .values({
      user,
      marketId,
      allowed,
      allowedEpoch: epoch,
      marketExposure: 0n,
      windowSpent: 0n,
      updatedTimestamp: event.block.timestamp,
    })
    .onConflictDoUpdate({ allowed, allowedEpoch: epoch, updatedTimestamp: event.block.timestamp });
  await context.db.insert(vaultPolicyEvent).values({
    id: eventId(event),
    kind: "market",
    user,
    marketId,
    allowed,
    epoch,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

/** The limits' state after a vault call, per (user, market). */
async function setLimits(
  db: Db,
  user: Hex,
  marketId: bigint,
  windowSpent: bigint,
  marketExposure: bigint,
  timestamp: bigint,
) {
  await db
    .insert(vaultMarket)
    .values({
      user,
      marketId,
      allowed: false,
      allowedEpoch: null,
      marketExposure,
      windowSpent,
      updatedTimestamp: timestamp,
    })
    .onConflictDoUpdate({ marketExposure, windowSpent, updatedTimestamp: timestamp });
}

/** Moves a user's vault balance of the market's collateral (trades and payouts are not events). */
async function moveBalance(db: Db, user: Hex, token: Hex, delta: bigint, timestamp: bigint) {
  await db
    .insert(vaultBalance)
    .values({
      user,
      token,
      balance: delta,
      deposited: 0n,
      withdrawn: 0n,
      updatedTimestamp: timestamp,
    })
    .onConflictDoUpdate((row) => ({ balance: row.balance + delta, updatedTimestamp: timestamp }));
}

ponder.on("TradingVault:Traded", async ({ event, context }) => {
  const a = event.args;
  const outcome = Number(a.outcome);
  const ts = event.block.timestamp;
  // The market's Trade event precedes this one in the transaction: its row holds the new prices.
  const m = await context.db.find(market, { id: a.marketId });
  if (m === null) throw new Error(`Vault trade on unknown market ${a.marketId}`);
  const byAgent = a.operator.toLowerCase() !== a.user.toLowerCase();
  await context.db.insert(vaultTrade).values({
    id: eventId(event),
    user: a.user,
    operator: a.operator,
    byAgent,
    marketId: a.marketId,
    outcome,
    isBuy: a.isBuy,
    shares: a.shares,
    collateral: a.collateral,
    windowSpent: a.windowSpent,
    marketExposure: a.marketExposure,
    pricesAfter: m.prices,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: ts,
    txHash: event.transaction.hash,
  });
  const bought = a.isBuy ? a.shares : 0n;
  const sold = a.isBuy ? 0n : a.shares;
  const spent = a.isBuy ? a.collateral : 0n;
  const received = a.isBuy ? 0n : a.collateral;
  await context.db
    .insert(vaultPosition)
    .values({
      user: a.user,
      marketId: a.marketId,
      outcome,
      shares: bought - sold,
      bought,
      sold,
      spent,
      received,
      redeemed: 0n,
      payout: 0n,
      updatedTimestamp: ts,
    })
    .onConflictDoUpdate((row) => ({
      shares: row.shares + bought - sold,
      bought: row.bought + bought,
      sold: row.sold + sold,
      spent: row.spent + spent,
      received: row.received + received,
      updatedTimestamp: ts,
    }));
  await setLimits(context.db, a.user, a.marketId, a.windowSpent, a.marketExposure, ts);
  await moveBalance(context.db, a.user, m.collateral, received - spent, ts);
  if (!byAgent) return;

  const existing = await context.db.find(agentMarket, { agent: a.operator, marketId: a.marketId });
  const zeros = Array.from({ length: m.outcomeCount }, () => 0n);
  await context.db
    .insert(agentMarket)
    .values({
      agent: a.operator,
      marketId: a.marketId,
      trades: 1,
      buys: a.isBuy ? 1 : 0,
      sells: a.isBuy ? 0 : 1,
      spent,
      received,
      payout: 0n,
      shares: addAt(zeros, outcome, bought - sold),
      forecast: m.prices,
      forecastTimestamp: ts,
      firstTradeTimestamp: ts,
    })
    .onConflictDoUpdate((row) => ({
      trades: row.trades + 1,
      buys: row.buys + (a.isBuy ? 1 : 0),
      sells: row.sells + (a.isBuy ? 0 : 1),
      spent: row.spent + spent,
      received: row.received + received,
      shares: addAt(row.shares, outcome, bought - sold),
      forecast: m.prices,
      forecastTimestamp: ts,
    }));
  const newMarket = existing === null ? 1 : 0;
  await context.db
    .insert(agent)
    .values({
      address: a.operator,
      trades: 1,
      buys: a.isBuy ? 1 : 0,
      sells: a.isBuy ? 0 : 1,
      spent,
      received,
      redemptions: 0,
      payout: 0n,
      markets: 1,
      firstTradeTimestamp: ts,
      lastTradeTimestamp: ts,
    })
    .onConflictDoUpdate((row) => ({
      trades: row.trades + 1,
      buys: row.buys + (a.isBuy ? 1 : 0),
      sells: row.sells + (a.isBuy ? 0 : 1),
      spent: row.spent + spent,
      received: row.received + received,
      markets: row.markets + newMarket,
      lastTradeTimestamp: ts,
    }));
});

ponder.on("TradingVault:Redeemed", async ({ event, context }) => {
  const a = event.args;
  const outcome = Number(a.outcome);
  const ts = event.block.timestamp;
  const m = await context.db.find(market, { id: a.marketId });
  if (m === null) throw new Error(`Vault redemption on unknown market ${a.marketId}`);
  const byAgent = a.operator.toLowerCase() !== a.user.toLowerCase();
  await context.db.insert(vaultRedemption).values({
    id: eventId(event),
    user: a.user,
    operator: a.operator,
    byAgent,
    marketId: a.marketId,
    outcome,
    shares: a.shares,
    payout: a.payout,
    windowSpent: a.windowSpent,
    marketExposure: a.marketExposure,
    blockNumber: event.block.number,
    timestamp: ts,
    txHash: event.transaction.hash,
  });
  await context.db
    .insert(vaultPosition)
    .values({
      user: a.user,
      marketId: a.marketId,
      outcome,
      shares: -a.shares,
      bought: 0n,
      sold: 0n,
      spent: 0n,
      received: 0n,
      redeemed: a.shares,
      payout: a.payout,
      updatedTimestamp: ts,
    })
    .onConflictDoUpdate((row) => ({
      shares: row.shares - a.shares,
      redeemed: row.redeemed + a.shares,
      payout: row.payout + a.payout,
      updatedTimestamp: ts,
    }));
  await setLimits(context.db, a.user, a.marketId, a.windowSpent, a.marketExposure, ts);
  await moveBalance(context.db, a.user, m.collateral, a.payout, ts);
  if (!byAgent) return;
  if ((await context.db.find(agentMarket, { agent: a.operator, marketId: a.marketId })) !== null) {
    await context.db
      .update(agentMarket, { agent: a.operator, marketId: a.marketId })
      .set((row) => ({
        payout: row.payout + a.payout,
        shares: addAt(row.shares, outcome, -a.shares),
      }));
  }
  if ((await context.db.find(agent, { address: a.operator })) !== null) {
    await context.db.update(agent, { address: a.operator }).set((row) => ({
      redemptions: row.redemptions + 1,
      payout: row.payout + a.payout,
    }));
  }
});
