/** Shared by the gas benchmark and the gas snapshot test: measures every market action. */

import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Hash, maxUint256, parseUnits } from "viem";

export const OUTCOME_COUNTS = [2, 8, 32, 256] as const;

export interface GasRow {
  outcomes: number;
  gas: {
    create: bigint;
    firstBuy: bigint;
    repeatBuy: bigint;
    sell: bigint;
    buyWithCollateral: bigint;
    redeem: bigint;
    deposit: bigint;
    firstBuyFromCredit: bigint;
    repeatBuyFromCredit: bigint;
    sellToCredit: bigint;
    withdraw: bigint;
  };
}

export async function measureMarketGas(viem: HardhatViemHelpers): Promise<GasRow[]> {
  const publicClient = await viem.getPublicClient();
  const [deployer, trader] = await viem.getWalletClients();
  if (!deployer || !trader) throw new Error("the benchmark needs two accounts");
  const used = async (hash: Promise<Hash>) =>
    (await publicClient.waitForTransactionReceipt({ hash: await hash })).gasUsed;

  const market = await viem.deployContract("LMSRMarket");
  const usd = await viem.deployContract("MockERC20", ["Test USD", "USD", 6]);
  for (const account of [deployer, trader]) {
    await usd.write.mint([account.account.address, parseUnits("1000000000", 6)]);
    await usd.write.approve([market.address, maxUint256], { account: account.account });
  }
  const now = (await publicClient.getBlock()).timestamp;
  const params = (n: number) => ({
    collateral: usd.address,
    liquidity: parseUnits("1000", 6),
    outcomeCount: BigInt(n),
    resolver: deployer.account.address,
    closeTime: now + 86_400n,
    feeBps: 100n,
    metadataHash: `0x${"11".repeat(32)}` as const,
    metadataURI: "ipfs://bafy-benchmark-market",
  });
  // The singleton's first market pays one-time costs (its counter, its first collateral balance).
  await used(market.write.createMarket([params(2)]));

  const rows: GasRow[] = [];
  const deadline = maxUint256;
  const t = { account: trader.account };
  for (const n of OUTCOME_COUNTS) {
    const id = (await market.read.marketCount()) + 1n;
    const create = await used(market.write.createMarket([params(n)]));
    const outcome = BigInt(n - 1);
    const shares = parseUnits("10", 6);
    const firstBuy = await used(market.write.buy([id, outcome, shares, maxUint256, deadline], t));
    const repeatBuy = await used(market.write.buy([id, outcome, shares, maxUint256, deadline], t));
    const sell = await used(market.write.sell([id, outcome, shares / 2n, 0n, deadline], t));
    const buyWithCollateral = await used(
      market.write.buyWithCollateral([id, outcome, parseUnits("5", 6), 0n, deadline], t),
    );
    // The credit path: the trader deposits (its credit goes from zero to non-zero), then buys
    // another outcome nobody has traded from credit, twice, sells to credit and withdraws it all.
    const deposit = await used(
      market.write.deposit([usd.address, parseUnits("100", 6), trader.account.address], t),
    );
    const firstBuyFromCredit = await used(
      market.write.buyFromCredit([id, 0n, shares, maxUint256, deadline], t),
    );
    const repeatBuyFromCredit = await used(
      market.write.buyFromCredit([id, 0n, shares, maxUint256, deadline], t),
    );
    const sellToCredit = await used(
      market.write.sellToCredit([id, 0n, shares / 2n, 0n, deadline], t),
    );
    const credit = await market.read.creditOf([usd.address, trader.account.address]);
    const withdraw = await used(
      market.write.withdraw([usd.address, credit, trader.account.address], t),
    );
    await used(market.write.resolve([id, outcome]));
    const redeem = await used(market.write.redeem([id, outcome, shares / 2n], t));
    rows.push({
      outcomes: n,
      gas: {
        create,
        firstBuy,
        repeatBuy,
        sell,
        buyWithCollateral,
        redeem,
        deposit,
        firstBuyFromCredit,
        repeatBuyFromCredit,
        sellToCredit,
        withdraw,
      },
    });
  }
  return rows;
}
