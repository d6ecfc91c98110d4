/**
 * The trading vault: a user deposits collateral and appoints one agent that trades it within the
 * user's policy (markets, per-trade, per-day and per-market limits, expiry). The user alone
 * withdraws, changes or revokes. Trades take an explicit `user`; the caller is the user or the
 * user's agent.
 */

import { lmsrMarketAbi, tradingVaultAbi } from "@mandate/abis";
import { type Address, parseEventLogs, type TransactionReceipt, zeroAddress } from "viem";
import { getBlock, readContract } from "viem/actions";
import type { MandateAddresses } from "../addresses.js";
import type { ErrorContext } from "../errorMessages.js";
import {
  contractCall,
  guard,
  type MandateClientLike,
  type ReadOptions,
  resolve,
  sendCall,
  signerAddress,
  tokenUnits,
  type WriteOptions,
  type WriteResult,
} from "../internal.js";
import {
  buyLimit,
  buyWithCollateralLimit,
  type QuoteBuyResult,
  type QuoteBuyWithCollateralResult,
  type QuoteSellResult,
  sellLimit,
  type TradeLimits,
  type TradeResult,
  tradeDeadline,
} from "./markets.js";
import { defaultCollateral, ensureAllowance } from "./tokens.js";

/** The largest policy limit, 2^96 − 1 base units: "no limit". */
export const NO_LIMIT = 2n ** 96n - 1n;

async function tokenContext(client: MandateClientLike, token: Address): Promise<ErrorContext> {
  return { collateral: await tokenUnits(client, token) };
}

async function marketCollateralContext(
  client: MandateClientLike,
  addresses: MandateAddresses,
  marketId: bigint,
): Promise<ErrorContext> {
  const info = await readContract(client, {
    address: addresses.lmsrMarket,
    abi: lmsrMarketAbi,
    functionName: "getMarket",
    args: [marketId],
  });
  return tokenContext(client, info.collateral);
}

// ── the user's own actions ────────────────────────────────────────────────────────────────────

export type VaultDepositParameters = WriteOptions & {
  /** The ERC-20; default: the deployment's demo collateral. */
  token?: Address | undefined;
  /** Base units. */
  amount: bigint;
  /** Approve the exact amount first when the allowance is short (default true). */
  approve?: boolean | undefined;
};

/** Deposits collateral into the signer's vault balance. `result` is the amount credited. */
export async function vaultDeposit(
  walletClient: MandateClientLike,
  parameters: VaultDepositParameters,
): Promise<WriteResult<bigint> & { approval: WriteResult<boolean> | undefined }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const token = parameters.token ?? defaultCollateral(addresses.demoCollateral);
  const approval =
    parameters.approve === false
      ? undefined
      : await ensureAllowance(walletClient, {
          ...parameters,
          addresses,
          token,
          spender: addresses.tradingVault,
          amount: parameters.amount,
        });
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "deposit", [token, parameters.amount]),
    {
      ...parameters,
      errorContext: async () => {
        const units = await tokenUnits(reader, token);
        return { collateral: units, token: units };
      },
    },
  );
  return { ...sent, approval };
}

export type VaultWithdrawParameters = WriteOptions & {
  token?: Address | undefined;
  amount: bigint;
};

/** Withdraws from the signer's vault balance to the signer. */
export async function vaultWithdraw(
  walletClient: MandateClientLike,
  parameters: VaultWithdrawParameters,
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const token = parameters.token ?? defaultCollateral(addresses.demoCollateral);
  return sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "withdraw", [token, parameters.amount]),
    { ...parameters, errorContext: () => tokenContext(reader, token) },
  );
}

export type SetVaultPolicyParameters = WriteOptions & {
  /** The agent's address (not the signer, not zero). */
  agent: Address;
  /** The only collateral the agent trades; limits are in its base units. Default: demo collateral. */
  collateral?: Address | undefined;
  /** Unix seconds; the agent may act while the chain's time is before it. */
  expiry: bigint;
  /** Largest cost of one agent buy, fee included ({@link NO_LIMIT} for none). */
  maxPerTrade: bigint;
  /** Largest total cost of agent buys in one daily window. */
  maxPerDay: bigint;
  /** Largest net agent spending in one market. */
  maxExposurePerMarket: bigint;
  /** Allow every market (default false: only `markets`). */
  allMarkets?: boolean | undefined;
  /** The allowed markets when not `allMarkets`. */
  markets?: readonly bigint[] | undefined;
};

