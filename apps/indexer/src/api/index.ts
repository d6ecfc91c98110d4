/**
 * The indexer's HTTP API (Hono, served by Ponder on its port, default 42069):
 *
 * - `/graphql`  Ponder's GraphQL over every table (GET: GraphiQL).
 * - `/sql/*`    Ponder's SQL over HTTP (read-only queries, for `@ponder/client`).
 * - REST for the web app and the agents, listed by `GET /api` — bigints as decimal strings,
 *   invalid parameters → 400 `{ "error": "<parameter> must be …" }`, unknown ids → 404.
 * - Ponder's own `/health`, `/ready`, `/status`, `/metrics`.
 */

import { db, publicClients } from "ponder:api";
import schema, {
  agent,
  agentMarket,
  aiDecision,
  aiDelegate,
  aiDelegateChange,
  creditBalance,
  creditTransfer,
  mandate,
  market,
  override,
  position,
  pricePoint,
  proposal,
  proposalMarket,
  trade,
  vaultBalance,
  vaultMarket,
  vaultPolicy,
  vaultPosition,
  vaultTrade,
  vote,
  voteReduction,
} from "ponder:schema";
import { deployments, mandateGovernorAbi } from "@mandate/abis";
import type { Context } from "hono";
import { Hono } from "hono";
import {
  and,
  asc,
  client,
  count,
  desc,
  eq,
  graphql,
  gt,
  gte,
  inArray,
  lte,
  ne,
  replaceBigInts,
} from "ponder";
import type { PublicClient } from "viem";
import { loadDeployment } from "../lib/deployment.ts";
import {
  BadRequest,
  brierScore,
  parseAddress,
  parseEnum,
  parseInteger,
  parsePage,
  parseUint,
} from "../lib/params.ts";

type SQL = NonNullable<ReturnType<typeof and>>;

const deployment = loadDeployment(process.env, deployments.localhost);
const chain = (publicClients as Record<number, PublicClient | undefined>)[deployment.chainId];

const PROPOSAL_STATES = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
] as const;
type ProposalState = (typeof PROPOSAL_STATES)[number];

/** The chain's latest block time (markets close by block time, not wall time); cached 1 s. */
let clock: { at: number; timestamp: bigint } | undefined;
async function chainTime(): Promise<bigint> {
  if (clock !== undefined && Date.now() - clock.at < 1_000) return clock.timestamp;
  try {
    if (chain === undefined) throw new Error("no client");
    const block = await chain.getBlock({ blockTag: "latest" });
    clock = { at: Date.now(), timestamp: block.timestamp };
  } catch {
    clock = { at: Date.now(), timestamp: BigInt(Math.floor(Date.now() / 1000)) };
  }
  return clock.timestamp;
}

/** The governor's `state(proposalId)` now, or null when the chain cannot be read. */
async function liveProposalState(id: bigint): Promise<ProposalState | null> {
  if (chain === undefined) return null;
  try {
    const state = await chain.readContract({
      address: deployment.contracts.MandateGovernor.address,
      abi: mandateGovernorAbi,
      functionName: "state",
      args: [id],
    });
    return PROPOSAL_STATES[state] ?? null;
  } catch {
    return null;
  }
}

const json = (c: Context, body: unknown, status: 200 | 404 = 200) =>
  c.json(replaceBigInts(body, (v) => v.toString()) as object, status);
const notFound = (c: Context, what: string) => c.json({ error: `${what} not found` }, 404);

type MarketRow = typeof market.$inferSelect;

/** A market as the API shows it: the stored row plus its state at the chain's current time. */
function presentMarket(m: MarketRow, now: bigint) {
  const state =
    m.status === "open"
      ? now >= m.closeTime
        ? "closed"
        : "open"
      : (m.status as "resolved" | "invalid");
  return { ...m, state };
}

const app = new Hono();

app.onError((error, c) => {
  if (error instanceof BadRequest) return c.json({ error: error.message }, 400);
  console.error(error);
  return c.json({ error: "internal error" }, 500);
});

app.use("/graphql", graphql({ db, schema }));
app.use("/sql/*", client({ db, schema }));

app.get("/api", (c) =>
  c.json({
    graphql: "/graphql",
    sql: "/sql/*",
    rest: [
      "GET /markets?state=open|closed|resolved|invalid&kind=general|proposal&limit&offset",
      "GET /markets/:id",
      "GET /markets/:id/prices?outcome&from&to&limit&offset",
      "GET /markets/:id/trades?trader&limit&offset",
      "GET /accounts/:address/positions?marketId",
      "GET /accounts/:address/credit?collateral&limit&offset",
      "GET /proposals?status=created|queued|executed|canceled&limit&offset",
      "GET /proposals/:id",
      "GET /delegates",
      "GET /delegates/:id",
      "GET /delegates/:id/decisions?proposalId&kind=vote|pending&limit&offset",
      "GET /agents",
      "GET /agents/:address",
      "GET /vaults/:user",
    ],
  }),
);

