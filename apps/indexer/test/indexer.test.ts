/**
 * The indexer against a real local chain (deployed and seeded by contracts/scripts/chain.ts, on a
 * free port), run as `ponder start` with a temporary PGlite directory:
 *
 * - the indexed state equals the chain: counts of markets, trades, proposals, votes, overrides and
 *   AI decisions from the seed's logs; every market's prices, supplies, log-sum and pool; every
 *   position's balance; every proposal's tally; a trade's prices equal `prices()` at its block;
 * - the REST endpoints answer what the web app and agents ask, and bad parameters get 400;
 * - live events (direct trades, a vault with an agent, a resolution and a redemption) are indexed,
 *   with the agent's track record and Brier score; collateral credit (deposits, a buy from and a
 *   sale to credit, a withdrawal) equals `creditOf`;
 * - a restart on the same database neither loses nor duplicates rows, including events that
 *   happened while it was down.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  aiDelegateRegistryAbi,
  lmsrMarketAbi,
  mandateGovernorAbi,
  tradingVaultAbi,
} from "@mandate/abis";
import type { PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsFor, USD } from "./actions.ts";
import {
  chainCounts,
  expectCreditsMatchChain,
  expectMarketsMatchChain,
  expectPositionsMatchChain,
  expectTalliesMatchChain,
  expectTradesMatchChain,
  indexedCounts,
  publicClientFor,
  type TableCounts,
} from "./checks.ts";
import {
  getJson,
  graphqlQuery,
  type Indexer,
  type LocalChain,
  startIndexer,
  startLocalChain,
  waitUntilSynced,
} from "./harness.ts";

const tmp = mkdtempSync(join(tmpdir(), "mandate-indexer-test-"));
const pgliteDir = join(tmp, "pglite");
const logFile = join(tmp, "ponder.log");
let chain: LocalChain;
let client: PublicClient;
let indexer: Indexer;
let env: Record<string, string>;

/** Seeded general markets picked by shape (the seed may change; the tests follow its record). */
const seeded = () => {
  const open = chain.deployment.seededMarkets.filter((m) => m.state === "open");
  const binary = open.find((m) => m.outcomes.length === 2);
  const multi = open.find((m) => m.outcomes.length > 2);
  const busiest = [...chain.deployment.seededMarkets].sort((x, y) => y.trades - x.trades)[0];
  if (binary === undefined || multi === undefined || busiest === undefined) {
    throw new Error("the seed has no open binary and multi-outcome markets");
  }
  return { binary, multi, busiest };
};
const registry = () => chain.deployment.contracts.AIDelegateRegistry?.address as `0x${string}`;
const governor = () => chain.deployment.contracts.MandateGovernor?.address as `0x${string}`;

const start = async () => {
  indexer = await startIndexer({ rpcUrl: chain.rpcUrl, pgliteDir, logFile, env });
  return waitUntilSynced(indexer, chain.rpcUrl);
};

beforeAll(async () => {
  chain = await startLocalChain({ nodeLogFile: join(tmp, "node.log") });
  client = publicClientFor(chain.rpcUrl);
  const deploymentFile = join(tmp, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(chain.deployment));
  env = { MANDATE_DEPLOYMENT_FILE: deploymentFile };
  const { readyMs, syncedMs } = await start();
  console.log(
    `indexer ready in ${readyMs} ms, at the chain head in ${syncedMs} ms (log: ${logFile})`,
  );
}, 180_000);

afterAll(async () => {
  await indexer?.stop();
  await chain?.stop();
  if (process.env.KEEP_TMP !== "1") rmSync(tmp, { recursive: true, force: true });
}, 60_000);

