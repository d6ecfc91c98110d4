/**
 * Parity: @mandate/lmsr computes the same integers as the deployed LMSRMarket, to the wei.
 *
 * Thousands of seeded random trades (buys, sells, exact-collateral buys) on markets with 2 to 256
 * outcomes, 6- and 18-decimal collateral, with and without fees. Before each trade the mirror's
 * quote must equal the contract's quote; after it, the collateral actually moved and the stored
 * log-sum must equal the mirror's, and periodically every price must match.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  priceWad,
  quoteBuy,
  quoteBuyWithCollateral,
  quoteSell,
} from "@mandate/lmsr";
import { network } from "hardhat";
import { maxUint256, parseUnits } from "viem";

const TRADES = process.env.CI === "true" ? 6000 : 2500;

/** xorshift64*: deterministic across runs and machines. */
function rng(seed: bigint) {
  let s = seed;
  return (bound: bigint): bigint => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return ((s * 2685821657736338717n) & 0xffffffffffffffffn) % bound;
  };
}

describe("LMSR mirror parity with the deployed market", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const traders = wallets.slice(1, 5);
  const market = await viem.deployContract("LMSRMarket");
  const usd6 = await viem.deployContract("MockERC20", ["USD6", "USD6", 6]);
  const usd18 = await viem.deployContract("MockERC20", ["USD18", "USD18", 18]);

  const specs = [
    { token: usd6, n: 2n, b: parseUnits("1000", 6), feeBps: 100n, unit: parseUnits("1", 6) },
    { token: usd18, n: 8n, b: parseUnits("5000", 18), feeBps: 0n, unit: parseUnits("1", 18) },
    { token: usd6, n: 256n, b: parseUnits("100", 6), feeBps: 30n, unit: parseUnits("1", 6) },
    // Thin liquidity: supplies reach many times b, prices reach the extremes.
    { token: usd6, n: 3n, b: 10_000n, feeBps: 1000n, unit: 10_000n },
  ];
  const markets: { id: bigint; spec: (typeof specs)[number]; supplies: bigint[]; held: bigint[][] }[] = [];

  before(async () => {
    const now = (await publicClient.getBlock()).timestamp;
    for (const w of wallets.slice(0, 5)) {
      for (const t of [usd6, usd18]) {
        await t.write.mint([w.account.address, parseUnits("1000000000000", 18)]);
        await t.write.approve([market.address, maxUint256], { account: w.account });
      }
    }
    for (const spec of specs) {
      await market.write.createMarket([
        {
          collateral: spec.token.address,
          liquidity: spec.b,
          outcomeCount: spec.n,
          resolver: wallets[0]!.account.address,
          closeTime: now + 10n ** 8n,
          feeBps: spec.feeBps,
          metadataHash: `0x${"00".repeat(32)}`,
          metadataURI: "",
        },
      ]);
      const id = await market.read.marketCount();
      markets.push({ id, spec, supplies: Array(Number(spec.n)).fill(0n), held: traders.map(() => Array(Number(spec.n)).fill(0n)) });
    }
  });

  it(`matches quotes, charges, log-sums and prices over ${TRADES} random trades`, async () => {
    const rand = rng(0x6d616e64617465n);
    let buys = 0;
    let sells = 0;
    let exactIn = 0;
    for (let i = 0; i < TRADES; i++) {
      const m = markets[Number(rand(BigInt(markets.length)))]!;
      const ti = Number(rand(BigInt(traders.length)));
      const trader = traders[ti]!;
      const outcome = rand(m.spec.n);
      const o = Number(outcome);
      const info = await market.read.getMarket([m.id]);
      const state = { liquidity: m.spec.b, logSum: info.logSum, feeBps: m.spec.feeBps };
      const q = m.supplies[o]!;
      const balanceBefore = await m.spec.token.read.balanceOf([trader.account.address]);
      const kind = rand(10n);
      let expectedDelta: bigint;
      let expectedLogSum: bigint;
      const held = m.held[ti]!;
      if (kind < 2n && held[o]! > 0n) {
        const shares = 1n + rand(held[o]!);
        const mirror = quoteSell(state, q, shares);
        const [proceeds] = await market.read.quoteSell([m.id, outcome, shares]);
        assert.equal(mirror.proceeds, proceeds, `quoteSell #${i}`);
        await market.write.sell([m.id, outcome, shares, proceeds, maxUint256], { account: trader.account });
        expectedDelta = proceeds;
        expectedLogSum = mirror.newLogSum;
        m.supplies[o] = q - shares;
        held[o] = held[o]! - shares;
        sells++;
      } else if (kind < 4n) {
        const budget = 2n + rand(m.spec.unit * 50n);
        let mirror: ReturnType<typeof quoteBuyWithCollateral>;
        try {
          mirror = quoteBuyWithCollateral(state, q, budget);
        } catch {
          continue; // too small to buy a share, or beyond range: the contract reverts too (unit-tested)
        }
        const shares = await market.read.quoteBuyWithCollateral([m.id, outcome, budget]);
        assert.equal(mirror.shares, shares, `quoteBuyWithCollateral #${i}`);
        await market.write.buyWithCollateral([m.id, outcome, budget, shares, maxUint256], { account: trader.account });
        expectedDelta = -budget;
        expectedLogSum = mirror.newLogSum;
        m.supplies[o] = q + shares;
        held[o] = held[o]! + shares;
        exactIn++;
      } else {
        const shares = 1n + rand(m.spec.unit * 100n);
        let mirror: ReturnType<typeof quoteBuy>;
        try {
          mirror = quoteBuy(state, q, shares);
        } catch {
          continue; // beyond the log-sum range: the contract reverts too (unit-tested)
        }
        const [cost] = await market.read.quoteBuy([m.id, outcome, shares]);
        assert.equal(mirror.cost, cost, `quoteBuy #${i}`);
        await market.write.buy([m.id, outcome, shares, cost, maxUint256], { account: trader.account });
        expectedDelta = -cost;
        expectedLogSum = mirror.newLogSum;
        m.supplies[o] = q + shares;
        held[o] = held[o]! + shares;
        buys++;
      }
      const balanceAfter = await m.spec.token.read.balanceOf([trader.account.address]);
      assert.equal(balanceAfter - balanceBefore, expectedDelta, `collateral moved #${i}`);
      assert.equal((await market.read.getMarket([m.id])).logSum, expectedLogSum, `log-sum #${i}`);
      if (i % 100 === 0) {
        const onChain = await market.read.prices([m.id]);
        const logSum = (await market.read.getMarket([m.id])).logSum;
        onChain.forEach((p, j) => assert.equal(priceWad(logSum, m.supplies[j]!, m.spec.b), p, `price ${j} #${i}`));
      }
    }
    console.log(`parity: ${buys} buys, ${sells} sells, ${exactIn} exact-collateral buys, all equal to the wei`);
    assert.ok(buys > TRADES / 3 && sells > TRADES / 20 && exactIn > TRADES / 20, "every kind of trade was exercised");
  });
});
