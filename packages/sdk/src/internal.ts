/**
 * The plumbing every action shares: clients, options, the simulate → send → wait pipeline, and
 * error conversion with units for the messages.
 */

import type {
  Abi,
  Account,
  Address,
  Chain,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  Hash,
  TransactionReceipt,
  Transport,
} from "viem";
import { erc20Abi } from "viem";
import {
  getBlock,
  readContract,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from "viem/actions";
import { addressesFor, type MandateAddresses } from "./addresses.js";
import type { ErrorContext } from "./errorMessages.js";
import { MandateError, toMandateError } from "./errors.js";
import type { TokenUnits } from "./format.js";

/** Any viem client: a `PublicClient`, a `WalletClient`, or one extended with both. */
export type MandateClientLike = Client<Transport, Chain | undefined, Account | undefined>;

/** Options every read takes. */
export type ReadOptions = {
  /** Contract addresses; default: the recorded deployment of the client's chain. */
  addresses?: MandateAddresses | undefined;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
};

/** Options every write takes. */
export type WriteOptions = {
  /** The signing account; default: the wallet client's account. */
  account?: Account | Address | undefined;
  /**
   * The client that simulates, reads and waits for receipts; default: the wallet client itself
   * (fine when its transport is an RPC node).
   */
  publicClient?: MandateClientLike | undefined;
  /** Contract addresses; default: the recorded deployment of the client's chain. */
  addresses?: MandateAddresses | undefined;
  /** Wait for the receipt (default true). Without it, `result` is the simulated one. */
  wait?: boolean | undefined;
};

/**
 * What every write returns: the transaction hash, its receipt (when waited for), and the
 * function's result — read from the receipt's events where the action can (the actual figures),
 * else the simulated return value.
 */
export type WriteResult<result> = {
  hash: Hash;
  receipt?: TransactionReceipt | undefined;
  result: result;
};

type Mutability = "nonpayable" | "payable";

/** A prepared contract call whose return type is `result`. */
export type ContractCall<result> = {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint | undefined;
  /** Phantom: the call's return type. */
  readonly __result?: result;
};

/** A typed contract call: the ABI checks the function name and arguments at compile time. */
export function contractCall<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
  const args extends ContractFunctionArgs<abi, Mutability, functionName>,
>(
  address: Address,
  abi: abi,
  functionName: functionName,
  args: args,
  value?: bigint,
): ContractCall<ContractFunctionReturnType<abi, Mutability, functionName, args>> {
  return { address, abi, functionName, args: args as readonly unknown[], value };
}

export type SendOptions<simulated, result> = WriteOptions & {
  /** Units for error messages, computed only when something fails. */
  errorContext?: (() => Promise<ErrorContext> | ErrorContext) | undefined;
  /** The actual result, from the mined transaction's receipt. */
  fromReceipt?: ((receipt: TransactionReceipt, simulated: simulated) => result) | undefined;
};

/** The account that signs, or a clear error. */
export function signerOf(
  walletClient: MandateClientLike,
  options: WriteOptions,
): Account | Address {
  const account = options.account ?? walletClient.account;
  if (account === undefined) {
    throw new MandateError({
      kind: "config",
      code: "NoAccount",
      shortMessage:
        "No account to sign with: create the wallet client with an account, or pass `account`.",
    });
  }
  return account;
}

/** The address of the signing account. */
export function signerAddress(walletClient: MandateClientLike, options: WriteOptions): Address {
  const account = signerOf(walletClient, options);
  return typeof account === "string" ? account : account.address;
}

/** Simulates `call`, sends it, and waits for the receipt (unless `wait: false`). */
export async function sendCall<simulated, result = simulated>(
  walletClient: MandateClientLike,
  call: ContractCall<simulated>,
  options: SendOptions<simulated, result> = {},
): Promise<WriteResult<result>> {
  const account = signerOf(walletClient, options);
  const reader = options.publicClient ?? walletClient;
  const fail = async (error: unknown): Promise<never> => {
    let context: ErrorContext = {};
    try {
      context = (await options.errorContext?.()) ?? {};
    } catch {
      // Units are a nicety: without them amounts are shown in base units.
    }
    throw toMandateError(error, { ...context, functionName: call.functionName });
  };
  let simulated: simulated;
  let request: unknown;
  try {
    const simulation = await simulateContract(reader, {
      address: call.address,
      abi: call.abi,
      functionName: call.functionName,
      args: call.args,
      value: call.value,
      account,
    } as never);
    simulated = simulation.result as simulated;
    request = simulation.request;
  } catch (error) {
    return fail(error);
  }
  let hash: Hash;
  try {
    hash = await writeContract(walletClient, {
      ...(request as object),
      account,
      chain: walletClient.chain ?? null,
    } as never);
  } catch (error) {
    return fail(error);
  }
  if (options.wait === false) return { hash, result: simulated as unknown as result };
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForTransactionReceipt(reader, { hash });
  } catch (error) {
    return fail(error);
  }
  if (receipt.status === "reverted") {
    throw new MandateError({
      kind: "transactionReverted",
      code: "TransactionReverted",
      shortMessage: `The transaction ${hash} was mined in block ${receipt.blockNumber} but reverted (the chain changed between the simulation and the transaction). Try again.`,
      functionName: call.functionName,
    });
  }
  const result = options.fromReceipt
    ? options.fromReceipt(receipt, simulated)
    : (simulated as unknown as result);
  return { hash, receipt, result };
}