describe("indexed state equals the chain", () => {
  it("counts every seeded market, trade, proposal, vote, override and AI decision", async () => {
    const onChain = await chainCounts(client, chain);
    // The seed's own record of what it did, as a cross-check of the log counts.
    const dao = chain.deployment.dao;
    expect(onChain.markets).toBe(
      chain.deployment.seededMarkets.length + (dao?.proposals.length ?? 0),
    );
    expect(onChain.trades).toBeGreaterThanOrEqual(
      chain.deployment.seededMarkets.reduce((s, m) => s + m.trades, 0),
    );
    expect(onChain.proposals).toBe(dao?.proposals.length);
    expect(onChain.votes).toBeGreaterThan(0);
    expect(onChain.aiDecisions).toBeGreaterThan(0);
    expect(onChain.overrides).toBeGreaterThan(0);

    const indexed = await indexedCounts(indexer.url);
    expect({
      markets: indexed.markets,
      trades: indexed.trades,
      redemptions: indexed.redemptions,
      proposals: indexed.proposals,
      votes: indexed.votes,
      overrides: indexed.overrides,
      voteReductions: indexed.voteReductions,
      aiDecisions: indexed.aiDecisions,
      vaultTrades: indexed.vaultTrades,
      creditTransfers: indexed.creditTransfers,
    }).toEqual(onChain);
    expect(indexed.aiDelegates).toBe(dao?.delegates.length);
    expect(indexed.proposalMarkets).toBe(dao?.proposals.length);
    // One price point per outcome at creation and after every trade.
    const markets = await graphqlQuery<{
      markets: { items: { outcomeCount: number; tradeCount: number }[] };
    }>(indexer.url, "{ markets(limit: 1000) { items { outcomeCount tradeCount } } }");
    const points = markets.markets.items.reduce(
      (s, m) => s + m.outcomeCount * (m.tradeCount + 1),
      0,
    );
    expect(indexed.pricePoints).toBe(points);
  });

  it("has every market's prices, supplies, log-sum, pool and status as the contract", async () => {
    await expectMarketsMatchChain(client, chain, indexer.url);
  });

  it("has every trade, and every position's balance as balanceOf", async () => {
    await expectTradesMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
  });

  it("replays every proposal's tally exactly (votes, overrides, reductions)", async () => {
    expect(await expectTalliesMatchChain(client, chain, indexer.url)).toBe(
      chain.deployment.dao?.proposals.length,
    );
  });

  it("records each trade's prices as the contract's prices() at that block", async () => {
    const { busiest } = seeded();
    const { body } = await getJson<{
      trades: { blockNumber: string; pricesAfter: string[]; marketId: string }[];
    }>(`${indexer.url}/markets/${busiest.marketId}/trades?limit=1000`);
    expect(body.trades.length).toBe(busiest.trades);
    // The seed mines one transaction per block, so the prices after a trade are the block's.
    for (const t of body.trades.slice(0, 8)) {
      const prices = await client.readContract({
        address: chain.deployment.contracts.LMSRMarket?.address as `0x${string}`,
        abi: lmsrMarketAbi,
        functionName: "prices",
        args: [BigInt(busiest.marketId)],
        blockNumber: BigInt(t.blockNumber),
      });
      expect(t.pricesAfter.map(BigInt)).toEqual([...prices]);
    }
  });
});