/** Appoints the signer's agent under a policy, replacing any earlier one (and its market list). */
export async function setVaultPolicy(
  walletClient: MandateClientLike,
  parameters: SetVaultPolicyParameters,
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const collateral = parameters.collateral ?? defaultCollateral(addresses.demoCollateral);
  return sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "setPolicy", [
      {
        agent: parameters.agent,
        collateral,
        expiry: parameters.expiry,
        maxPerTrade: parameters.maxPerTrade,
        maxPerDay: parameters.maxPerDay,
        maxExposurePerMarket: parameters.maxExposurePerMarket,
        allMarkets: parameters.allMarkets ?? false,
      },
      [...(parameters.markets ?? [])],
    ]),
    { ...parameters, errorContext: () => tokenContext(reader, collateral) },
  );
}

/** Adds markets to (`allowed`) or removes them from the agent's list. */
export async function setVaultMarketsAllowed(
  walletClient: MandateClientLike,
  parameters: WriteOptions & { markets: readonly bigint[]; allowed: boolean },
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  return sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "setMarketsAllowed", [
      [...parameters.markets],
      parameters.allowed,
    ]),
    parameters,
  );
}

/** Removes the signer's agent and its policy at once. */
export async function revokeVaultAgent(
  walletClient: MandateClientLike,
  parameters: WriteOptions = {},
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  return sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "revokeAgent", []),
    parameters,
  );
}

// ── trades (the user, or the user's agent) ───────────────────────────────────────────────────

type VaultTrade = WriteOptions &
  TradeLimits & {
    /** Whose vault balance trades; default: the signer (a user trading for themselves). */
    user?: Address | undefined;
    marketId: bigint;
    outcome: bigint;
  };

function tradedFromReceipt(vault: Address, field: "collateral" | "shares") {
  return (receipt: TransactionReceipt, simulated: bigint): bigint => {
    const [traded] = parseEventLogs({
      abi: tradingVaultAbi,
      eventName: "Traded",
      logs: receipt.logs,
    }).filter((log) => log.address.toLowerCase() === vault.toLowerCase());
    return traded?.args[field] ?? simulated;
  };
}

export type VaultBuyParameters = VaultTrade & { shares: bigint; maxCost?: bigint | undefined };

/**
 * Buys `shares` for `user` with the user's vault balance, at most the exact quote plus
 * `slippageBps`. Called by the agent, the policy's limits apply to the actual cost. `result` is
 * the cost.
 */
export async function vaultBuy(
  walletClient: MandateClientLike,
  parameters: VaultBuyParameters,
): Promise<TradeResult<bigint, QuoteBuyResult> & { maxCost: bigint }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const user = parameters.user ?? signerAddress(walletClient, parameters);
  const { quote, maxCost } = await buyLimit(reader, { ...parameters, addresses });
  const deadline = await tradeDeadline(reader, parameters);
  const { marketId, outcome, shares } = parameters;
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "buy", [
      user,
      marketId,
      outcome,
      shares,
      maxCost,
      deadline,
    ]),
    {
      ...parameters,
      errorContext: () => marketCollateralContext(reader, addresses, marketId),
      fromReceipt: tradedFromReceipt(addresses.tradingVault, "collateral"),
    },
  );
  return { ...sent, quote, maxCost, deadline };
}

export type VaultSellParameters = VaultTrade & { shares: bigint; minProceeds?: bigint | undefined };