/** Runs a read and converts its failure into a {@link MandateError}. */
export async function guard<T>(
  read: () => Promise<T>,
  context?: ErrorContext | (() => Promise<ErrorContext>),
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    let ctx: ErrorContext = {};
    try {
      ctx = typeof context === "function" ? await context() : (context ?? {});
    } catch {
      // as above
    }
    throw toMandateError(error, ctx);
  }
}

/** The addresses an action uses. */
export function resolve(
  client: MandateClientLike,
  options: { addresses?: MandateAddresses | undefined },
) {
  return addressesFor(client, options.addresses);
}

/** The latest block's timestamp (the chain's "now"; local chains may run ahead of the wall clock). */
export async function chainNow(client: MandateClientLike): Promise<bigint> {
  return (await getBlock(client, { blockTag: "latest" })).timestamp;
}

/**
 * The time the next block will carry: the pending block's timestamp, or the latest block's where
 * the node does not serve a pending block. On a chain that has been idle, the latest block's time
 * lags the clock, and a deadline counted from it may already have passed.
 */
export async function nextBlockTime(client: MandateClientLike): Promise<bigint> {
  try {
    return (await getBlock(client, { blockTag: "pending" })).timestamp;
  } catch {
    return chainNow(client);
  }
}

/** Symbol and decimals of an ERC-20 (falls back to no symbol, 18 decimals). */
export async function tokenUnits(client: MandateClientLike, token: Address): Promise<TokenUnits> {
  const [symbol, decimals] = await Promise.all([
    readContract(client, { address: token, abi: erc20Abi, functionName: "symbol" }).catch(() => ""),
    readContract(client, { address: token, abi: erc20Abi, functionName: "decimals" }).catch(
      () => 18,
    ),
  ]);
  return { symbol, decimals };
}

/** Throws an `InvalidArgument` {@link MandateError} unless `ok`. */
export function check(ok: boolean, shortMessage: string): asserts ok {
  if (!ok)
    throw new MandateError({ kind: "invalidArgument", code: "InvalidArgument", shortMessage });
}

/** Basis points: 10,000 = 100%. */
export const BPS = 10_000n;

/** Checks a slippage tolerance in basis points (0 to 10,000). */
export function checkSlippage(slippageBps: bigint | number): bigint {
  const bps = BigInt(slippageBps);
  check(
    bps >= 0n && bps <= BPS,
    `The slippage must be between 0 and 10,000 bps; ${bps} was given.`,
  );
  return bps;
}