describe("REST API", () => {
  it("lists markets with their state and metadata", async () => {
    const { status, body } = await getJson<{
      markets: {
        id: string;
        state: string;
        kind: string;
        question: string | null;
        outcomes: string[];
      }[];
    }>(`${indexer.url}/markets`);
    expect(status).toBe(200);
    const dao = chain.deployment.dao;
    expect(body.markets).toHaveLength(
      chain.deployment.seededMarkets.length + (dao?.proposals.length ?? 0),
    );
    expect(
      body.markets
        .filter((m) => m.kind === "proposal")
        .map((m) => Number(m.id))
        .sort(),
    ).toEqual((dao?.proposals ?? []).map((p) => p.marketId).sort());
    for (const s of chain.deployment.seededMarkets) {
      const m = body.markets.find((x) => x.id === String(s.marketId));
      expect(m?.question).toBe(s.question);
      expect(m?.outcomes).toEqual(s.outcomes);
    }
    const address = chain.deployment.contracts.LMSRMarket?.address as `0x${string}`;
    const resolvedOnChain: string[] = [];
    for (const m of body.markets) {
      const state = await client.readContract({
        address,
        abi: lmsrMarketAbi,
        functionName: "state",
        args: [BigInt(m.id)],
      });
      if (state === 3) resolvedOnChain.push(m.id);
    }
    const resolved = await getJson<{ markets: { id: string }[] }>(
      `${indexer.url}/markets?state=resolved`,
    );
    expect(resolved.body.markets.map((m) => m.id)).toEqual(resolvedOnChain);
    expect(resolvedOnChain.length).toBeGreaterThan(0);
  });

  it("serves a market's price series per outcome", async () => {
    const { status, body } = await getJson<{
      prices: string[];
      points: { outcome: number; price: string }[];
    }>(`${indexer.url}/markets/${seeded().multi.marketId}/prices?outcome=2`);
    expect(status).toBe(200);
    expect(body.points.length).toBeGreaterThan(1);
    expect(body.points.every((p) => p.outcome === 2)).toBe(true);
    expect(body.points.at(-1)?.price).toBe(body.prices[2]);
  });

  it("shows a proposal with its votes, overrides, AI decisions and market", async () => {
    const p1 = chain.deployment.dao?.proposals.find((p) => p.state === "executed");
    if (p1 === undefined) throw new Error("the seed has no executed proposal");
    const id = BigInt(p1.proposalId);
    const { status, body } = await getJson<{
      proposal: { state: string; status: string; title: string };
      votes: { voter: string; aiDelegateId: string | null; summaryHash: string | null }[];
      overrides: { voter: string; delegate: string | null }[];
      aiDecisions: { kind: string; delegateName: string; text: string }[];
      market: { id: string; resolvedOutcome: number };
    }>(`${indexer.url}/proposals/${p1.proposalId}`);
    expect(status).toBe(200);
    expect(body.proposal.status).toBe("executed");
    expect(body.proposal.state).toBe("executed");
    expect(body.proposal.title).toBe(p1.title);
    const logs = async (
      abi: typeof mandateGovernorAbi,
      eventName: "VoteCast" | "OverrideVoteCast",
    ) =>
      (
        await client.getContractEvents({ address: governor(), abi, eventName, fromBlock: 0n })
      ).filter((l) => l.args.proposalId === id);
    const votes = await logs(mandateGovernorAbi, "VoteCast");
    const overrides = await logs(mandateGovernorAbi, "OverrideVoteCast");
    expect(body.votes.map((v) => v.voter).sort()).toEqual(
      votes.map((l) => l.args.voter?.toLowerCase()).sort(),
    );
    expect(body.overrides.map((v) => v.voter).sort()).toEqual(
      overrides.map((l) => l.args.voter?.toLowerCase()).sort(),
    );
    const instances = new Set(chain.deployment.dao?.delegates.map((d) => d.instance.toLowerCase()));
    const aiVotes = body.votes.filter((v) => v.aiDelegateId !== null);
    expect(aiVotes.length).toBe(body.votes.filter((v) => instances.has(v.voter)).length);
    expect(aiVotes.every((v) => v.summaryHash?.startsWith("0x"))).toBe(true);
    const recorded = await client.getContractEvents({
      address: registry(),
      abi: aiDelegateRegistryAbi,
      fromBlock: 0n,
    });
    const forP1 = recorded.filter(
      (l) =>
        (l.eventName === "DelegateVoteRecorded" || l.eventName === "PendingDecisionRecorded") &&
        l.args.proposalId === id,
    );
    expect(body.aiDecisions).toHaveLength(forP1.length);
    expect(body.aiDecisions.every((d) => d.delegateName.length > 0)).toBe(true);
    expect(body.market.id).toBe(String(p1.marketId));
    expect(body.market.resolvedOutcome).toBe(1);
  });

  it("lists an AI delegate's decisions, pending ones included", async () => {
    const delegate = chain.deployment.dao?.delegates[0];
    if (delegate === undefined) throw new Error("the seed has no AI delegate");
    const { status, body } = await getJson<{
      decisions: { kind: string; proposalTitle: string; text: string }[];
    }>(`${indexer.url}/delegates/${delegate.delegateId}/decisions`);
    expect(status).toBe(200);
    const recorded = await client.getContractEvents({
      address: registry(),
      abi: aiDelegateRegistryAbi,
      fromBlock: 0n,
    });
    const expected = recorded
      .filter(
        (l) =>
          (l.eventName === "DelegateVoteRecorded" || l.eventName === "PendingDecisionRecorded") &&
          l.args.delegateId === BigInt(delegate.delegateId),
      )
      .map((l) => (l.eventName === "DelegateVoteRecorded" ? "vote" : "pending"))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(body.decisions.map((d) => d.kind).sort()).toEqual(expected);
    expect(body.decisions.every((d) => d.proposalTitle.length > 0 && d.text.length > 0)).toBe(true);
  });

  it("answers 400 with the reason for bad parameters, 404 for unknown ids", async () => {
    const cases: [string, RegExp][] = [
      ["/markets/abc", /id must be a non-negative integer/],
      ["/markets/-1/prices", /id must be a non-negative integer/],
      ["/markets?state=sideways", /state must be one of open, closed, resolved, invalid/],
      ["/markets?limit=0", /limit must be between 1 and 1000/],
      ["/markets?limit=ten", /limit must be an integer/],
      [`/markets/${seeded().binary.marketId}/prices?outcome=9`, /outcome must be between 0 and 1/],
      ["/markets/1/prices?from=20&to=10", /from \(20\) must not be after to \(10\)/],
      ["/markets/1/trades?trader=0x123", /trader must be a 20-byte 0x-hex address/],
      ["/proposals?status=passed", /status must be one of/],
      [`/proposals/${"9".repeat(80)}`, /id must be a non-negative integer/],
      ["/delegates/1/decisions?kind=maybe", /kind must be one of vote, pending/],
      ["/agents/not-an-address", /address must be a 20-byte 0x-hex address/],
      [
        `/accounts/${"0x".padEnd(42, "0")}/credit?collateral=mUSD`,
        /collateral must be a 20-byte 0x-hex address/,
      ],
    ];
    for (const [path, reason] of cases) {
      const { status, body } = await getJson<{ error: string }>(`${indexer.url}${path}`);
      expect(status, path).toBe(400);
      expect(body.error, path).toMatch(reason);
    }
    expect((await getJson(`${indexer.url}/markets/999`)).status).toBe(404);
    expect((await getJson(`${indexer.url}/proposals/1`)).status).toBe(404);
  });

  it("serves GraphQL and SQL over HTTP", async () => {
    const { binary } = seeded();
    const data = await graphqlQuery<{
      market: { question: string; trades: { totalCount: number } };
    }>(indexer.url, `{ market(id: "${binary.marketId}") { question trades { totalCount } } }`);
    expect(data.market.question).toBe(binary.question);
    expect(data.market.trades.totalCount).toBe(binary.trades);
    // @ponder/client's wire format: a superjson-encoded { sql, params } in ?sql=.
    const query = JSON.stringify({
      json: { sql: 'select count(*)::int as n from "market"', params: [] },
    });
    const res = await fetch(`${indexer.url}/sql/db?sql=${encodeURIComponent(query)}`);
    expect(res.status).toBe(200);
    const count = await client.readContract({
      address: chain.deployment.contracts.LMSRMarket?.address as `0x${string}`,
      abi: lmsrMarketAbi,
      functionName: "marketCount",
    });
    expect(JSON.stringify(await res.json())).toContain(`"n":${count}`);
    const write = JSON.stringify({ json: { sql: 'delete from "market"', params: [] } });
    expect((await fetch(`${indexer.url}/sql/db?sql=${encodeURIComponent(write)}`)).status).toBe(
      500,
    );
  });
});