/** Sells `shares` held for `user`; proceeds go to the user's vault balance. `result` is the proceeds. */
export async function vaultSell(
  walletClient: MandateClientLike,
  parameters: VaultSellParameters,
): Promise<TradeResult<bigint, QuoteSellResult> & { minProceeds: bigint }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const user = parameters.user ?? signerAddress(walletClient, parameters);
  const { quote, minProceeds } = await sellLimit(reader, { ...parameters, addresses });
  const deadline = await tradeDeadline(reader, parameters);
  const { marketId, outcome, shares } = parameters;
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "sell", [
      user,
      marketId,
      outcome,
      shares,
      minProceeds,
      deadline,
    ]),
    {
      ...parameters,
      errorContext: () => marketCollateralContext(reader, addresses, marketId),
      fromReceipt: tradedFromReceipt(addresses.tradingVault, "collateral"),
    },
  );
  return { ...sent, quote, minProceeds, deadline };
}

export type VaultBuyWithCollateralParameters = VaultTrade & {
  collateralIn: bigint;
  minShares?: bigint | undefined;
};

/** Spends exactly `collateralIn` of `user`'s vault balance on `outcome`. `result` is the shares. */
export async function vaultBuyWithCollateral(
  walletClient: MandateClientLike,
  parameters: VaultBuyWithCollateralParameters,
): Promise<TradeResult<bigint, QuoteBuyWithCollateralResult> & { minShares: bigint }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const user = parameters.user ?? signerAddress(walletClient, parameters);
  const { quote, minShares } = await buyWithCollateralLimit(reader, { ...parameters, addresses });
  const deadline = await tradeDeadline(reader, parameters);
  const { marketId, outcome, collateralIn } = parameters;
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "buyWithCollateral", [
      user,
      marketId,
      outcome,
      collateralIn,
      minShares,
      deadline,
    ]),
    {
      ...parameters,
      errorContext: () => marketCollateralContext(reader, addresses, marketId),
      fromReceipt: tradedFromReceipt(addresses.tradingVault, "shares"),
    },
  );
  return { ...sent, quote, minShares, deadline };
}

export type VaultRedeemParameters = WriteOptions & {
  user?: Address | undefined;
  marketId: bigint;
  outcome: bigint;
  /** Default: every share of `outcome` the vault holds for `user`. */
  shares?: bigint | undefined;
};

/** Redeems `user`'s shares of a settled market into the user's vault balance. `result` is the payout. */
export async function vaultRedeem(
  walletClient: MandateClientLike,
  parameters: VaultRedeemParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const user = parameters.user ?? signerAddress(walletClient, parameters);
  const shares =
    parameters.shares ??
    (await guard(() =>
      readContract(reader, {
        address: addresses.tradingVault,
        abi: tradingVaultAbi,
        functionName: "shareBalance",
        args: [user, parameters.marketId, parameters.outcome],
      }),
    ));
  return sendCall(
    walletClient,
    contractCall(addresses.tradingVault, tradingVaultAbi, "redeem", [
      user,
      parameters.marketId,
      parameters.outcome,
      shares,
    ]),
    {
      ...parameters,
      errorContext: () => marketCollateralContext(reader, addresses, parameters.marketId),
      fromReceipt: (receipt, simulated) =>
        parseEventLogs({ abi: tradingVaultAbi, eventName: "Redeemed", logs: receipt.logs }).find(
          (log) => log.address.toLowerCase() === addresses.tradingVault.toLowerCase(),
        )?.args.payout ?? simulated,
    },
  );
}

// ── reads ─────────────────────────────────────────────────────────────────────────────────────

export type VaultPolicy = {
  /** `zeroAddress` when the user has no agent. */
  agent: Address;
  collateral: Address;
  expiry: bigint;
  maxPerTrade: bigint;
  maxPerDay: bigint;
  maxExposurePerMarket: bigint;
  allMarkets: boolean;
  /** Numbers the user's policy changes. */
  epoch: bigint;
  /** An agent is appointed and its expiry has not passed. */
  active: boolean;
};