// ------------------------------------------------------------------ markets

app.get("/markets", async (c) => {
  const state = parseEnum("state", c.req.query("state"), ["open", "closed", "resolved", "invalid"]);
  const kind = parseEnum("kind", c.req.query("kind"), ["general", "proposal"]);
  const { limit, offset } = parsePage((k) => c.req.query(k));
  const now = await chainTime();
  const where: SQL[] = [];
  if (kind !== undefined) where.push(eq(market.kind, kind));
  if (state === "open") where.push(eq(market.status, "open"), gt(market.closeTime, now));
  if (state === "closed") where.push(eq(market.status, "open"), lte(market.closeTime, now));
  if (state === "resolved" || state === "invalid") where.push(eq(market.status, state));
  const rows = await db
    .select()
    .from(market)
    .where(and(...where))
    .orderBy(asc(market.id))
    .limit(limit)
    .offset(offset);
  return json(c, {
    markets: rows.map((m) => presentMarket(m, now)),
    limit,
    offset,
    chainTime: now,
  });
});

app.get("/markets/:id", async (c) => {
  const id = parseUint("id", c.req.param("id"));
  const [m] = await db.select().from(market).where(eq(market.id, id));
  if (m === undefined) return notFound(c, `market ${id}`);
  const [proposalLink] = await db
    .select()
    .from(proposalMarket)
    .where(eq(proposalMarket.marketId, id));
  const [holders] = await db
    .select({ n: count() })
    .from(position)
    .where(and(eq(position.marketId, id), gt(position.balance, 0n)));
  return json(c, {
    market: presentMarket(m, await chainTime()),
    proposalMarket: proposalLink ?? null,
    holders: holders?.n ?? 0,
  });
});

app.get("/markets/:id/prices", async (c) => {
  const id = parseUint("id", c.req.param("id"));
  const outcome = c.req.query("outcome");
  const from = parseUint("from", c.req.query("from"), true);
  const to = parseUint("to", c.req.query("to"), true);
  const { limit, offset } = parsePage((k) => c.req.query(k), 1000);
  if (from !== undefined && to !== undefined && from > to) {
    throw new BadRequest(`from (${from}) must not be after to (${to})`);
  }
  const [m] = await db.select().from(market).where(eq(market.id, id));
  if (m === undefined) return notFound(c, `market ${id}`);
  const where: SQL[] = [eq(pricePoint.marketId, id)];
  if (outcome !== undefined) {
    const o = parseInteger("outcome", outcome, { min: 0, max: m.outcomeCount - 1, fallback: 0 });
    where.push(eq(pricePoint.outcome, o));
  }
  if (from !== undefined) where.push(gte(pricePoint.timestamp, from));
  if (to !== undefined) where.push(lte(pricePoint.timestamp, to));
  const points = await db
    .select()
    .from(pricePoint)
    .where(and(...where))
    .orderBy(asc(pricePoint.blockNumber), asc(pricePoint.logIndex), asc(pricePoint.outcome))
    .limit(limit)
    .offset(offset);
  return json(c, {
    marketId: id,
    outcomes: m.outcomes,
    prices: m.prices,
    points: points.map((p) => ({
      outcome: p.outcome,
      blockNumber: p.blockNumber,
      logIndex: p.logIndex,
      timestamp: p.timestamp,
      price: p.price,
      tradeId: p.tradeId,
    })),
    limit,
    offset,
  });
});

app.get("/markets/:id/trades", async (c) => {
  const id = parseUint("id", c.req.param("id"));
  const trader = c.req.query("trader");
  const { limit, offset } = parsePage((k) => c.req.query(k));
  const where: SQL[] = [eq(trade.marketId, id)];
  if (trader !== undefined) where.push(eq(trade.trader, parseAddress("trader", trader)));
  const trades = await db
    .select()
    .from(trade)
    .where(and(...where))
    .orderBy(desc(trade.blockNumber), desc(trade.logIndex))
    .limit(limit)
    .offset(offset);
  return json(c, { marketId: id, trades, limit, offset });
});