describe("live events", () => {
  it("indexes a vault with an agent, a resolution, a redemption, and the agent's Brier score", async () => {
    const a = actionsFor(chain, client);
    const { binary, multi } = seeded();
    const [M, N] = [BigInt(binary.marketId), BigInt(multi.marketId)];
    const [creator, , , , , , , user, , , , , agentAccount] = chain.accounts;
    if (creator === undefined || user === undefined || agentAccount === undefined)
      throw new Error("accounts");
    await a.mintAndApprove(user, a.vault, USD("5000"));
    await a.deposit(user, USD("2000"));
    await a.setPolicy(user, agentAccount, [M]);
    await a.vaultBuy(agentAccount, user, M, 0n, USD("60"));
    await a.vaultSell(agentAccount, user, M, 0n, USD("10"));
    await a.vaultBuy(user, user, N, 1n, USD("25")); // the user's own trade: no agent record
    await a.withdraw(user, USD("100"));
    await a.settle(creator, M, 0n);
    await a.vaultRedeem(agentAccount, user, M, 0n, USD("50"));
    await waitUntilSynced(indexer, chain.rpcUrl);

    const vault = await getJson<{
      balances: { token: string; balance: string }[];
      policy: { agent: string; epoch: string };
      positions: { marketId: string; outcome: number; shares: string }[];
      trades: { byAgent: boolean }[];
      markets: { marketId: string; allowed: boolean }[];
    }>(`${indexer.url}/vaults/${user}`);
    expect(vault.status).toBe(200);
    const onChainBalance = await client.readContract({
      address: a.vault,
      abi: tradingVaultAbi,
      functionName: "collateralBalance",
      args: [user, a.musd],
    });
    expect(vault.body.balances.map((b) => BigInt(b.balance))).toEqual([onChainBalance]);
    expect(vault.body.policy.agent).toBe(agentAccount.toLowerCase());
    expect(vault.body.trades.map((t) => t.byAgent).sort()).toEqual([false, true, true]);
    expect(vault.body.markets.find((m) => m.marketId === String(M))?.allowed).toBe(true);
    for (const p of vault.body.positions) {
      const shares = await client.readContract({
        address: a.vault,
        abi: tradingVaultAbi,
        functionName: "shareBalance",
        args: [user, BigInt(p.marketId), BigInt(p.outcome)],
      });
      expect(BigInt(p.shares)).toBe(shares);
    }

    const record = await getJson<{
      agent: { trades: number; redemptions: number; payout: string };
      markets: { marketId: string; brier: number | null; forecast: string[]; state: string }[];
      meanBrier: number | null;
    }>(`${indexer.url}/agents/${agentAccount}`);
    expect(record.status).toBe(200);
    expect(record.body.agent.trades).toBe(2);
    expect(record.body.agent.redemptions).toBe(1);
    expect(BigInt(record.body.agent.payout)).toBe(USD("50"));
    expect(record.body.markets).toHaveLength(1);
    const scored = record.body.markets[0];
    expect(scored?.marketId).toBe(String(M));
    expect(scored?.state).toBe("resolved");
    const [p0, p1] = (scored?.forecast ?? []).map((p) => Number(p) / 1e18);
    expect(scored?.brier).toBeCloseTo((1 - (p0 ?? 0)) ** 2 + (p1 ?? 0) ** 2, 12);
    expect(record.body.meanBrier).toBe(scored?.brier);

    await expectMarketsMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
    const indexed = await indexedCounts(indexer.url);
    expect(indexed.vaultTrades).toBe((await chainCounts(client, chain)).vaultTrades);
  });
});

