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
    assert.equal(await market.read.marketCount(), BigInt(seeded.length));
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
    const trades = await publicClient.getContractEvents({
      address: market.address,
      abi: market.abi,
      eventName: "Trade",
      fromBlock: 0n,
    });
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