app.get("/accounts/:address/positions", async (c) => {
  const account = parseAddress("address", c.req.param("address"));
  const marketId = parseUint("marketId", c.req.query("marketId"), true);
  const where: SQL[] = [eq(position.account, account)];
  if (marketId !== undefined) where.push(eq(position.marketId, marketId));
  const rows = await db
    .select({ position, market })
    .from(position)
    .innerJoin(market, eq(market.id, position.marketId))
    .where(and(...where))
    .orderBy(asc(position.marketId), asc(position.outcome));
  const now = await chainTime();
  return json(c, {
    account,
    positions: rows.map(({ position: p, market: m }) => ({
      ...p,
      outcomeLabel: m.outcomes[p.outcome] ?? null,
      price: m.prices[p.outcome] ?? null,
      market: {
        id: m.id,
        question: m.question,
        state: presentMarket(m, now).state,
        resolvedOutcome: m.resolvedOutcome,
      },
    })),
  });
});

app.get("/accounts/:address/credit", async (c) => {
  const account = parseAddress("address", c.req.param("address"));
  const collateral = c.req.query("collateral");
  const { limit, offset } = parsePage((k) => c.req.query(k));
  const balanceWhere: SQL[] = [eq(creditBalance.account, account)];
  const transferWhere: SQL[] = [eq(creditTransfer.account, account)];
  if (collateral !== undefined) {
    const token = parseAddress("collateral", collateral);
    balanceWhere.push(eq(creditBalance.collateral, token));
    transferWhere.push(eq(creditTransfer.collateral, token));
  }
  const [balances, transfers] = await Promise.all([
    db
      .select()
      .from(creditBalance)
      .where(and(...balanceWhere))
      .orderBy(asc(creditBalance.collateral)),
    db
      .select()
      .from(creditTransfer)
      .where(and(...transferWhere))
      .orderBy(desc(creditTransfer.blockNumber), desc(creditTransfer.logIndex))
      .limit(limit)
      .offset(offset),
  ]);
  return json(c, { account, balances, transfers, limit, offset });
});

// ------------------------------------------------------------------ governance

app.get("/proposals", async (c) => {
  const status = parseEnum("status", c.req.query("status"), [
    "created",
    "queued",
    "executed",
    "canceled",
  ]);
  const { limit, offset } = parsePage((k) => c.req.query(k));
  const rows = await db
    .select()
    .from(proposal)
    .where(status === undefined ? undefined : eq(proposal.status, status))
    .orderBy(desc(proposal.createdBlock))
    .limit(limit)
    .offset(offset);
  const states = await Promise.all(rows.map((p) => liveProposalState(p.id)));
  return json(c, {
    proposals: rows.map(({ description: _d, calldatas: _c, ...p }, i) => ({
      ...p,
      state: states[i],
    })),
    limit,
    offset,
  });
});

app.get("/proposals/:id", async (c) => {
  const id = parseUint("id", c.req.param("id"));
  const [p] = await db.select().from(proposal).where(eq(proposal.id, id));
  if (p === undefined) return notFound(c, `proposal ${id}`);
  const [votes, overrides, reductions, decisions, delegates, linked] = await Promise.all([
    db
      .select()
      .from(vote)
      .where(eq(vote.proposalId, id))
      .orderBy(asc(vote.blockNumber), asc(vote.logIndex)),
    db
      .select()
      .from(override)
      .where(eq(override.proposalId, id))
      .orderBy(asc(override.blockNumber), asc(override.logIndex)),
    db.select().from(voteReduction).where(eq(voteReduction.proposalId, id)),
    db
      .select()
      .from(aiDecision)
      .where(eq(aiDecision.proposalId, id))
      .orderBy(asc(aiDecision.blockNumber), asc(aiDecision.logIndex)),
    db
      .select({ id: aiDelegate.id, name: aiDelegate.name, instance: aiDelegate.instance })
      .from(aiDelegate),
    p.marketId === null
      ? Promise.resolve([])
      : db.select().from(market).where(eq(market.id, p.marketId)),
  ]);
  const names = new Map(delegates.map((d) => [d.id, d.name]));
  const now = await chainTime();
  return json(c, {
    proposal: { ...p, state: await liveProposalState(id) },
    tally: { against: p.againstVotes, for: p.forVotes, abstain: p.abstainVotes },
    votes,
    overrides,
    voteReductions: reductions,
    aiDecisions: decisions.map((d) => ({ ...d, delegateName: names.get(d.delegateId) ?? null })),
    market: linked[0] === undefined ? null : presentMarket(linked[0], now),
  });
});

// ------------------------------------------------------------------ AI delegates

app.get("/delegates", async (c) => {
  const delegates = await db.select().from(aiDelegate).orderBy(asc(aiDelegate.id));
  return json(c, { delegates });
});