describe("collateral credit", () => {
  it("indexes deposits, a buy from and a sale to credit, and a withdrawal; credit equals creditOf", async () => {
    const a = actionsFor(chain, client);
    const { multi } = seeded();
    const N = BigInt(multi.marketId);
    // Dev accounts no other test here uses; #15 is funded below, #16 only receives.
    const trader = chain.accounts[15];
    const friend = chain.accounts[16];
    if (trader === undefined || friend === undefined) throw new Error("accounts");
    await a.mintAndApprove(trader, a.market, USD("1000"));
    const before = await indexedCounts(indexer.url);

    await a.creditDeposit(trader, USD("300"), trader);
    await a.creditDeposit(trader, USD("50"), friend);
    await a.buyFromCredit(trader, N, 1n, USD("40"));
    await a.sellToCredit(trader, N, 1n, USD("15"));
    await a.creditWithdraw(trader, USD("100"), friend);
    await waitUntilSynced(indexer, chain.rpcUrl);

    const creditOf = (account: `0x${string}`) =>
      client.readContract({
        address: a.market,
        abi: lmsrMarketAbi,
        functionName: "creditOf",
        args: [a.musd, account],
      });
    const [traderCredit, friendCredit] = await Promise.all([creditOf(trader), creditOf(friend)]);
    expect(friendCredit).toBe(USD("50"));

    type CreditJson = {
      balances: { collateral: string; balance: string; deposited: string; withdrawn: string }[];
      transfers: { kind: string; counterparty: string; amount: string; balanceAfter: string }[];
    };
    const mine = await getJson<CreditJson>(`${indexer.url}/accounts/${trader}/credit`);
    expect(mine.status).toBe(200);
    expect(
      mine.body.balances.map((b) => [
        b.collateral,
        BigInt(b.balance),
        BigInt(b.deposited),
        BigInt(b.withdrawn),
      ]),
    ).toEqual([[a.musd.toLowerCase(), traderCredit, USD("300"), USD("100")]]);
    // Newest first; a deposit for someone else is the recipient's row, not the payer's.
    expect(
      mine.body.transfers.map((t) => [
        t.kind,
        t.counterparty,
        BigInt(t.amount),
        BigInt(t.balanceAfter),
      ]),
    ).toEqual([
      ["withdrawal", friend.toLowerCase(), USD("100"), traderCredit],
      ["deposit", trader.toLowerCase(), USD("300"), USD("300")],
    ]);
    const theirs = await getJson<CreditJson>(
      `${indexer.url}/accounts/${friend}/credit?collateral=${a.musd}`,
    );
    expect(theirs.body.balances.map((b) => [BigInt(b.balance), BigInt(b.deposited)])).toEqual([
      [friendCredit, USD("50")],
    ]);
    expect(theirs.body.transfers.map((t) => [t.kind, t.counterparty])).toEqual([
      ["deposit", trader.toLowerCase()],
    ]);

    // The two credit trades are ordinary trades, and the credit moved by exactly their amounts.
    const trades = await getJson<{ trades: { isBuy: boolean; collateral: string }[] }>(
      `${indexer.url}/markets/${N}/trades?trader=${trader}`,
    );
    const [sold, bought] = trades.body.trades;
    expect([bought?.isBuy, sold?.isBuy]).toEqual([true, false]);
    expect(traderCredit).toBe(
      USD("300") - BigInt(bought?.collateral ?? 0) + BigInt(sold?.collateral ?? 0) - USD("100"),
    );

    expect(await expectCreditsMatchChain(client, chain, indexer.url)).toBeGreaterThanOrEqual(2);
    const after = await indexedCounts(indexer.url);
    expect(after.creditTransfers).toBe(before.creditTransfers + 3);
    expect(after.creditTransfers).toBe((await chainCounts(client, chain)).creditTransfers);
    expect(after.creditBalances).toBe(before.creditBalances + 2);
    expect(after.trades).toBe(before.trades + 2);
    await expectTradesMatchChain(client, chain, indexer.url);
    await expectMarketsMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
  });
});

