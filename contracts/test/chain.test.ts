/**
 * End to end: `startChain` brings up a fresh node on a free port, deploys with Ignition, seeds the
 * markets, writes the deployment record, and `stop()` releases the port.
 *
 *   npx hardhat test nodejs test/chain.test.ts
 *
 * The record goes to a temporary file: the test never touches deployments/localhost.json, nor
 * the Ignition journal of the default port.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, getAddress, http } from "viem";
import { hardhat } from "viem/chains";
import { type RunningChain, startChain } from "../scripts/chain.ts";
import { readDeployment } from "../scripts/lib/deployment.ts";
import { freePort, isPortFree } from "../scripts/lib/hardhat-node.ts";
import { decodeMetadataURI } from "../scripts/lib/market-metadata.ts";

const WAD = 10n ** 18n;

describe("local chain (scripts/chain.ts)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mandate-chain-test-"));
  const deploymentFile = join(dir, "localhost.json");
  let chain: RunningChain | undefined;
  let port = 0;
  const lines: string[] = [];

  before(async () => {
    port = await freePort();
    assert.notEqual(port, 8545);
    const started = Date.now();
    chain = await startChain({
      port,
      deploymentFile,
      nodeLogFile: join(dir, "node.log"),
      log: (line) => lines.push(line),
    });
    console.log(
      `    chain started on port ${port} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  after(async () => {
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports progress and the RPC URL", () => {
    assert.equal(chain?.rpcUrl, `http://127.0.0.1:${port}`);
    assert.ok(lines.some((l) => l.startsWith("deploying LocalChain with Ignition")));
    assert.ok(lines.some((l) => l.startsWith("ready")));
  });

  it("writes a deployment record whose addresses hold code", async () => {
    const record = readDeployment(deploymentFile);
    assert.deepEqual(record, chain?.deployment);
    assert.equal(record.chainId, 31337);
    assert.equal(record.rpcUrl, `http://127.0.0.1:${port}`);
    // A standalone viem client, as an app would use: nothing from Hardhat.
    const client = createPublicClient({ chain: hardhat, transport: http(record.rpcUrl) });
    for (const [name, { address, blockNumber }] of Object.entries(record.contracts)) {
      assert.equal(address, getAddress(address), `${name} address is checksummed`);
      const code = await client.getCode({ address });
      assert.ok(code !== undefined && code.length > 2, `${name} at ${address} has no code`);
      const atCreation = await client.getCode({ address, blockNumber: BigInt(blockNumber) });
      const before = await client.getCode({ address, blockNumber: BigInt(blockNumber - 1) });
      assert.ok(
        atCreation !== undefined && atCreation.length > 2,
        `${name} exists at block ${blockNumber}`,
      );
      assert.ok(
        before === undefined || before === "0x",
        `${name} did not exist before block ${blockNumber}`,
      );
    }
  });

  it("seeds markets with trades, consistent prices and verifiable metadata", async () => {
    assert.ok(chain);
    const { deployment, viem } = chain;
    const market = await viem.getContractAt("LMSRMarket", deployment.contracts.LMSRMarket.address);
    const seeded = deployment.seededMarkets;
    assert.ok(seeded.length >= 3, "at least three seeded markets");
    const proposalMarkets = deployment.dao?.proposals.length ?? 0;
    assert.equal(await market.read.marketCount(), BigInt(seeded.length + proposalMarkets));
    assert.deepEqual(
      seeded.map((m) => m.outcomes.length).filter((n) => n !== 2),
      [4, 8],
      "a binary, a 4-outcome and an 8-outcome market",
    );
    const totalTrades = seeded.reduce((sum, m) => sum + m.trades, 0);
    assert.ok(totalTrades >= 30 && totalTrades <= 60, `30–60 trades, got ${totalTrades}`);

    const publicClient = await viem.getPublicClient();
    const now = (await publicClient.getBlock()).timestamp;
    const created = await publicClient.getContractEvents({
      address: market.address,
      abi: market.abi,
      eventName: "MarketCreated",
      fromBlock: 0n,
    });
    const generalIds = new Set(seeded.map((m) => BigInt(m.marketId)));
    const trades = (
      await publicClient.getContractEvents({
        address: market.address,
        abi: market.abi,
        eventName: "Trade",
        fromBlock: 0n,
      })
    ).filter((t) => t.args.marketId !== undefined && generalIds.has(t.args.marketId));
    assert.equal(trades.length, totalTrades);
    assert.ok(
      trades.some((t) => t.args.isBuy === false),
      "the history has sells",
    );
    assert.ok(new Set(trades.map((t) => t.args.trader)).size >= 3, "several traders");

    let open = 0;
    for (const m of seeded) {
      const id = BigInt(m.marketId);
      const info = await market.read.getMarket([id]);
      assert.equal(info.resolver, deployment.contracts.CommitteeResolver.address);
      assert.equal(info.collateral, deployment.contracts.DemoCollateral.address);
      assert.equal(info.outcomeCount, BigInt(m.outcomes.length));

      let supplies = 0n;
      for (let o = 0n; o < info.outcomeCount; o++) supplies += await market.read.supply([id, o]);
      assert.ok(supplies > 0n, `market #${id} has shares outstanding`);
      assert.ok(trades.filter((t) => t.args.marketId === id).length === m.trades);

      const prices = await market.read.prices([id]);
      const sum = prices.reduce((a, b) => a + b, 0n);
      // Each price is rounded down: the sum is at most 1e18 and short of it by a few wei per outcome.
      assert.ok(sum <= WAD && WAD - sum < 1_000n, `market #${id} prices sum to ${sum}`);

      const event = created.find((e) => e.args.marketId === id);
      assert.ok(event?.args.metadataURI && event.args.metadataHash);
      const metadata = decodeMetadataURI(event.args.metadataURI, event.args.metadataHash);
      assert.equal(metadata.question, m.question);
      assert.deepEqual(metadata.outcomes, m.outcomes);
      assert.equal(m.metadataHash, event.args.metadataHash);

      if (m.state === "open") {
        open++;
        assert.equal(info.state, 1, `market #${id} is open`);
        assert.ok(info.closeTime > now + 2n * 86_400n, `market #${id} closes days ahead`);
      } else {
        assert.equal(info.state, 3, `market #${id} is resolved`);
        assert.equal(info.resolvedOutcome, BigInt(m.resolvedOutcome ?? -1));
      }
    }
    assert.ok(open >= 3, "most markets stay open");
  });

  it("seeds a DAO: holders, AI delegates, and proposals in every state with their markets", async () => {
    assert.ok(chain);
    const { deployment, viem } = chain;
    const dao = deployment.dao;
    assert.ok(dao, "the DAO is seeded");
    const c = deployment.contracts;
    const governor = await viem.getContractAt("MandateGovernor", c.MandateGovernor.address);
    const registry = await viem.getContractAt("AIDelegateRegistry", c.AIDelegateRegistry.address);
    const token = await viem.getContractAt("GovernanceToken", c.GovernanceToken.address);
    const resolver = await viem.getContractAt("GovernorResolver", c.GovernorResolver.address);
    const market = await viem.getContractAt("LMSRMarket", c.LMSRMarket.address);

    assert.equal(dao.holders.length, 10);
    assert.equal(new Set(dao.holders.map((h) => h.delegatedTo)).size >= 5, true);
    for (const h of dao.holders) {
      assert.equal((await token.read.balanceOf([h.account])).toString(), h.balance);
      if (h.delegatedTo !== null)
        assert.equal(getAddress(await token.read.delegates([h.account])), getAddress(h.delegatedTo));
    }
    assert.equal(dao.delegates.length, 2);
    assert.notEqual(dao.delegates[0]?.mandateHash, dao.delegates[1]?.mandateHash);
    for (const d of dao.delegates) {
      const info = await registry.read.delegateInfo([BigInt(d.delegateId)]);
      assert.equal(getAddress(info.instance), getAddress(d.instance));
      assert.equal(getAddress(info.operator), getAddress(d.operator));
      const mandate = await registry.read.mandate([BigInt(d.delegateId), 1n]);
      assert.equal(mandate.mandateHash, d.mandateHash);
    }

    // Executed → Yes, Defeated → No, Active → open market.
    const expected = { executed: [7, 1n], defeated: [3, 0n], active: [1, undefined] } as const;
    assert.deepEqual(
      dao.proposals.map((p) => p.state),
      ["executed", "defeated", "active", "active"],
    );
    assert.deepEqual(
      [...new Set(dao.proposals.map((p) => p.kind))].sort(),
      ["contract upgrade", "parameter change", "treasury transfer"],
    );
    for (const p of dao.proposals) {
      const id = BigInt(p.proposalId);
      const [state, outcome] = expected[p.state];
      assert.equal(await governor.read.state([id]), state, `${p.key} state`);
      assert.equal(await resolver.read.marketOf([id]), BigInt(p.marketId));
      const info = await market.read.getMarket([BigInt(p.marketId)]);
      if (outcome === undefined) assert.equal(info.state, 1, `${p.key} market open`);
      else {
        assert.equal(info.state, 3, `${p.key} market resolved`);
        assert.equal(info.resolvedOutcome, outcome);
      }
    }

    // The AI delegates voted (or asked) with recorded decisions, and delegators overrode them.
    const publicClient = await viem.getPublicClient();
    const recorded = await publicClient.getContractEvents({
      address: registry.address,
      abi: registry.abi,
      eventName: "DelegateVoteRecorded",
      fromBlock: 0n,
    });
    const pending = await publicClient.getContractEvents({
      address: registry.address,
      abi: registry.abi,
      eventName: "PendingDecisionRecorded",
      fromBlock: 0n,
    });
    assert.equal(recorded.length, 4, "both delegates on P1, the builder on P2 and P3");
    assert.equal(pending.length, 2, "the steward asked its holders about P2 and P3");
    const overrides = await publicClient.getContractEvents({
      address: governor.address,
      abi: governor.abi,
      eventName: "OverrideVoteCast",
      fromBlock: 0n,
    });
    assert.equal(overrides.length, 3);
    const p4 = dao.proposals.find((p) => p.key === "P4");
    assert.ok(p4);
    for (const d of dao.delegates) {
      assert.equal(
        await governor.read.hasVoted([BigInt(p4.proposalId), d.instance]),
        false,
        "P4 is left for the running delegate",
      );
    }
  });

  it("funds the dev accounts with mUSD", async () => {
    assert.ok(chain);
    const usd = await chain.viem.getContractAt(
      "MockERC20",
      chain.deployment.contracts.DemoCollateral.address,
    );
    assert.equal(await usd.read.symbol(), "mUSD");
    assert.equal(await usd.read.decimals(), 6);
    for (const account of chain.accounts.slice(0, 10)) {
      assert.ok((await usd.read.balanceOf([account])) > 0n, `${account} holds mUSD`);
    }
  });

  it("refuses a port that is in use, naming it and the way out", async () => {
    const attempt = startChain({ port, deploymentFile: null, nodeLogFile: join(dir, "node2.log") });
    await assert.rejects(attempt, (error: Error) => {
      assert.equal(error.name, "PortInUseError");
      assert.match(error.message, new RegExp(`Port ${port} `));
      assert.match(error.message, /MANDATE_CHAIN_PORT=/);
      return true;
    });
  });

  it("stops the node and frees the port", async () => {
    assert.ok(chain);
    assert.equal(await isPortFree(port), false);
    await chain.stop();
    await chain.stop(); // idempotent
    assert.equal(await isPortFree(port), true);
  });
});
