/**
 * The whole system, started by scripts/start.mjs exactly as `npm start` starts it (chain, both AI
 * delegates, the AI trader, the indexer; the web app has its own browser test in apps/web), then
 * driven through @mandate/sdk with locally signed transactions as a user's wallet would:
 *
 * - a governance cycle: a new treasury grant is proposed; both AI delegates decide it on their
 *   own; holders vote; a delegator overrides; the proposal market opens and trades; time passes;
 *   queue, execute (the recipient is paid); the market resolves Yes and a winner redeems;
 * - a market cycle: a new market is created, traded with an exact quote, resolved by the
 *   committee, redeemed;
 * - then the three records must agree: the chain, the indexer's REST answers, and the delegates'
 *   own decision logs (their embedded stores, read after the system stopped).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { tradingVaultAbi } from "@mandate/abis";
import { openDecisionStore, openTraderStore } from "@mandate/delegate";
import {
  buy,
  buyFromCredit,
  castOverrideVote,
  castVote,
  committeeVote,
  createMarket,
  createProposalMarket,
  creditOf,
  deposit,
  execute,
  getDecision,
  getPosition,
  getPrices,
  getProposal,
  mandateAddresses,
  propose,
  queue,
  quoteBuy,
  redeem,
  resolveProposalMarket,
} from "@mandate/sdk";
import {
  type Account,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  type PublicClient,
  parseUnits,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type RunningSystem, startSystem } from "./lib/system.ts";

/** Hardhat's well-known dev mnemonic: the local chain only. */
const MNEMONIC = "test test test test test test test test test test test junk";
const USD = (n: string) => parseUnits(n, 6);
const DAY = 86_400;
const DELEGATES = [
  { id: 1n, name: "Treasury steward" },
  { id: 2n, name: "Builder-friendly" },
] as const;

let system: RunningSystem;
/** Transaction hashes of the trader's vault trades, read from the chain. */
let traderTrades: string[] = [];
let chain: Chain;
let client: PublicClient;
const addresses = mandateAddresses(31337);
const musd = (() => {
  if (addresses.demoCollateral === undefined)
    throw new Error("no demo collateral in the local deployment");
  return addresses.demoCollateral;
})();
const account = (i: number): Account => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const wallet = (i: number) =>
  createWalletClient({ account: account(i), chain, transport: http(system.rpcUrl) });
const testClient = () =>
  createTestClient({ mode: "hardhat", chain, transport: http(system.rpcUrl) });

