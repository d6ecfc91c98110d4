/**
 * Gas of a vault-mediated trade against the same direct `LMSRMarket` trade, from transaction
 * receipts (gasUsed) on an in-process Hardhat network (cancun): every measured call is its own
 * transaction, so every account and slot starts cold, as on a real chain.
 *
 *   npx hardhat test nodejs test/vault/TradingVault.gas.test.ts
 *
 * Scenarios (same market, same outcome, same size; the direct trader and the vault user are in
 * the same position before each pair of measurements):
 * - repeatBuy: the trader (or the vault user, through the vault) already holds shares of the
 *   outcome and buys again. For the vault, the user's balance, share record, exposure and daily
 *   window are all non-zero: the steady state of an agent trading. Target: vault − direct ≤ 30 000.
 * - firstBuy: a trader holding no shares of the outcome buys it (its supply is already non-zero).
 *   Through the vault, the vault already holds that outcome for another user; the new user's share
 *   record goes from zero to non-zero, as the direct trader's balance does.
 * - buyWithCollateral, sell: repeat positions, as repeatBuy.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hash, maxUint256, parseUnits } from "viem";

const BUDGET = 30_000n;

describe("TradingVault gas overhead against direct LMSRMarket trades", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, direct, user, agent, direct2, user2] = await viem.getWalletClients();
  if (!deployer || !direct || !user || !agent || !direct2 || !user2)
    throw new Error("need six accounts");
  const used = async (hash: Promise<Hash>) =>
    (await publicClient.waitForTransactionReceipt({ hash: await hash })).gasUsed;

  const market = await viem.deployContract("LMSRMarket");
  const vault = await viem.deployContract("TradingVault", [market.address]);
  const usd = await viem.deployContract("MockERC20", ["Test USD", "USD", 6]);
  for (const w of [deployer, direct, direct2]) {
    await usd.write.mint([w.account.address, parseUnits("1000000", 6)]);
    await usd.write.approve([market.address, maxUint256], { account: w.account });
  }
  for (const w of [user, user2]) {
    await usd.write.mint([w.account.address, parseUnits("1000000", 6)]);
    await usd.write.approve([vault.address, maxUint256], { account: w.account });
    await vault.write.deposit([usd.address, parseUnits("100000", 6)], { account: w.account });
  }
  const now = (await publicClient.getBlock()).timestamp;
  const marketId = 1n;
  await market.write.createMarket([
    {
      collateral: usd.address,
      liquidity: parseUnits("1000", 6),
      outcomeCount: 2n,
      resolver: deployer.account.address,
      closeTime: now + 30n * 86_400n,
      feeBps: 100n,
      metadataHash: `0x${"11".repeat(32)}`,
      metadataURI: "ipfs://bafy-gas-market",
    },
  ]);
  const policy = {
    agent: agent.account.address,
    collateral: usd.address,
    expiry: now + 365n * 86_400n,
    maxPerTrade: parseUnits("10000", 6),
    maxPerDay: parseUnits("50000", 6),
    maxExposurePerMarket: parseUnits("50000", 6),
    allMarkets: false,
  };
  await vault.write.setPolicy([policy, [marketId]], { account: user.account });
  await vault.write.setPolicy([policy, [marketId]], { account: user2.account });

  const outcome = 1n;
  const shares = parseUnits("10", 6);
  const deadline = maxUint256;
  const d = { account: direct.account };
  const a = { account: agent.account };
  const rows: Record<string, { direct: bigint; vault: bigint; overhead: bigint }> = {};
  const record = (name: string, directGas: bigint, vaultGas: bigint) => {
    rows[name] = { direct: directGas, vault: vaultGas, overhead: vaultGas - directGas };
  };

  it("measures first buys, repeat buys, exact-collateral buys and sells", async () => {
    // Someone opens the outcome, and the vault already holds it (for user2), so "first" means
    // first for this trader only, on both sides.
    await market.write.buy([marketId, outcome, shares, maxUint256, deadline], {
      account: direct2.account,
    });
    await vault.write.buy(
      [user2.account.address, marketId, outcome, shares, maxUint256, deadline],
      {
        account: agent.account,
      },
    );

    const firstDirect = await used(
      market.write.buy([marketId, outcome, shares, maxUint256, deadline], d),
    );
    const firstVault = await used(
      vault.write.buy([user.account.address, marketId, outcome, shares, maxUint256, deadline], a),
    );
    record("firstBuy (agent)", firstDirect, firstVault);

    const repeatDirect = await used(
      market.write.buy([marketId, outcome, shares, maxUint256, deadline], d),
    );
    const repeatVault = await used(
      vault.write.buy([user.account.address, marketId, outcome, shares, maxUint256, deadline], a),
    );
    record("repeatBuy (agent)", repeatDirect, repeatVault);

    const repeatDirect2 = await used(
      market.write.buy([marketId, outcome, shares, maxUint256, deadline], d),
    );
    const repeatUser = await used(
      vault.write.buy([user.account.address, marketId, outcome, shares, maxUint256, deadline], {
        account: user.account,
      }),
    );
    record("repeatBuy (user)", repeatDirect2, repeatUser);

    const collateralIn = parseUnits("5", 6);
    const bwcDirect = await used(
      market.write.buyWithCollateral([marketId, outcome, collateralIn, 0n, deadline], d),
    );
    const bwcVault = await used(
      vault.write.buyWithCollateral(
        [user.account.address, marketId, outcome, collateralIn, 0n, deadline],
        a,
      ),
    );
    record("buyWithCollateral (agent)", bwcDirect, bwcVault);

    const sellDirect = await used(
      market.write.sell([marketId, outcome, shares / 2n, 0n, deadline], d),
    );
    const sellVault = await used(
      vault.write.sell([user.account.address, marketId, outcome, shares / 2n, 0n, deadline], a),
    );
    record("sell (agent)", sellDirect, sellVault);

    console.table(
      Object.fromEntries(
        Object.entries(rows).map(([k, v]) => [
          k,
          { direct: Number(v.direct), vault: Number(v.vault), overhead: Number(v.overhead) },
        ]),
      ),
    );
    const repeat = rows["repeatBuy (agent)"];
    assert.ok(repeat !== undefined);
    assert.ok(
      repeat.overhead <= BUDGET,
      `vault repeat buy costs ${repeat.overhead} gas more than a direct buy (budget ${BUDGET})`,
    );
  });
});