describe("restart", () => {
  it("neither loses nor duplicates rows across a restart, and catches up on what it missed", async () => {
    const before: TableCounts = await indexedCounts(indexer.url);
    const exit = await indexer.stop();
    expect(exit).toBe(0);

    // While the indexer is down: three more trades.
    const a = actionsFor(chain, client);
    const trader = chain.accounts[1];
    if (trader === undefined) throw new Error("accounts");
    const { multi } = seeded();
    for (const outcome of [0n, 1n, 2n])
      await a.buy(trader, BigInt(multi.marketId), outcome, USD("15"));

    await start();
    const after = await indexedCounts(indexer.url);
    expect(after.trades).toBe(before.trades + 3);
    expect(after.pricePoints).toBe(before.pricePoints + 3 * multi.outcomes.length);
    const unchanged = Object.keys(before).filter(
      (t) => !["trades", "pricePoints", "positions"].includes(t),
    ) as (keyof TableCounts)[];
    for (const t of unchanged) expect(after[t], t).toBe(before[t]);
    await expectTradesMatchChain(client, chain, indexer.url);
    await expectMarketsMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
    await expectTalliesMatchChain(client, chain, indexer.url);
    await expectCreditsMatchChain(client, chain, indexer.url);
    const log = await import("node:fs").then((fs) => fs.readFileSync(logFile, "utf8"));
    expect(log).toMatch(/crash recovery/i);
  });
});

describe("reorg", () => {
  it("undoes the rows of blocks a reorg removed and indexes the new branch", async () => {
    const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
      const res = await fetch(chain.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const body = (await res.json()) as { result?: T; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result as T;
    };
    const a = actionsFor(chain, client);
    const trader = chain.accounts[2];
    if (trader === undefined) throw new Error("accounts");
    const { multi } = seeded();
    const marketId = BigInt(multi.marketId);
    await waitUntilSynced(indexer, chain.rpcUrl);
    const before = await indexedCounts(indexer.url);

    // Branch A: two buys of outcome 0, indexed.
    const snapshot = await rpc<string>("evm_snapshot");
    const forkBlock = await client.getBlockNumber();
    for (let i = 0; i < 2; i++) await a.buy(trader, marketId, 0n, USD("20"));
    await waitUntilSynced(indexer, chain.rpcUrl);
    expect((await indexedCounts(indexer.url)).trades).toBe(before.trades + 2);
    const branchA = await client.getBlock({ blockNumber: forkBlock + 1n });

    // The chain drops branch A and grows a longer branch B at the same heights: three buys of
    // outcome 1. The indexer must forget A's trades, prices and position changes.
    expect(await rpc<boolean>("evm_revert", [snapshot])).toBe(true);
    expect(await client.getBlockNumber()).toBe(forkBlock);
    for (let i = 0; i < 3; i++) await a.buy(trader, marketId, 1n, USD("20"));
    const branchB = await client.getBlock({ blockNumber: forkBlock + 1n });
    expect(branchB.hash).not.toBe(branchA.hash);
    await waitUntilSynced(indexer, chain.rpcUrl);

    const after = await indexedCounts(indexer.url);
    expect(after.trades).toBe(before.trades + 3);
    expect(after.pricePoints).toBe(before.pricePoints + 3 * multi.outcomes.length);
    await expectTradesMatchChain(client, chain, indexer.url);
    await expectMarketsMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
  });
});