app.get("/delegates/:id", async (c) => {
  const id = parseUint("id", c.req.param("id"));
  const [d] = await db.select().from(aiDelegate).where(eq(aiDelegate.id, id));
  if (d === undefined) return notFound(c, `AI delegate ${id}`);
  const [mandates, changes] = await Promise.all([
    db.select().from(mandate).where(eq(mandate.delegateId, id)).orderBy(asc(mandate.version)),
    db.select().from(aiDelegateChange).where(eq(aiDelegateChange.delegateId, id)),
  ]);
  return json(c, { delegate: d, mandates, changes });
});

app.get("/delegates/:id/decisions", async (c) => {
  const id = parseUint("id", c.req.param("id"));
  const proposalId = parseUint("proposalId", c.req.query("proposalId"), true);
  const kind = parseEnum("kind", c.req.query("kind"), ["vote", "pending"]);
  const { limit, offset } = parsePage((k) => c.req.query(k));
  const [d] = await db.select().from(aiDelegate).where(eq(aiDelegate.id, id));
  if (d === undefined) return notFound(c, `AI delegate ${id}`);
  const where: SQL[] = [eq(aiDecision.delegateId, id)];
  if (proposalId !== undefined) where.push(eq(aiDecision.proposalId, proposalId));
  if (kind !== undefined) where.push(eq(aiDecision.kind, kind));
  const decisions = await db
    .select({ decision: aiDecision, title: proposal.title, proposalStatus: proposal.status })
    .from(aiDecision)
    .leftJoin(proposal, eq(proposal.id, aiDecision.proposalId))
    .where(and(...where))
    .orderBy(desc(aiDecision.blockNumber), desc(aiDecision.logIndex))
    .limit(limit)
    .offset(offset);
  // Overrides of this delegate's holders on the same proposals: how often holders disagreed.
  const proposalIds = [...new Set(decisions.map((x) => x.decision.proposalId))];
  const overrides =
    proposalIds.length === 0
      ? []
      : await db
          .select()
          .from(override)
          .where(and(inArray(override.proposalId, proposalIds), eq(override.delegate, d.instance)));
  return json(c, {
    delegate: { id: d.id, name: d.name, instance: d.instance, operator: d.operator },
    decisions: decisions.map(({ decision, title, proposalStatus }) => ({
      ...decision,
      proposalTitle: title,
      proposalStatus,
      overrides: overrides.filter((o) => o.proposalId === decision.proposalId),
    })),
    limit,
    offset,
  });
});

// ------------------------------------------------------------------ trading agents and vaults

app.get("/agents", async (c) => {
  const { limit, offset } = parsePage((k) => c.req.query(k));
  const agents = await db
    .select()
    .from(agent)
    .orderBy(desc(agent.trades))
    .limit(limit)
    .offset(offset);
  return json(c, { agents, limit, offset });
});

app.get("/agents/:address", async (c) => {
  const address = parseAddress("address", c.req.param("address"));
  const [a] = await db.select().from(agent).where(eq(agent.address, address));
  if (a === undefined) return notFound(c, `agent ${address}`);
  const rows = await db
    .select({ record: agentMarket, market })
    .from(agentMarket)
    .innerJoin(market, eq(market.id, agentMarket.marketId))
    .where(eq(agentMarket.agent, address))
    .orderBy(asc(agentMarket.marketId));
  const now = await chainTime();
  const markets = rows.map(({ record, market: m }) => {
    const resolved = m.status === "resolved" && m.resolvedOutcome !== null;
    return {
      ...record,
      question: m.question,
      outcomes: m.outcomes,
      state: presentMarket(m, now).state,
      resolvedOutcome: m.resolvedOutcome,
      brier: resolved ? brierScore(record.forecast, m.resolvedOutcome ?? 0) : null,
    };
  });
  const scored = markets.filter((m) => m.brier !== null);
  return json(c, {
    agent: a,
    markets,
    resolved: scored.length,
    meanBrier:
      scored.length === 0 ? null : scored.reduce((s, m) => s + (m.brier ?? 0), 0) / scored.length,
  });
});

app.get("/vaults/:user", async (c) => {
  const user = parseAddress("user", c.req.param("user"));
  const [balances, policies, markets, positions, trades] = await Promise.all([
    db.select().from(vaultBalance).where(eq(vaultBalance.user, user)),
    db.select().from(vaultPolicy).where(eq(vaultPolicy.user, user)),
    db.select().from(vaultMarket).where(eq(vaultMarket.user, user)),
    db
      .select()
      .from(vaultPosition)
      .where(and(eq(vaultPosition.user, user), ne(vaultPosition.shares, 0n))),
    db
      .select()
      .from(vaultTrade)
      .where(eq(vaultTrade.user, user))
      .orderBy(desc(vaultTrade.blockNumber), desc(vaultTrade.logIndex))
      .limit(100),
  ]);
  return json(c, { user, balances, policy: policies[0] ?? null, markets, positions, trades });
});

export default app;
