/**
 * Chain actions the tests perform with the node's unlocked dev accounts (eth_sendTransaction).
 */
import {
  committeeResolverAbi,
  demoCollateralAbi,
  lmsrMarketAbi,
  tradingVaultAbi,
} from "@mandate/abis";
import {
  type Abi,
  type Address,
  createWalletClient,
  http,
  maxUint256,
  type PublicClient,
  parseUnits,
} from "viem";
import { hardhat } from "viem/chains";
import type { LocalChain } from "./harness.ts";

export const USD = (amount: string) => parseUnits(amount, 6);

export function actionsFor(chain: LocalChain, client: PublicClient) {
  const wallet = createWalletClient({ chain: hardhat, transport: http(chain.rpcUrl) });
  const address = (name: string) => {
    const entry = chain.deployment.contracts[name];
    if (entry === undefined) throw new Error(`no ${name} in the deployment`);
    return entry.address;
  };
  const market = address("LMSRMarket");
  const vault = address("TradingVault");
  const musd = address("DemoCollateral");
  const committee = address("CommitteeResolver");

  const send = async (
    account: Address,
    to: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ) => {
    const hash = await wallet.writeContract({
      account,
      address: to,
      abi,
      functionName,
      args,
    } as never);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
    return receipt;
  };
  const deadline = async () => (await client.getBlock()).timestamp + 3600n;

  return {
    market,
    vault,
    musd,
    /** A direct buy of `shares` on the market, paying whatever it costs. */
    async buy(account: Address, marketId: bigint, outcome: bigint, shares: bigint) {
      return send(account, market, lmsrMarketAbi, "buy", [
        marketId,
        outcome,
        shares,
        maxUint256,
        await deadline(),
      ]);
    },
    /** Collateral credit: `account` deposits `amount` of mUSD (approve the market first) for `to`. */
    async creditDeposit(account: Address, amount: bigint, to: Address) {
      return send(account, market, lmsrMarketAbi, "deposit", [musd, amount, to]);
    },
    /** `account` withdraws `amount` of its mUSD credit, sent to `to`. */
    async creditWithdraw(account: Address, amount: bigint, to: Address) {
      return send(account, market, lmsrMarketAbi, "withdraw", [musd, amount, to]);
    },
    /** A buy paid from the account's credit, whatever it costs. */
    async buyFromCredit(account: Address, marketId: bigint, outcome: bigint, shares: bigint) {
      return send(account, market, lmsrMarketAbi, "buyFromCredit", [
        marketId,
        outcome,
        shares,
        maxUint256,
        await deadline(),
      ]);
    },
    /** A sell paid into the account's credit, accepting any proceeds. */
    async sellToCredit(account: Address, marketId: bigint, outcome: bigint, shares: bigint) {
      return send(account, market, lmsrMarketAbi, "sellToCredit", [
        marketId,
        outcome,
        shares,
        0n,
        await deadline(),
      ]);
    },
    async mintAndApprove(account: Address, spender: Address, amount: bigint) {
      await send(account, musd, demoCollateralAbi, "mint", [account, amount]);
      await send(account, musd, demoCollateralAbi, "approve", [spender, maxUint256]);
    },
    async deposit(user: Address, amount: bigint) {
      return send(user, vault, tradingVaultAbi, "deposit", [musd, amount]);
    },
    async withdraw(user: Address, amount: bigint) {
      return send(user, vault, tradingVaultAbi, "withdraw", [musd, amount]);
    },
    async setPolicy(user: Address, agent: Address, markets: bigint[]) {
      const policy = {
        agent,
        collateral: musd,
        expiry: (await client.getBlock()).timestamp + 30n * 86_400n,
        maxPerTrade: USD("500"),
        maxPerDay: USD("2000"),
        maxExposurePerMarket: USD("1000"),
        allMarkets: false,
      };
      return send(user, vault, tradingVaultAbi, "setPolicy", [policy, markets]);
    },
    async vaultBuy(
      operator: Address,
      user: Address,
      marketId: bigint,
      outcome: bigint,
      shares: bigint,
    ) {
      return send(operator, vault, tradingVaultAbi, "buy", [
        user,
        marketId,
        outcome,
        shares,
        USD("500"),
        await deadline(),
      ]);
    },
    async vaultSell(
      operator: Address,
      user: Address,
      marketId: bigint,
      outcome: bigint,
      shares: bigint,
    ) {
      return send(operator, vault, tradingVaultAbi, "sell", [
        user,
        marketId,
        outcome,
        shares,
        0n,
        await deadline(),
      ]);
    },
    async vaultRedeem(
      operator: Address,
      user: Address,
      marketId: bigint,
      outcome: bigint,
      shares: bigint,
    ) {
      return send(operator, vault, tradingVaultAbi, "redeem", [user, marketId, outcome, shares]);
    },
    /** The committee (dev account 0 alone, threshold 1, on the local chain) settles a market. */
    async settle(member: Address, marketId: bigint, outcome: bigint) {
      return send(member, committee, committeeResolverAbi, "vote", [marketId, outcome]);
    },
  };
}
