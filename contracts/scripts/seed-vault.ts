/**
 * Seeds the trading vault of the local chain: one holder puts mUSD in the vault and gives an AI
 * trader a policy, so the trader `npm start` runs has something to manage from the first block.
 *
 * - Holder: dev account #3 (funded with mUSD by scripts/seed.ts) deposits 5,000 mUSD.
 * - Agent: dev account #12 (the trader's operator key in `npm start`).
 * - Policy: every market in mUSD, 30 days, at most 100 mUSD a trade, 500 mUSD a day and
 *   300 mUSD of exposure per market. The vault enforces these on-chain whatever the agent does.
 *
 * Run after seedDemo (it needs the holder's mUSD). Deterministic like the other seeds.
 */
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, type Hash, parseUnits } from "viem";

export interface VaultSeedAddresses {
  vault: Address;
  demoCollateral: Address;
}

export interface VaultSeedResult {
  holder: Address;
  agent: Address;
  /** Deposited mUSD, base units (6 decimals), as a decimal string. */
  deposit: string;
  policy: {
    collateral: Address;
    /** Seconds from the seed to the policy's expiry. */
    expiresInSeconds: number;
    maxPerTrade: string;
    maxPerDay: string;
    maxExposurePerMarket: string;
    allMarkets: boolean;
  };
}

export const VAULT_HOLDER_INDEX = 3;
export const VAULT_AGENT_INDEX = 12;
const USD = (amount: string) => parseUnits(amount, 6);
const DEPOSIT = USD("5000");
const EXPIRES_IN = 30 * 86_400;
const LIMITS = { maxPerTrade: USD("100"), maxPerDay: USD("500"), maxExposurePerMarket: USD("300") };

export async function seedVault(
  viem: HardhatViemHelpers,
  addresses: VaultSeedAddresses,
  { log = () => {} }: { log?: (line: string) => void } = {},
): Promise<VaultSeedResult> {
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const holder = wallets[VAULT_HOLDER_INDEX];
  const agent = wallets[VAULT_AGENT_INDEX];
  if (holder === undefined || agent === undefined) {
    throw new Error(
      `The vault seed needs dev accounts #${VAULT_HOLDER_INDEX} and #${VAULT_AGENT_INDEX}; the chain exposes ${wallets.length}.`,
    );
  }
  const vault = await viem.getContractAt("TradingVault", addresses.vault);
  const usd = await viem.getContractAt("MockERC20", addresses.demoCollateral);
  const confirm = async (hash: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success")
      throw new Error(`Vault seed transaction ${receipt.transactionHash} reverted`);
  };
  const as = { account: holder.account };
  await confirm(usd.write.approve([addresses.vault, DEPOSIT], as));
  await confirm(vault.write.deposit([addresses.demoCollateral, DEPOSIT], as));
  const now = (await publicClient.getBlock()).timestamp;
  await confirm(
    vault.write.setPolicy(
      [
        {
          agent: agent.account.address,
          collateral: addresses.demoCollateral,
          expiry: now + BigInt(EXPIRES_IN),
          ...LIMITS,
          allMarkets: true,
        },
        [],
      ],
      as,
    ),
  );
  log(
    `vault: #${VAULT_HOLDER_INDEX} deposited 5,000 mUSD, AI trader #${VAULT_AGENT_INDEX} may trade every market (100/trade, 500/day, 300/market)`,
  );
  return {
    holder: holder.account.address,
    agent: agent.account.address,
    deposit: DEPOSIT.toString(),
    policy: {
      collateral: addresses.demoCollateral,
      expiresInSeconds: EXPIRES_IN,
      maxPerTrade: LIMITS.maxPerTrade.toString(),
      maxPerDay: LIMITS.maxPerDay.toString(),
      maxExposurePerMarket: LIMITS.maxExposurePerMarket.toString(),
      allMarkets: true,
    },
  };
}
