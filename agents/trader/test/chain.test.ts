/**
 * The trader on a real local chain (contracts/scripts/chain.ts: the whole system deployed, the DAO
 * seeded), with real signing (Hardhat dev keys), @mandate/sdk, and the embedded PGlite store in a
 * temp directory. One chain for the file; the tests run in order and build on each other:
 *
 *   a holder (dev #5) deposits and appoints the trader (dev #13) on eight fresh markets →
 *   dry run → buy → no re-buy → sell on reversal → price moved (re-check and vault) →
 *   crash after / before broadcast, restart → limit reached → empty vault → belief of 1 →
 *   closed market → a stalled read → not the agent → resolution, redeem, track record → CLI →
 *   the CLI as a service (a keystore key, /health, /metrics, JSON logs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { governanceTokenAbi, tradingVaultAbi } from "@mandate/abis";
import { encryptKeystore } from "@mandate/config";
import { openTraderStore, type TraderStore } from "@mandate/delegate";
import { priceFloat } from "@mandate/lmsr";
import {
  addressesFromDeployment,
  buyWithCollateral,
  committeeVote,
  createMarket,
  getProposal,
  getVaultBalances,
  MARKET_METADATA_SCHEMA,
  type MandateAddresses,
  setVaultPolicy,
  vaultDeposit,
  vaultWithdraw,
} from "@mandate/sdk";
import type { Hex, PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HolderBelief, holderSource } from "../src/beliefs/holder.js";
import { passProbability, proposalSource } from "../src/beliefs/proposal.js";
import { main } from "../src/cli.js";
import { trackRecord } from "../src/track-record.js";
import { createVaultChain, type VaultChain } from "../src/vault/chain.js";
import { createTradeExecutor } from "../src/vault/executor.js";
import {
  createTraderRuntime,
  type PassEntry,
  type PassResult,
  type RuntimeHooks,
} from "../src/vault/runtime.js";
import {
  type Clients,
  clients,
  dev,
  mintUsd,
  type RunningChainLike,
  startLocalChain,
} from "./chain-helpers.js";

const T = 1_000_000n; // one mUSD
const HOLDER = dev(5);
const AGENT = dev(13);
const STRANGER = dev(14);
const COMMITTEE = 0; // the local chain's committee: dev #0, threshold 1
const OTHER_TRADER = 6;

const tmp = mkdtempSync(join(tmpdir(), "mandate-trader-chain-"));
const dbDir = join(tmp, "trader-db");

let chain: RunningChainLike;
let rpcUrl: string;
let client: PublicClient;
let addresses: MandateAddresses;
let c: Clients;
let store: TraderStore;
const markets: Record<"A" | "B" | "C" | "D" | "E" | "F" | "G" | "H", bigint> = {
  A: 0n,
  B: 0n,
  C: 0n,
  D: 0n,
  E: 0n,
  F: 0n,
  G: 0n,
  H: 0n,
};
let allowed: bigint[] = [];
let beliefs = new Map<bigint, HolderBelief>();
const lines: string[] = [];

function vaultChain(account = AGENT): VaultChain {
  return createVaultChain({
    client,
    chain: c.chain,
    addresses,
    user: HOLDER.address,
    account,
    agent: account.address,
  });
}

function runtime(
  options: { store?: TraderStore; hooks?: RuntimeHooks; dryRun?: boolean; chain?: VaultChain } = {},
) {
  return createTraderRuntime({
    store: options.store ?? store,
    chain: options.chain ?? vaultChain(),
    sources: () => [holderSource({ beliefs: new Map(beliefs) })],
    dryRun: options.dryRun,
    hooks: options.hooks,
    log: (l) => lines.push(l),
  });
}

function only(market: bigint, p: number) {
  beliefs = new Map([[market, { p }]]);
}

function entry(result: PassResult, marketId: bigint): PassEntry {
  const found = result.entries.filter((e) => e.marketId === marketId);
  if (found.length !== 1)
    throw new Error(`expected one entry for market ${marketId}, got ${found.length}`);
  return found[0] as PassEntry;
}

async function traded(marketId: bigint) {
  return client.getContractEvents({
    address: addresses.tradingVault,
    abi: tradingVaultAbi,
    eventName: "Traded",
    args: { user: HOLDER.address, marketId },
    fromBlock: 0n,
  });
}

async function redeemed(marketId: bigint) {
  return client.getContractEvents({
    address: addresses.tradingVault,
    abi: tradingVaultAbi,
    eventName: "Redeemed",
    args: { user: HOLDER.address, marketId },
    fromBlock: 0n,
  });
}

async function vaultOf(marketId: bigint) {
  const b = await getVaultBalances(client, {
    addresses,
    user: HOLDER.address,
    marketIds: [marketId],
  });
  return { balance: b.balance, window: b.dailyWindow, position: b.markets[0] };
}

async function setPolicyAllowing(list: bigint[]) {
  const saved = allowed;
  allowed = list;
  try {
    await setPolicy();
  } finally {
    allowed = saved;
  }
}

async function setPolicy(over: { maxPerDay?: bigint } = {}) {
  const now = (await client.getBlock()).timestamp;
  await setVaultPolicy(c.wallet(5), {
    publicClient: client,
    addresses,
    agent: AGENT.address,
    expiry: now + 365n * 86_400n,
    maxPerTrade: 200n * T,
    maxPerDay: over.maxPerDay ?? 5_000n * T,
    maxExposurePerMarket: 500n * T,
    markets: allowed,
  });
}

async function reopenStore() {
  await store.close();
  store = await openTraderStore({ dataDir: dbDir });
}

beforeAll(async () => {
  chain = await startLocalChain(join(tmp, "node.log"));
  rpcUrl = chain.rpcUrl;
  c = clients(rpcUrl);
  client = c.client;
  addresses = addressesFromDeployment(chain.deployment);
  const usd = addresses.demoCollateral as `0x${string}`;
  for (const who of [dev(COMMITTEE).address, HOLDER.address, dev(OTHER_TRADER).address]) {
    await mintUsd(rpcUrl, usd, who, 100_000n * T);
  }
  const now = (await client.getBlock()).timestamp;
  for (const key of Object.keys(markets) as (keyof typeof markets)[]) {
    const created = await createMarket(c.wallet(COMMITTEE), {
      publicClient: client,
      addresses,
      liquidity: 1_000n * T,
      feeBps: 100n,
      closeTime: now + (key === "C" ? 2n * 3_600n : 30n * 86_400n),
      metadata: {
        schema: MARKET_METADATA_SCHEMA,
        question: `Test market ${key}: will it happen?`,
        description: "A market created by the trader's chain test.",
        outcomes: ["Yes", "No"],
        resolution: { rules: "The committee decides.", invalidIf: "Never.", sources: [] },
        tags: ["test"],
      },
    });
    markets[key] = created.result;
  }
  allowed = Object.values(markets);
  await vaultDeposit(c.wallet(5), { publicClient: client, addresses, amount: 2_000n * T });
  await setPolicy();
  store = await openTraderStore({ dataDir: dbDir });
}, 240_000);

afterAll(async () => {
  await store?.close().catch(() => {});
  await chain?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the trader on a local chain", () => {
  it("reads the markets it may trade: state, exact supplies, metadata, yes outcome", async () => {
    const all = await vaultChain().listMarkets();
    const a = all.find((m) => m.view.marketId === markets.A);
    expect(a?.view.question).toBe("Test market A: will it happen?");
    expect(a?.view.outcomes).toEqual(["Yes", "No"]);
    expect(a?.view.yesOutcome).toBe(0);
    expect(a?.view.status).toBe("open");
    expect(a?.view.supplies).toEqual([0n, 0n]);
    // The seeded proposal markets are linked to their proposals; their yes outcome is 1.
    const proposalMarkets = all.filter((m) => m.view.proposal);
    expect(proposalMarkets.length).toBeGreaterThanOrEqual(4);
    expect(proposalMarkets.every((m) => m.view.yesOutcome === 1)).toBe(true);
  });

  it("feeds: the governor's live tally and the AI delegate's recorded votes bound proposal markets", async () => {
    const proposal = chain.deployment.dao?.proposals.find((p) => p.key === "P3");
    const p4 = chain.deployment.dao?.proposals.find((p) => p.key === "P4");
    if (!proposal || !p4) throw new Error("no seeded P3/P4");
    const P3 = BigInt(proposal.proposalId);
    const marketP3 = BigInt(proposal.marketId);
    const vc = vaultChain();
    // The tally is the governor's; the power not yet cast is the supply at the snapshot minus it.
    const tally = await vc.proposalTally(P3);
    const gov = await getProposal(client, { addresses, proposalId: P3 });
    if (!tally) throw new Error("no tally");
    expect([tally.forVotes, tally.againstVotes, tally.abstainVotes]).toEqual([
      gov.votes.for,
      gov.votes.against,
      gov.votes.abstain,
    ]);
    expect(tally.quorum).toBe(gov.quorum);
    expect([tally.voteStart, tally.voteEnd]).toEqual([gov.snapshot, gov.deadline]);
    const supply = await client.readContract({
      address: addresses.governanceToken,
      abi: governanceTokenAbi,
      functionName: "getPastTotalSupply",
      args: [gov.snapshot],
    });
    expect(tally.uncastPower).toBe(supply - gov.votes.for - gov.votes.against - gov.votes.abstain);
    // The delegates' recorded decisions on P3 (seeded): Builder-friendly voted Against, the
    // Treasury steward asked its holders; nobody has decided P4 yet.
    expect(await vc.delegateIntent(2n, P3, "Builder-friendly")).toEqual({
      delegate: "#2 Builder-friendly",
      vote: "against",
    });
    expect((await vc.delegateIntent(1n, P3, "Treasury steward"))?.vote).toBe("ask");
    expect(await vc.delegateIntent(2n, BigInt(p4.proposalId), "Builder-friendly")).toBeNull();

    // A dry pass over P3's market with the tally as the only source, with and without the
    // delegate's bound.
    await setPolicyAllowing([...allowed, marketP3]);
    const memory = await openTraderStore({ dataDir: "memory://" });
    try {
      const tallySource = proposalSource({
        getTally: (m) =>
          m.proposal ? vc.proposalTally(m.proposal.proposalId) : Promise.resolve(null),
      });
      const pass = (delegate: { id: bigint; name: string } | null) =>
        createTraderRuntime({
          store: memory,
          chain: vc,
          sources: () => [tallySource],
          delegate,
          dryRun: true,
        }).pass();
      const free = entry(await pass(null), marketP3).decision;
      if (!free) throw new Error("no decision");
      const now = free.at;
      expect(free.belief.pooledP).toBe(
        passProbability((await vc.proposalTally(P3)) ?? tally, now).p,
      );
      expect(free.belief.components.map((x) => x.source)).toEqual(["proposal-tally"]);
      const priceYes = (await vc.readMarket(marketP3)).view;
      expect(free.belief.pooledP ?? 0).toBeGreaterThan(
        priceFloat(priceYes.state.logSum, priceYes.supplies[1] ?? 0n, priceYes.state.liquidity),
      );
      // Unbound, the tally says buy Yes...
      expect([free.action, free.outcome]).toEqual(["buy", 1]);
      // ...but the delegate voted Against: the trader may not bet that the proposal passes.
      const bound = entry(await pass({ id: 2n, name: "Builder-friendly" }), marketP3).decision;
      expect(bound?.action).toBe("skip");
      expect(bound?.skipReason).toBe("edgeBelowThreshold");
      expect(bound?.belief.adjustments.join(" ")).toContain("delegate:#2 Builder-friendly");
    } finally {
      await memory.close();
      await setPolicyAllowing(allowed);
    }
  });

  it("dry run: decides and records, sends nothing", async () => {
    only(markets.A, 0.65);
    const memory = await openTraderStore({ dataDir: "memory://" });
    try {
      const result = await runtime({ store: memory, dryRun: true }).pass();
      const a = entry(result, markets.A);
      expect(a.status).toBe("printed");
      expect(a.action).toBe("buy");
      expect(await traded(markets.A)).toHaveLength(0);
      expect(await memory.listIntents()).toEqual([]);
      const [row] = await memory.listDecisions({ marketId: markets.A });
      expect(row?.action).toBe("buy");
      expect(row?.dryRun).toBe(true);
      expect(lines.some((l) => l.includes("dry run: buy") && l.endsWith("nothing sent"))).toBe(
        true,
      );
    } finally {
      await memory.close();
    }
  });

  it("buys when the belief is above the price, within the caps, and records why", async () => {
    only(markets.A, 0.65);
    const result = await runtime().pass();
    const a = entry(result, markets.A);
    expect(a.status).toBe("executed");
    expect(a.action).toBe("buy");
    const d = a.decision;
    if (!d) throw new Error("no decision");
    expect(d.boundBy).toBe("kelly");
    expect(d.price).toBeCloseTo(0.5, 9);
    expect(d.edge).toBeCloseTo(0.15, 9);
    expect(d.maxCost).toBeLessThanOrEqual(200n * T);
    const events = await traded(markets.A);
    expect(events).toHaveLength(1);
    const ev = events[0];
    expect(ev?.args.operator).toBe(AGENT.address);
    expect(ev?.args.isBuy).toBe(true);
    expect(ev?.args.shares).toBe(d.shares);
    expect(ev?.args.collateral).toBe(a.amount);
    expect(a.amount ?? 0n).toBeLessThanOrEqual(d.maxCost);
    expect(a.amount).toBe(d.cost); // the exact quote: nobody traded in between

    // The decision record: the belief, each source and its weight, the price, the edge, the size
    // and the rule that bounded it.
    const rows = await store.listDecisions({ marketId: markets.A });
    const row = rows[rows.length - 1];
    expect(row?.action).toBe("buy");
    expect(row?.belief).toBe(0.65);
    expect(row?.boundBy).toBe("kelly");
    expect(row?.shares).toBe(d.shares);
    if (!row) throw new Error("no decision row");
    const { components } = row.record.belief as {
      components: { source: string; weight: number; p: number }[];
    };
    expect(components).toEqual([expect.objectContaining({ source: "holder", weight: 1, p: 0.65 })]);
    // The intent: sent with maxCost and a deadline, confirmed with what the vault charged.
    const intents = await store.listIntents({ marketId: markets.A });
    expect(intents).toHaveLength(1);
    const i = intents[0];
    expect(i?.status).toBe("confirmed");
    expect(i?.txHash).toBe(ev?.transactionHash);
    expect(i?.limit).toBe(d.maxCost);
    expect(i?.amount).toBe(a.amount);
    const block = await client.getBlock({ blockNumber: ev?.blockNumber ?? 0n });
    expect((i?.deadline ?? 0n) > block.timestamp).toBe(true);
    // Position and belief.
    const v = await vaultOf(markets.A);
    const pos = (await store.listPositions({ user: HOLDER.address })).find(
      (p) => p.marketId === markets.A,
    );
    expect(pos?.shares).toEqual(v.position?.shares);
    expect(pos?.exposure).toBe(v.position?.exposure);
    const stored = await store.listBeliefs({ marketId: markets.A });
    expect(stored.map((b) => b.p)).toEqual([0.65]);
  });

  it("a second pass does not buy again, and an executed decision is never sent twice", async () => {
    const result = await runtime().pass();
    const a = entry(result, markets.A);
    expect(a.status).toBe("skipped");
    expect(a.skipReason).toBe("kellyZero");
    expect(await traded(markets.A)).toHaveLength(1);
    const [done] = await store.listIntents({ marketId: markets.A });
    if (!done) throw new Error("no intent");
    const executor = createTradeExecutor({
      store,
      chain: vaultChain(),
      scope: { vault: addresses.tradingVault, agent: AGENT.address, user: HOLDER.address },
    });
    const again = await executor.execute({
      key: done.key,
      decisionId: done.decisionId,
      kind: "buy",
      marketId: markets.A,
      outcome: 0,
      shares: done.shares,
      limit: done.limit,
      deadline: done.deadline,
    });
    expect(again.status).toBe("duplicate");
    expect(await traded(markets.A)).toHaveLength(1);
  });

  it("sells when the edge reverses", async () => {
    const before = await vaultOf(markets.A);
    const held = before.position?.shares[0] ?? 0n;
    only(markets.A, 0.3);
    const result = await runtime().pass();
    const a = entry(result, markets.A);
    expect(a.status).toBe("executed");
    expect(a.action).toBe("sell");
    const d = a.decision;
    if (!d) throw new Error("no decision");
    expect(d.shares).toBeGreaterThan(0n);
    expect(d.shares).toBeLessThanOrEqual(held);
    const events = await traded(markets.A);
    expect(events).toHaveLength(2);
    expect(events[1]?.args.isBuy).toBe(false);
    expect(events[1]?.args.shares).toBe(d.shares);
    expect(a.amount ?? 0n).toBeGreaterThanOrEqual(d.minProceeds);
    const after = await vaultOf(markets.A);
    expect(after.position?.shares[0]).toBe(held - d.shares);
    expect(after.balance).toBe(before.balance + (a.amount ?? 0n));
  });

  it("skips when the price moves past the belief before the re-check", async () => {
    only(markets.D, 0.6);
    const result = await runtime({
      hooks: {
        beforeRecheck: async () => {
          await buyWithCollateral(c.wallet(OTHER_TRADER), {
            publicClient: client,
            addresses,
            marketId: markets.D,
            outcome: 0n,
            collateralIn: 800n * T,
          });
        },
      },
    }).pass();
    const d = entry(result, markets.D);
    expect(d.status).toBe("skipped");
    expect(d.skipReason).toBe("priceMoved");
    expect(await traded(markets.D)).toHaveLength(0);
  });

  it("maps the vault's refusal of a moved price to a logged skip", async () => {
    only(markets.D, 0.97);
    const result = await runtime({
      hooks: {
        beforeSend: async () => {
          await buyWithCollateral(c.wallet(OTHER_TRADER), {
            publicClient: client,
            addresses,
            marketId: markets.D,
            outcome: 0n,
            collateralIn: 300n * T,
          });
        },
      },
    }).pass();
    const d = entry(result, markets.D);
    expect(d.status).toBe("refused");
    expect(d.skipReason).toBe("priceMoved");
    expect(d.reason).toContain("CostAboveMax");
    expect(await traded(markets.D)).toHaveLength(0);
    const [intent] = await store.listIntents({ marketId: markets.D });
    expect(intent?.status).toBe("failed");
    expect(intent?.txHash).toBeNull();
    expect(
      lines.some(
        (l) =>
          l.includes(`market #${markets.D}`) &&
          l.includes("skip (priceMoved): the vault refused the buy"),
      ),
    ).toBe(true);
  });

  it("crash after broadcast: the restart settles it from the chain and trades once", async () => {
    only(markets.E, 0.6);
    const crashed = await runtime({
      hooks: {
        afterBroadcast: () => {
          throw new Error("simulated crash after broadcast");
        },
      },
    }).pass();
    expect(entry(crashed, markets.E).status).toBe("unsettled");
    const [left] = await store.listIntents({ marketId: markets.E });
    expect(left?.status).toBe("sending");
    expect(left?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(left?.nonce).not.toBeNull();
    const onChain = await traded(markets.E);
    expect(onChain).toHaveLength(1); // it did reach the chain
    expect(onChain[0]?.transactionHash).toBe(left?.txHash);

    await reopenStore();
    const restarted = await runtime().pass();
    expect(restarted.resumed).toHaveLength(1);
    expect(restarted.resumed[0]?.status).toBe("confirmed");
    const [done] = await store.listIntents({ marketId: markets.E });
    expect(done?.status).toBe("confirmed");
    expect(done?.txHash).toBe(left?.txHash);
    expect(done?.amount).toBe(onChain[0]?.args.collateral);
    // The market is decided again on fresh holdings: the Kelly position is already held.
    expect(entry(restarted, markets.E).skipReason).toBe("kellyZero");
    expect(await traded(markets.E)).toHaveLength(1);
  });

  it("crash before broadcast: the restart sends the very same signed transaction, once", async () => {
    only(markets.G, 0.6);
    const crashed = await runtime({
      hooks: {
        beforeBroadcast: () => {
          throw new Error("simulated crash before broadcast");
        },
      },
    }).pass();
    expect(entry(crashed, markets.G).status).toBe("unsettled");
    const [left] = await store.listIntents({ marketId: markets.G });
    expect(left?.status).toBe("sending");
    expect(left?.rawTx).toMatch(/^0x[0-9a-f]+$/);
    expect(await traded(markets.G)).toHaveLength(0);
    await expect(client.getTransaction({ hash: left?.txHash as Hex })).rejects.toThrow();

    await reopenStore();
    const restarted = await runtime().pass();
    expect(restarted.resumed.map((o) => o.status)).toEqual(["confirmed"]);
    const events = await traded(markets.G);
    expect(events).toHaveLength(1);
    expect(events[0]?.transactionHash).toBe(left?.txHash);
    expect(entry(restarted, markets.G).skipReason).toBe("kellyZero");
  });

  it("a limit reached is a skip with its reason, and no trade goes past it", async () => {
    const { window } = await vaultOf(markets.B);
    const maxPerDay = window.spent + 20n * T;
    await setPolicy({ maxPerDay });
    only(markets.B, 0.9);
    const first = entry(await runtime().pass(), markets.B);
    expect(first.status).toBe("executed");
    expect(first.decision?.boundBy).toBe("maxPerDay");
    expect(first.amount ?? 0n).toBeLessThanOrEqual(20n * T);
    const second = entry(await runtime().pass(), markets.B);
    expect(second.status).toBe("skipped");
    expect(second.skipReason).toBe("limitReached");
    expect(second.reason).toMatch(/maxPerDay/);
    expect(await traded(markets.B)).toHaveLength(1);
    const after = await vaultOf(markets.B);
    expect(after.window.spent).toBeLessThanOrEqual(maxPerDay);
  });

  it("an empty vault is a skip", async () => {
    const { balance } = await vaultOf(markets.H);
    await vaultWithdraw(c.wallet(5), { publicClient: client, addresses, amount: balance });
    only(markets.H, 0.8);
    const h = entry(await runtime().pass(), markets.H);
    expect(h.skipReason).toBe("emptyBankroll");
    expect(await traded(markets.H)).toHaveLength(0);
    await vaultDeposit(c.wallet(5), { publicClient: client, addresses, amount: balance });
  });

  it("a belief of exactly 1 is a skip, not a bet", async () => {
    only(markets.F, 1);
    const f = entry(await runtime().pass(), markets.F);
    expect(f.skipReason).toBe("invalidBelief");
    expect(f.reason).toContain("exactly 1");
    expect(await traded(markets.F)).toHaveLength(0);
  });

  it("a closed market is a skip", async () => {
    await c.test.increaseTime({ seconds: 3 * 3_600 });
    await c.test.mine({ blocks: 1 });
    only(markets.C, 0.8);
    const closed = entry(await runtime().pass(), markets.C);
    expect(closed.skipReason).toBe("marketClosed");
    expect(await traded(markets.C)).toHaveLength(0);
  });

  it("a read that fails in one market is one line; the other markets go on", async () => {
    const real = vaultChain();
    const stalling: VaultChain = {
      ...real,
      async vault(token, ids) {
        if (ids.length === 1 && ids[0] === markets.D) {
          throw new Error(
            "HTTP request failed.\n\nURL: http://127.0.0.1\nThe request took too long to respond.",
          );
        }
        return real.vault(token, ids);
      },
    };
    only(markets.F, 0.5);
    const result = await runtime({ chain: stalling }).pass();
    const d = entry(result, markets.D);
    expect(d.status).toBe("error");
    expect(result.errors).toBe(1);
    expect(entry(result, markets.H).status).toBe("skipped");
    const line = lines.find((l) => l.startsWith(`market #${markets.D}`) && l.includes("error:"));
    expect(line).toBeDefined();
    expect(line).not.toContain("\n");
  });

  it("a key that is not the vault's agent trades nothing", async () => {
    only(markets.F, 0.8);
    const result = await runtime({ chain: vaultChain(STRANGER) }).pass();
    expect(result.blocked).toMatch(/names 0x[0-9a-fA-F]{40} as its agent, not this key/);
    expect(result.entries).toEqual([]);
  });

  it("resolution: winning shares are redeemed once; the track record scores the last belief before close", async () => {
    // A (last belief 0.3) and E (last belief 0.6) resolve Yes.
    await committeeVote(c.wallet(COMMITTEE), {
      publicClient: client,
      addresses,
      marketId: markets.A,
      outcome: 0n,
    });
    await committeeVote(c.wallet(COMMITTEE), {
      publicClient: client,
      addresses,
      marketId: markets.E,
      outcome: 0n,
    });
    const held = {
      A: (await vaultOf(markets.A)).position?.shares[0] ?? 0n,
      E: (await vaultOf(markets.E)).position?.shares[0] ?? 0n,
    };
    expect(held.E).toBeGreaterThan(0n);
    beliefs = new Map();
    const result = await runtime().pass();
    for (const key of ["A", "E"] as const) {
      const e = entry(result, markets[key]);
      if (held[key] > 0n) {
        expect(e.action).toBe("redeem");
        expect(e.status).toBe("executed");
        expect(e.amount).toBe(held[key]); // one base unit per winning share
        expect((await vaultOf(markets[key])).position?.shares[0]).toBe(0n);
      } else {
        expect(e.skipReason).toBe("marketNotOpen");
      }
    }
    const redeemedBefore = (await redeemed(markets.E)).length;
    expect(redeemedBefore).toBe(1);
    await runtime().pass();
    expect(await redeemed(markets.E)).toHaveLength(1);

    const report = await trackRecord(store, { user: HOLDER.address });
    expect(report.agents).toHaveLength(1);
    const agent = report.agents[0];
    if (!agent) throw new Error("no agent");
    expect(agent.agent).toBe(AGENT.address.toLowerCase());
    expect(agent.scored.map((s) => s.marketId)).toEqual([
      markets.A.toString(),
      markets.E.toString(),
    ]);
    expect(agent.scored.map((s) => s.p)).toEqual([0.3, 0.6]);
    expect(agent.markets).toBe(2);
    expect(agent.brier).toBeCloseTo(((0.3 - 1) ** 2 + (0.6 - 1) ** 2) / 2, 12);
    expect(agent.logLoss).toBeCloseTo((-Math.log(0.3) - Math.log(0.6)) / 2, 12);
    expect(agent.bySource).toEqual([expect.objectContaining({ source: "holder", markets: 2 })]);
  });

  it("the CLI: --report prints that record; a dry run and a real run against the chain", async () => {
    const expected = await trackRecord(store, { user: HOLDER.address });
    await store.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = await main(["--report", "--db-dir", dbDir, "--user", HOLDER.address], {}, io);
    expect(code).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { agents: { brier: number; logLoss: number }[] };
    expect(printed.agents[0]?.brier).toBe(expected.agents[0]?.brier);
    expect(printed.agents[0]?.logLoss).toBe(expected.agents[0]?.logLoss);

    const file = join(tmp, "beliefs.json");
    writeFileSync(file, JSON.stringify({ [markets.G.toString()]: { p: 0.9, note: "test" } }));
    const args = [
      "--user",
      HOLDER.address,
      "--dev-account",
      "13",
      "--rpc-url",
      rpcUrl,
      "--beliefs",
      file,
      "--once",
    ];
    out.length = 0;
    // With an OpenAI-compatible forecaster (a local server replaying a hand-written reply, p 0.82).
    const reply = readFileSync(
      join(
        fileURLToPath(new URL(".", import.meta.url)),
        "fixtures",
        "openai",
        "forecast-good.json",
      ),
      "utf8",
    );
    let asked = 0;
    const model = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        asked++;
        const f = JSON.parse(reply) as {
          status: number;
          headers: Record<string, string>;
          body: unknown;
        };
        res.writeHead(f.status, f.headers);
        res.end(JSON.stringify(f.body));
      });
    });
    await new Promise<void>((r) => model.listen(0, "127.0.0.1", () => r()));
    const apiKey = "sk-test-never-in-a-log-0123456789abcdef";
    try {
      const env = {
        MANDATE_TRADER_FORECASTER: "openai",
        OPENAI_MODEL: "test-model",
        OPENAI_BASE_URL: `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`,
        OPENAI_API_KEY: apiKey,
      };
      expect(await main([...args, "--dry-run"], env, io)).toBe(0);
    } finally {
      await new Promise<void>((r) => model.close(() => r()));
    }
    expect(out[0]).toMatch(/^\[trader\] starting: agent 0x/);
    expect(out.some((l) => l.includes("openai/test-model at http://127.0.0.1:"))).toBe(true);
    const g = out.find((l) => l.includes(`market #${markets.G}`));
    expect(g).toContain("holder 0.9 (weight 0.5)");
    expect(g).toContain("openai/test-model 0.82 (weight 0.5)");
    // Asked once per market it may trade (open, allowed): B, D, F, G, H (A and E are resolved, C
    // is closed).
    expect(asked).toBe(5);
    expect(out.join("\n")).not.toContain(apiKey);
    const eventsBefore = (await traded(markets.G)).length;
    out.length = 0;
    expect(await main([...args, "--db-dir", join(tmp, "cli-db")], {}, io)).toBe(0);
    // The daily limit set above is used up: the CLI logs the skip and its reason.
    expect(
      out.some((l) => l.includes(`market #${markets.G}`) && l.includes("skip (limitReached)")),
    ).toBe(true);
    expect(await traded(markets.G)).toHaveLength(eventsBefore);
    expect(err).toEqual([]);
    store = await openTraderStore({ dataDir: dbDir });
  });

  it("as a service: the key from a V3 keystore, /health ok after a pass, /metrics counts, JSON logs", async () => {
    const pk = AGENT.getHdKey().privateKey;
    if (!pk) throw new Error("no key");
    const key = `0x${Buffer.from(pk).toString("hex")}` as const;
    const password = "a keystore password for the agent";
    const keystore = join(tmp, "agent.keystore.json");
    const passwordFile = join(tmp, "agent.password");
    writeFileSync(keystore, await encryptKeystore(key, password, { scryptN: 1024 }));
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const out: string[] = [];
    const err: string[] = [];
    const controller = new AbortController();
    const running = main(
      [
        "--user",
        HOLDER.address,
        "--rpc-url",
        rpcUrl,
        "--db-dir",
        join(tmp, "service-db"),
        "--http-port",
        "0",
        "--interval-ms",
        "200",
      ],
      {
        MANDATE_TRADER_KEYSTORE: keystore,
        MANDATE_TRADER_KEYSTORE_PASSWORD_FILE: passwordFile,
        MANDATE_LOG_FORMAT: "json",
      },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      controller.signal,
    );
    const msgs = () => out.map((l) => (JSON.parse(l) as { msg: string }).msg);
    const label = `{user="${HOLDER.address}"}`;
    try {
      let url = "";
      for (let i = 0; i < 400 && !url; i++) {
        const m = msgs()
          .join("\n")
          .match(/health on (http:\/\/127\.0\.0\.1:\d+)\/health/);
        if (m?.[1]) url = m[1];
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(url, [...out, ...err].join("\n")).not.toBe("");
      let health: Record<string, unknown> = {};
      for (let i = 0; i < 600; i++) {
        const res = await fetch(`${url}/health`);
        health = (await res.json()) as Record<string, unknown>;
        if (res.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health, [...out, ...err].join("\n")).toMatchObject({
        status: "ok",
        phase: "running",
        service: "trader",
        failuresInARow: 0,
      });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain(`mandate_trader_up${label} 1\n`);
      expect(metrics).toMatch(
        new RegExp(`mandate_trader_passes_total\\{user="${HOLDER.address}"\\} [1-9]`),
      );
      expect(metrics).toMatch(
        new RegExp(`mandate_trader_markets\\{user="${HOLDER.address}"\\} [1-9]`),
      );
      // Resolved and closed markets are skips at least (and the daily limit was used up above).
      expect(metrics).toMatch(
        new RegExp(`mandate_trader_skips_total\\{user="${HOLDER.address}"\\} [1-9]`),
      );
      expect(metrics).toContain(`mandate_trader_blocked${label} 0\n`);
    } finally {
      controller.abort();
    }
    expect(await running).toBe(0);
    expect(err).toEqual([]);
    expect(msgs()).toContain(`agent key from the keystore ${keystore}`);
    expect(msgs().some((m) => m.startsWith(`starting: agent ${AGENT.address.slice(0, 6)}…`))).toBe(
      true,
    );
    for (const l of out) {
      expect(JSON.parse(l)).toMatchObject({ level: "info", service: "trader", tag: "trader" });
    }
    const all = [...out, ...err].join("\n");
    expect(all.toLowerCase()).not.toContain(key.slice(2));
    expect(all).not.toContain(password);
  });

  it("never logs a key", () => {
    const keys = [AGENT, STRANGER, HOLDER].map((a) => {
      const pk = a.getHdKey().privateKey;
      return pk ? Buffer.from(pk).toString("hex") : "";
    });
    for (const l of lines) for (const k of keys) expect(l.toLowerCase()).not.toContain(k);
  });
});