/** A user's agent policy. */
export async function getVaultPolicy(
  client: MandateClientLike,
  parameters: ReadOptions & { user: Address },
): Promise<VaultPolicy> {
  const addresses = resolve(client, parameters);
  const vault = {
    address: addresses.tradingVault,
    abi: tradingVaultAbi,
    args: [parameters.user],
    blockNumber: parameters.blockNumber,
  } as const;
  const [policy, epoch, block] = await guard(() =>
    Promise.all([
      readContract(client, { ...vault, functionName: "policyOf" }),
      readContract(client, { ...vault, functionName: "policyEpoch" }),
      getBlock(
        client,
        parameters.blockNumber === undefined
          ? { blockTag: "latest" }
          : { blockNumber: parameters.blockNumber },
      ),
    ]),
  );
  return {
    ...policy,
    epoch,
    active: policy.agent !== zeroAddress && block.timestamp < policy.expiry,
  };
}

export type VaultMarketPosition = {
  marketId: bigint;
  /** Shares the vault holds for the user, per outcome. */
  shares: bigint[];
  /** The agent's net spending in the market, base units. */
  exposure: bigint;
  /** Whether the user's policy allows the market (ignores expiry and collateral). */
  allowed: boolean;
};

export type VaultBalances = {
  token: Address;
  /** The user's vault balance of `token`, base units. */
  balance: bigint;
  /** The daily window of `token` as stored; `spent` no longer counts once `lapsed`. */
  dailyWindow: { start: bigint; spent: bigint; lapsed: boolean };
  /** What the agent could still spend today under the daily limit (0 without an agent). */
  spendableToday: bigint;
  markets: VaultMarketPosition[];
};

export type GetVaultBalancesParameters = ReadOptions & {
  user: Address;
  /** Default: the policy's collateral, else the demo collateral. */
  token?: Address | undefined;
  /** Markets to report shares and exposure for. */
  marketIds?: readonly bigint[] | undefined;
};

/** A user's vault: balance, daily window, what the agent may still spend, shares and exposures. */
export async function getVaultBalances(
  client: MandateClientLike,
  parameters: GetVaultBalancesParameters,
): Promise<VaultBalances> {
  const addresses = resolve(client, parameters);
  const { user, blockNumber } = parameters;
  const vault = { address: addresses.tradingVault, abi: tradingVaultAbi, blockNumber } as const;
  let token = parameters.token;
  if (token === undefined) {
    const policy = await guard(() =>
      readContract(client, { ...vault, functionName: "policyOf", args: [user] }),
    );
    token =
      policy.collateral !== zeroAddress
        ? policy.collateral
        : defaultCollateral(addresses.demoCollateral);
  }
  const t = token;
  const [balance, [start, spent], spendableToday, day, block] = await guard(() =>
    Promise.all([
      readContract(client, { ...vault, functionName: "collateralBalance", args: [user, t] }),
      readContract(client, { ...vault, functionName: "dailyWindow", args: [user, t] }),
      readContract(client, { ...vault, functionName: "spendableToday", args: [user] }),
      readContract(client, { ...vault, functionName: "DAY" }),
      getBlock(client, blockNumber === undefined ? { blockTag: "latest" } : { blockNumber }),
    ]),
  );
  const markets = await Promise.all(
    (parameters.marketIds ?? []).map(async (marketId): Promise<VaultMarketPosition> => {
      const info = await guard(() =>
        readContract(client, {
          address: addresses.lmsrMarket,
          abi: lmsrMarketAbi,
          functionName: "getMarket",
          args: [marketId],
          blockNumber,
        }),
      );
      const [shares, exposure, allowed] = await guard(() =>
        Promise.all([
          Promise.all(
            Array.from({ length: Number(info.outcomeCount) }, (_, i) =>
              readContract(client, {
                ...vault,
                functionName: "shareBalance",
                args: [user, marketId, BigInt(i)],
              }),
            ),
          ),
          readContract(client, { ...vault, functionName: "exposureOf", args: [user, marketId] }),
          readContract(client, {
            ...vault,
            functionName: "isMarketAllowed",
            args: [user, marketId],
          }),
        ]),
      );
      return { marketId, shares, exposure, allowed };
    }),
  );
  return {
    token: t,
    balance,
    dailyWindow: { start, spent, lapsed: block.timestamp >= start + day },
    spendableToday,
    markets,
  };
}
