/**
 * ERC-20 helpers: approvals for the market, the vault and the resolvers, balances, units.
 */

import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";
import { MandateError } from "../errors.js";
import { formatAmount, type TokenUnits } from "../format.js";
import {
  check,
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

export type ApproveCollateralParameters = WriteOptions & {
  /** The ERC-20; default: the deployment's demo collateral (local chain). */
  token?: Address | undefined;
  /** Who may spend it; default: the market singleton. */
  spender?: Address | undefined;
  /** Base units. */
  amount: bigint;
};

/** Approves `spender` (default: the market) to spend `amount` of `token` (default: demo collateral). */
export async function approveCollateral(
  walletClient: MandateClientLike,
  parameters: ApproveCollateralParameters,
): Promise<WriteResult<boolean>> {
  const addresses = resolve(walletClient, parameters);
  const token = parameters.token ?? defaultCollateral(addresses.demoCollateral);
  const spender = parameters.spender ?? addresses.lmsrMarket;
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(token, erc20Abi, "approve", [spender, parameters.amount]),
    {
      ...parameters,
      errorContext: async () => ({ token: await tokenUnits(reader, token) }),
    },
  );
}

export type EnsureAllowanceParameters = WriteOptions & {
  token: Address;
  spender: Address;
  /** Base units the spender must be allowed to spend. */
  amount: bigint;
};

/**
 * Approves exactly `amount` when the signer's allowance for `spender` is below it; returns the
 * approval, or `undefined` when none was needed. Always waits for the approval's receipt (the
 * next call's simulation depends on it).
 */
export async function ensureAllowance(
  walletClient: MandateClientLike,
  parameters: EnsureAllowanceParameters,
): Promise<WriteResult<boolean> | undefined> {
  const owner = signerAddress(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const allowance = await guard(() =>
    readContract(reader, {
      address: parameters.token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, parameters.spender],
    }),
  );
  if (allowance >= parameters.amount) return undefined;
  return approveCollateral(walletClient, { ...parameters, wait: true });
}

export type GetTokenBalanceParameters = ReadOptions & {
  /** The ERC-20; default: the deployment's demo collateral. */
  token?: Address | undefined;
  account: Address;
};

export type TokenBalance = TokenUnits & {
  token: Address;
  /** Base units. */
  balance: bigint;
};

/** An account's balance of an ERC-20, with its symbol and decimals. */
export async function getTokenBalance(
  client: MandateClientLike,
  parameters: GetTokenBalanceParameters,
): Promise<TokenBalance> {
  const addresses = resolve(client, parameters);
  const token = parameters.token ?? defaultCollateral(addresses.demoCollateral);
  const [balance, units] = await guard(() =>
    Promise.all([
      readContract(client, {
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [parameters.account],
        blockNumber: parameters.blockNumber,
      }),
      tokenUnits(client, token),
    ]),
  );
  return { token, balance, ...units };
}

/** The demo collateral, or a clear error on deployments without one. */
export function defaultCollateral(demoCollateral: Address | undefined): Address {
  check(
    demoCollateral !== undefined,
    "No collateral token was given, and this deployment has no demo collateral: pass `token` (or `collateral`).",
  );
  return demoCollateral;
}

export type ExplainTransferFailureParameters = {
  token: Address;
  owner: Address;
  spender: Address;
  /** What the call pulls (at most), base units. */
  needed: bigint;
  /** "this buy", "the funding"… */
  what: string;
  /** `needed` is a maximum (a buy's `maxCost`). */
  upTo?: boolean | undefined;
};

/**
 * A market's `CollateralTransferFailed` says only that the token refused; this re-explains it from
 * the signer's balance and allowance ("…may spend 0.00 mUSD of your mUSD, but this buy needs up to
 * 1.55 mUSD: approve it first."). Other errors are rethrown unchanged.
 */
export async function explainTransferFailure(
  error: unknown,
  client: MandateClientLike,
  parameters: ExplainTransferFailureParameters,
): Promise<never> {
  if (!(error instanceof MandateError) || error.errorName !== "CollateralTransferFailed")
    throw error;
  const { token, owner, spender, needed, what } = parameters;
  let shortMessage: string | undefined;
  try {
    const [balance, allowance, units] = await Promise.all([
      readContract(client, {
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [owner],
      }),
      readContract(client, {
        address: token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [owner, spender],
      }),
      tokenUnits(client, token),
    ]);
    const need = `${what} needs ${parameters.upTo ? "up to " : ""}${formatAmount(needed, units)}`;
    if (balance < needed) {
      shortMessage = `Not enough ${units.symbol || "tokens"}: ${owner} holds ${formatAmount(balance, units)}, and ${need}.`;
    } else if (allowance < needed) {
      shortMessage = `${spender} may spend ${formatAmount(allowance, units)} of ${owner}'s ${units.symbol || "tokens"}, but ${need}: approve it first (approveCollateral).`;
    }
  } catch {
    // Keep the contract's own explanation.
  }
  if (shortMessage === undefined) throw error;
  throw new MandateError({
    kind: error.kind,
    code: error.code,
    errorName: error.errorName,
    args: error.args,
    argsList: error.argsList,
    functionName: error.functionName,
    details: error.details,
    shortMessage,
    cause: error.cause,
  });
}