/** Moves the chain's clock and mines one block (one block at a time: see apps/indexer/README). */
async function advance(seconds: number) {
  await testClient().increaseTime({ seconds });
  await testClient().mine({ blocks: 1 });
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${system.indexerUrl}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls an indexer endpoint until `ready(body)` holds (the indexer follows the chain by polling). */
async function indexerShows<T>(path: string, ready: (body: T) => boolean): Promise<T> {
  return eventually(`GET ${path} shows the expected state`, async () => {
    const body = await getJson<T>(path);
    return ready(body) ? body : undefined;
  });
}

/** Waits until the indexer has indexed the chain's head block. */
async function indexed() {
  const head = Number(await client.getBlockNumber());
  await eventually("the indexer reaches the chain head", async () => {
    const status = await getJson<Record<string, { block?: { number: number } }>>("/status");
    const at = Object.values(status)[0]?.block?.number ?? -1;
    return at >= head ? true : undefined;
  });
}

beforeAll(async () => {
  system = await startSystem({ args: ["--no-web"] });
  chain = { ...hardhat, rpcUrls: { default: { http: [system.rpcUrl] } } };
  client = createPublicClient({ chain, transport: http(system.rpcUrl) });
});

afterAll(async () => {
  await system?.stop();
  if (system && process.env.KEEP_TMP !== "1")
    rmSync(system.dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("starts the chain, both AI delegates and the indexer, and says where they are", () => {
    const out = system.output();
    expect(out).toContain(`chain       ${system.rpcUrl}`);
    expect(out).toContain("AI delegate #1 Treasury steward");
    expect(out).toContain("AI delegate #2 Builder-friendly");
    expect(out).toContain(`indexer     ${system.indexerUrl}`);
    expect(out).toContain("AI trader for holder #3's vault (dev account #12");
    expect(out).not.toMatch(/stopped \(code/);
  });

  it("each agent serves /health (ok once its loop succeeds) and Prometheus /metrics", async () => {
    const agents = [
      { port: system.ports.agents, service: "delegate" },
      { port: system.ports.agents + 1, service: "delegate" },
      { port: system.ports.agents + 2, service: "trader" },
    ];
    for (const { port, service } of agents) {
      const base = `http://127.0.0.1:${port}`;
      expect(system.output()).toContain(`${base}/health`);
      const health = await eventually(`${service} on ${port} is healthy`, async () => {
        const r = await fetch(`${base}/health`);
        return r.status === 200 ? ((await r.json()) as { status: string }) : undefined;
      });
      expect(health.status).toBe("ok");
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`^mandate_${service}_up\\{[^}]*\\} 1$`, "m"));
      expect(metrics).toMatch(
        new RegExp(`^mandate_${service}_failures_in_a_row\\{[^}]*\\} 0$`, "m"),
      );
    }
  });
});

describe("a governance cycle through the SDK", () => {
  const recipient = account(15).address;
  const grant = USD("1000");
  const description = [
    "# Fund the end-to-end test grant with 1,000 mUSD",
    "",
    "## Summary",
    "",
    "This proposal funds a small grant of 1,000 mUSD from the DAO treasury for the maintainers of",
    "the DAO's governance dashboards, paid once.",
    "",
    "## Specification",
    "",
    `Transfer 1,000 mUSD from the treasury (the timelock) to the grant recipient ${recipient}.`,
  ].join("\n");
  let proposalId: bigint;
  let marketId: bigint;
  let yesShares: bigint;

  it("a holder proposes; both AI delegates decide it on their own and record why", async () => {
    const sent = await propose(wallet(0), {
      actions: [
        {
          target: musd,
          data: encodeFunctionData({
            abi: erc20Abi,
            functionName: "transfer",
            args: [recipient, grant],
          }),
        },
      ],
      description,
    });
    proposalId = sent.result;
    await advance(1); // voting opens one second after the snapshot
    for (const d of DELEGATES) {
      const decision = await eventually(`AI delegate #${d.id} decides`, async () => {
        const x = await getDecision(client, { delegateId: d.id, proposalId });
        return x.vote !== null || x.pending !== null ? x : undefined;
      });
      const text = decision.vote?.rationale ?? decision.pending?.note ?? "";
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it("holders vote, a delegator overrides, the proposal market opens and trades", async () => {
    await castVote(wallet(0), { proposalId, support: "for" });
    await castVote(wallet(5), { proposalId, support: "for" });
    const before = await getProposal(client, { proposalId });
    // #3 delegated 600k MNDT to the Treasury steward and takes it back on this proposal.
    const override = await castOverrideVote(wallet(3), {
      proposalId,
      support: "for",
      reason: "I want this grant, whatever my delegate thinks.",
    });
    expect(override.result).toBe(parseUnits("600000", 18));
    const after = await getProposal(client, { proposalId });
    expect(after.votes.for).toBe(before.votes.for + parseUnits("600000", 18));

    const opened = await createProposalMarket(wallet(0), { proposalId, liquidity: USD("200") });
    marketId = opened.result;
    const shares = USD("50");
    const quote = await quoteBuy(client, { marketId, outcome: 1n, shares, source: "both" });
    expect(quote.local?.cost).toBe(quote.cost);
    const pricesBefore = await getPrices(client, { marketId });
    const bought = await buy(wallet(6), { marketId, outcome: 1n, shares, slippageBps: 0 });
    expect(bought.result).toBe(quote.cost);
    const pricesAfter = await getPrices(client, { marketId });
    expect(pricesAfter.wad[1]).toBeGreaterThan(pricesBefore.wad[1] ?? 0n);
    yesShares = await getPosition(client, { marketId, outcome: 1n, account: account(6).address });
    expect(yesShares).toBeGreaterThanOrEqual(shares);
  });

  it("passes, is queued and executed (the recipient is paid); its market resolves Yes and pays", async () => {
    const votingEnds = (await getProposal(client, { proposalId })).deadline;
    const now = (await client.getBlock()).timestamp;
    await advance(Number(votingEnds - now) + 10);
    expect((await getProposal(client, { proposalId })).stateName).toBe("Succeeded");
    await queue(wallet(0), { proposalId });
    await advance(DAY + 10);
    const balance = () =>
      client.readContract({
        address: musd,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [recipient],
      });
    const paidBefore = await balance();
    await execute(wallet(0), { proposalId });
    expect(await balance()).toBe(paidBefore + grant);
    expect((await getProposal(client, { proposalId })).stateName).toBe("Executed");

    const resolved = await resolveProposalMarket(wallet(0), { proposalId });
    expect(resolved.result).toBe(1n);
    const payout = await redeem(wallet(6), { marketId, outcome: 1n });
    expect(payout.result).toBe(yesShares); // a winning share pays one unit of collateral
  });

  it("the indexer's proposal page equals the chain: tally, votes, the override, AI reasons, the market", async () => {
    const page = await indexerShows<{
      proposal: { status: string; state: string | null; title: string };
      tally: { for: string; against: string; abstain: string };
      votes: { voter: string; support: number; aiDelegateId: string | null }[];
      overrides: { voter: string; support: number }[];
      aiDecisions: {
        delegateId: string;
        kind: string;
        text: string;
        summaryHash: string;
        txHash: string;
      }[];
      market: { id: string; status: string } | null;
    }>(
      `/proposals/${proposalId}`,
      (b) => b.proposal.status === "executed" && b.market?.status === "resolved",
    );
    const chainView = await getProposal(client, { proposalId });
    expect(page.proposal.status).toBe("executed");
    expect(page.proposal.state).toBe("executed");
    expect(page.proposal.title).toBe("Fund the end-to-end test grant with 1,000 mUSD");
    expect(page.tally).toEqual({
      for: chainView.votes.for.toString(),
      against: chainView.votes.against.toString(),
      abstain: chainView.votes.abstain.toString(),
    });
    expect(page.overrides.map((o) => o.voter.toLowerCase())).toEqual([
      account(3).address.toLowerCase(),
    ]);
    for (const d of DELEGATES) {
      const onChain = await getDecision(client, { delegateId: d.id, proposalId });
      const rows = page.aiDecisions.filter((x) => x.delegateId === d.id.toString());
      if (onChain.vote !== null) {
        const row = rows.find((x) => x.kind === "vote");
        expect(row?.text).toBe(onChain.vote.rationale);
        expect(row?.summaryHash).toBe(onChain.vote.summaryHash);
        expect(page.votes.some((v) => v.aiDelegateId === d.id.toString())).toBe(true);
      }
      if (onChain.pending !== null) {
        expect(rows.find((x) => x.kind === "pending")?.text).toBe(onChain.pending.note);
      }
    }
    expect(page.market?.id).toBe(marketId.toString());
    expect(page.market?.status).toBe("resolved");
  });
});

describe("a market cycle through the SDK", () => {
  let marketId: bigint;
  let shares: bigint;

  it("creates a market, trades it at the exact quote, and the indexer shows the price move", async () => {
    const now = (await client.getBlock()).timestamp;
    const created = await createMarket(wallet(0), {
      liquidity: USD("100"),
      outcomeCount: 3n,
      closeTime: now + 3600n,
      feeBps: 50n,
      metadata: {
        schema: "mandate.market-metadata/1",
        question: "Which option will the end-to-end test pick?",
        description: "A market the end-to-end test creates, trades and resolves.",
        outcomes: ["Red", "Green", "Blue"],
        resolution: {
          rules: "The committee picks Green.",
          invalidIf: "Never.",
          sources: ["test/system.test.ts"],
        },
        tags: ["test"],
      },
    });
    marketId = created.result;
    shares = USD("40");
    const quote = await quoteBuy(client, { marketId, outcome: 1n, shares, source: "both" });
    expect(quote.local?.cost).toBe(quote.cost);
    const bought = await buy(wallet(5), { marketId, outcome: 1n, shares, slippageBps: 0 });
    expect(bought.result).toBe(quote.cost);
    const prices = await getPrices(client, { marketId });
    const page = await indexerShows<{ market: { prices: string[]; question: string } }>(
      `/markets/${marketId}`,
      (b) => b.market.prices[1] === prices.wad[1]?.toString(),
    );
    expect(page.market.question).toBe("Which option will the end-to-end test pick?");
    expect(page.market.prices).toEqual(prices.wad.map((p) => p.toString()));
    const trades = await getJson<{ trades: { trader: string; collateral: string }[] }>(
      `/markets/${marketId}/trades`,
    );
    expect(trades.trades).toHaveLength(1);
    expect(trades.trades[0]?.trader.toLowerCase()).toBe(account(5).address.toLowerCase());
  });

  it("a trader deposits credit and buys from it at the exact quote; the indexer's credit equals the chain's", async () => {
    const trader = wallet(6);
    const deposited = await deposit(trader, { amount: USD("50") });
    expect(deposited.credit).toBe(USD("50"));
    const quote = await quoteBuy(client, { marketId, outcome: 2n, shares: USD("10") });
    const bought = await buyFromCredit(trader, {
      marketId,
      outcome: 2n,
      shares: USD("10"),
      slippageBps: 0,
    });
    expect(bought.result).toBe(quote.cost);
    const credit = await creditOf(client, { account: account(6).address });
    expect(credit).toBe(USD("50") - quote.cost);
    expect(bought.credit).toBe(credit);
    const indexed = await indexerShows<{ balances: { balance: string; deposited: string }[] }>(
      `/accounts/${account(6).address}/credit`,
      (b) => b.balances[0]?.balance === credit.toString(),
    );
    expect(indexed.balances).toHaveLength(1);
    expect(indexed.balances[0]?.deposited).toBe(USD("50").toString());
  });

  it("closes, the committee resolves it, the winner redeems; the indexer records the payout", async () => {
    await advance(3700);
    const settled = await committeeVote(wallet(0), { marketId, outcome: 1n });
    expect(settled.result).toBe(true);
    const payout = await redeem(wallet(5), { marketId, outcome: 1n });
    expect(payout.result).toBe(shares);
    await indexerShows<{ market: { status: string } }>(
      `/markets/${marketId}`,
      (b) => b.market.status === "resolved",
    );
    const positions = await indexerShows<{
      positions: { marketId: string; outcome: number; balance: string; payout: string }[];
    }>(`/accounts/${account(5).address}/positions?marketId=${marketId}`, (b) =>
      b.positions.some((p) => Number(p.outcome) === 1 && p.payout !== "0"),
    );
    const won = positions.positions.find((p) => Number(p.outcome) === 1);
    expect(won?.balance).toBe("0");
    expect(won?.payout).toBe(shares.toString());
  });
});

describe("the AI trader", () => {
  it("trades holder #3's vault within its policy; the indexer's record of it equals the chain's", async () => {
    const agent = account(12).address;
    // The trader trades within its first passes (the seeded proposal markets and market #5).
    await eventually(
      "the trader's first vault trade",
      async () => {
        const logs = await client.getContractEvents({
          address: addresses.tradingVault,
          abi: tradingVaultAbi,
          eventName: "Traded",
          args: { operator: agent },
          fromBlock: 0n,
        });
        return logs.length > 0 ? logs : undefined;
      },
      60_000,
    );
    await indexed();
    const logs = await client.getContractEvents({
      address: addresses.tradingVault,
      abi: tradingVaultAbi,
      eventName: "Traded",
      args: { operator: agent },
      fromBlock: 0n,
      strict: true,
    });
    const user = account(3).address.toLowerCase();
    expect(logs.every((l) => l.args.user.toLowerCase() === user)).toBe(true);
    // The policy's caps held after every trade (the test moves the clock by days, so several
    // daily windows pass): no buy above 100 mUSD, at most 500 mUSD spent in a day's window, at
    // most 300 mUSD of exposure in one market.
    for (const t of logs) {
      if (t.args.isBuy) expect(t.args.collateral).toBeLessThanOrEqual(USD("100"));
      expect(t.args.windowSpent).toBeLessThanOrEqual(USD("500"));
      expect(t.args.marketExposure).toBeLessThanOrEqual(USD("300"));
    }
    const record = await indexerShows<{ agent: { trades: number } }>(
      `/agents/${agent}`,
      (b) => b.agent.trades === logs.length,
    );
    expect(record.agent.trades).toBe(logs.length);
    traderTrades = logs.map((l) => l.transactionHash);
  });
});

describe("the records agree", () => {
  it("after Ctrl-C, each delegate's own decision log agrees with the chain and the indexer", async () => {
    // Read the chain and the indexer before stopping: every proposal any delegate decided.
    await indexed();
    const proposals = (await getJson<{ proposals: { id: string }[] }>("/proposals")).proposals;
    const expected = new Map<
      string,
      { vote: number | null; summaryHash: string; txHash: string | null }
    >();
    for (const p of proposals) {
      const page = await getJson<{
        aiDecisions: {
          delegateId: string;
          kind: string;
          support: number | null;
          summaryHash: string;
          txHash: string;
        }[];
      }>(`/proposals/${p.id}`);
      for (const d of DELEGATES) {
        const onChain = await getDecision(client, { delegateId: d.id, proposalId: BigInt(p.id) });
        if (onChain.vote === null && onChain.pending === null) continue;
        const row = page.aiDecisions.find(
          (x) => x.delegateId === d.id.toString() && x.kind === (onChain.vote ? "vote" : "pending"),
        );
        expect(row, `indexer row for delegate ${d.id} on ${p.id}`).toBeDefined();
        expect(row?.summaryHash).toBe((onChain.vote ?? onChain.pending)?.summaryHash);
        expected.set(`${d.id}:${p.id}`, {
          vote: onChain.vote?.support ?? null,
          summaryHash: (onChain.vote ?? onChain.pending)?.summaryHash ?? "",
          txHash: onChain.vote ? (row?.txHash ?? null) : null,
        });
      }
    }

    expect(await system.stop()).toBe(0);
    expect(system.output()).toContain("stopping everything");
    // The trader's own log: every vault trade on-chain is a confirmed intent with its hash.
    const traderStore = await openTraderStore({ dataDir: join(system.dataDir, "trader") });
    try {
      const confirmed = (await traderStore.listIntents({})).filter((i) => i.status === "confirmed");
      const hashes = new Set<string | null>(confirmed.map((i) => i.txHash));
      for (const hash of traderTrades) expect(hashes.has(hash), `intent for ${hash}`).toBe(true);
      const decisions = await traderStore.listDecisions({});
      expect(decisions.length).toBeGreaterThan(0);
    } finally {
      await traderStore.close();
    }
    const VOTE = { against: 0, for: 1, abstain: 2 } as const;
    for (const d of DELEGATES) {
      const store = await openDecisionStore({
        dataDir: join(system.dataDir, `delegate-${d.id}`),
      });
      try {
        const decisions = await store.listDecisions({});
        // This run's decisions: those the delegate sent or asked (the seeded ones predate it).
        const made = decisions.filter((x) => x.status === "confirmed" || x.status === "asked");
        expect(made.length).toBeGreaterThan(0);
        for (const decision of made) {
          const chainSide = expected.get(`${d.id}:${decision.proposalId}`);
          expect(chainSide, `delegate ${d.id} on ${decision.proposalId}`).toBeDefined();
          if (decision.status === "confirmed") {
            expect(chainSide?.vote).toBe(decision.vote === null ? null : VOTE[decision.vote]);
            expect(decision.txHash).toBe(chainSide?.txHash);
          }
          if (decision.status === "asked") expect(chainSide?.vote).toBeNull();
          expect(decision.summaryHash).toBe(chainSide?.summaryHash);
        }
      } finally {
        await store.close();
      }
    }
  });
});
