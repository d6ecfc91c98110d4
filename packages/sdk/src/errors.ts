/**
 * One error type for everything the SDK throws: {@link MandateError}. A contract revert is walked
 * down to the custom error the contract raised (name and arguments) and explained in a sentence a
 * person understands; wallet and node failures (rejected request, no funds for gas, unreachable
 * RPC) get their own clear messages.
 */

import { LmsrError } from "@mandate/lmsr";
import {
  AbiErrorSignatureNotFoundError,
  BaseError,
  ChainMismatchError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  decodeErrorResult,
  type Hex,
  HttpRequestError,
  InsufficientFundsError,
  TimeoutError,
  UserRejectedRequestError,
  WebSocketRequestError,
} from "viem";
import {
  describeContractError,
  type ErrorContext,
  mandateErrorsAbi,
  namedErrorArgs,
} from "./errorMessages.js";

/** What kind of failure a {@link MandateError} is. */
export type MandateErrorKind =
  /** A Mandate contract reverted with a custom error: see `errorName` and `args`. */
  | "contract"
  /** A revert without a known custom error: a reason string, a panic, unknown data or none. */
  | "revert"
  /** The transaction was mined but reverted. */
  | "transactionReverted"
  /** The user rejected the request in their wallet. */
  | "userRejected"
  /** The account cannot pay for gas (and value). */
  | "insufficientFunds"
  /** The Ethereum node could not be reached. */
  | "rpcUnreachable"
  /** The wallet is connected to another chain. */
  | "chainMismatch"
  /** Set-up: unknown chain, missing addresses, no account, no wallet client. */
  | "config"
  /** A bad argument, caught before anything was sent. */
  | "invalidArgument"
  /** The local @mandate/lmsr quote differs from the contract's. */
  | "quoteMismatch"
  /** Anything else (the raw message is kept). */
  | "unknown";

export type MandateErrorParameters = {
  kind: MandateErrorKind;
  /**
   * A stable identifier: the custom error's name for contract errors ("CostAboveMax"), else one of
   * "RevertReason", "Panic", "UnknownContractError", "RevertWithoutReason", "TransactionReverted",
   * "UserRejected", "InsufficientFunds", "RpcUnreachable", "ChainMismatch", "UnknownChain",
   * "MissingAddress", "InvalidAddress", "NoAccount", "NoWalletClient", "InvalidArgument",
   * "QuoteMismatch", "Unknown".
   */
  code: string;
  /** The sentence for people. */
  shortMessage: string;
  /** Technical detail (viem's message, the raw error). */
  details?: string | undefined;
  errorName?: string | undefined;
  args?: Record<string, unknown> | undefined;
  argsList?: readonly unknown[] | undefined;
  selector?: Hex | undefined;
  reason?: string | undefined;
  functionName?: string | undefined;
  cause?: unknown;
};

/**
 * The error every SDK function throws. `shortMessage` is for people ("The price moved: this buy
 * now costs 12.34 mUSD, above your limit of 12.00 mUSD."); `errorName` and `args` identify a
 * contract's custom error for programs; `message` adds the technical details for logs.
 */
export class MandateError extends Error {
  override name = "MandateError" as const;
  readonly kind: MandateErrorKind;
  readonly code: string;
  /** The sentence for people. */
  readonly shortMessage: string;
  /** Technical detail ("" if none). */
  readonly details: string;
  /** The contract's custom error ("CostAboveMax"), "Error" for a reason string, "Panic". */
  readonly errorName: string | undefined;
  /** The custom error's arguments by parameter name (`{ cost: 12340000n, maxCost: 12000000n }`). */
  readonly args: Record<string, unknown> | undefined;
  /** The same arguments in ABI order. */
  readonly argsList: readonly unknown[] | undefined;
  /** The 4-byte selector of revert data no Mandate ABI knows. */
  readonly selector: Hex | undefined;
  /** The revert reason string, or the panic's explanation. */
  readonly reason: string | undefined;
  /** The contract function that was called, when known. */
  readonly functionName: string | undefined;

  constructor(parameters: MandateErrorParameters) {
    const technical = [
      parameters.errorName !== undefined && parameters.kind === "contract"
        ? `Contract error: ${parameters.errorName}(${formatArgs(parameters.args)})`
        : undefined,
      parameters.details ? `Details: ${parameters.details}` : undefined,
    ].filter((line) => line !== undefined);
    super(
      [parameters.shortMessage, ...technical].join("\n\n"),
      parameters.cause === undefined ? undefined : { cause: parameters.cause },
    );
    this.kind = parameters.kind;
    this.code = parameters.code;
    this.shortMessage = parameters.shortMessage;
    this.details = parameters.details ?? "";
    this.errorName = parameters.errorName;
    this.args = parameters.args;
    this.argsList = parameters.argsList;
    this.selector = parameters.selector;
    this.reason = parameters.reason;
    this.functionName = parameters.functionName;
  }

  /** Follows the `cause` chain; returns the first error for which `fn` is true, else the last. */
  walk(fn?: (error: unknown) => boolean): unknown {
    let error: unknown = this;
    for (;;) {
      if (fn?.(error)) return error;
      const cause: unknown = error instanceof Error ? error.cause : undefined;
      if (cause === undefined || cause === error) return fn ? null : error;
      error = cause;
    }
  }
}

function formatArgs(args: Record<string, unknown> | undefined): string {
  if (args === undefined) return "";
  return Object.entries(args)
    .map(([k, v]) => `${k}: ${typeof v === "bigint" ? v.toString() : JSON.stringify(v)}`)
    .join(", ");
}

/** Whether `error` is a {@link MandateError}, optionally of a given custom error name. */
export function isMandateError(error: unknown, errorName?: string): error is MandateError {
  return (
    error instanceof MandateError && (errorName === undefined || error.errorName === errorName)
  );
}

/** Solidity panic codes. */
const PANIC_REASONS: Record<number, string> = {
  1: "an assertion failed",
  17: "an arithmetic operation overflowed or underflowed",
  18: "a division or modulo by zero",
  33: "a value was converted to an invalid enum",
  34: "storage was corrupted",
  49: "pop() was called on an empty array",
  50: "an array was read out of bounds",
  65: "too much memory was allocated",
  81: "an uninitialized function was called",
};

/**
 * Converts anything thrown while talking to Mandate into a {@link MandateError}: viem errors are
 * walked (`BaseError.walk`) down to the revert and decoded against every Mandate ABI, so a market
 * error that bubbled up through the vault is still named; `context` supplies units for amounts.
 */
export function toMandateError(error: unknown, context: ErrorContext = {}): MandateError {
  if (error instanceof MandateError) return error;
  const functionName = context.functionName ?? findFunctionName(error);
  const ctx: ErrorContext = { ...context, functionName };
  const details = technicalDetails(error);

  if (error instanceof LmsrError) {
    const named = error.contractError;
    return new MandateError({
      kind: named ? "contract" : "invalidArgument",
      code: named ?? "InvalidArgument",
      shortMessage: error.shortMessage,
      details: error.details,
      errorName: named,
      functionName,
      cause: error,
    });
  }

  if (error instanceof BaseError) {
    const fromRevert = fromRevertData(error, ctx, details);
    if (fromRevert) return fromRevert;

    const rejected = error.walk((e) => e instanceof UserRejectedRequestError);
    if (rejected || hasCode(error, 4001)) {
      return new MandateError({
        kind: "userRejected",
        code: "UserRejected",
        shortMessage: "You rejected the request in your wallet.",
        details,
        functionName,
        cause: error,
      });
    }
    if (
      error.walk((e) => e instanceof InsufficientFundsError) ||
      /insufficient funds|enough funds|exceeds transaction sender account balance/i.test(
        error.message,
      )
    ) {
      return new MandateError({
        kind: "insufficientFunds",
        code: "InsufficientFunds",
        shortMessage:
          "Your account does not have enough ETH to pay for this transaction's gas (and value).",
        details,
        functionName,
        cause: error,
      });
    }
    const chainMismatch = error.walk((e) => e instanceof ChainMismatchError);
    if (chainMismatch instanceof ChainMismatchError) {
      return new MandateError({
        kind: "chainMismatch",
        code: "ChainMismatch",
        shortMessage: `Your wallet is connected to another network: ${chainMismatch.shortMessage}`,
        details,
        functionName,
        cause: error,
      });
    }
    const unreachable = error.walk(
      (e) =>
        e instanceof HttpRequestError ||
        e instanceof WebSocketRequestError ||
        e instanceof TimeoutError,
    );
    if (unreachable instanceof BaseError) {
      const url = "url" in unreachable ? String(unreachable.url) : undefined;
      return new MandateError({
        kind: "rpcUnreachable",
        code: "RpcUnreachable",
        shortMessage:
          unreachable instanceof TimeoutError
            ? `The Ethereum node${url ? ` at ${url}` : ""} did not answer in time. Check that it is running and reachable, then try again.`
            : `Could not reach the Ethereum node${url ? ` at ${url}` : ""}. Check that it is running (for the local chain: npm start) and that the RPC URL is right.`,
        details,
        functionName,
        cause: error,
      });
    }
    if (error.walk((e) => e instanceof ContractFunctionZeroDataError)) {
      return new MandateError({
        kind: "config",
        code: "NoContract",
        shortMessage:
          "The contract returned no data: there is probably no Mandate contract at this address on this chain. Check the addresses and the network.",
        details,
        functionName,
        cause: error,
      });
    }
    return new MandateError({
      kind: "unknown",
      code: "Unknown",
      shortMessage: error.shortMessage,
      details,
      functionName,
      cause: error,
    });
  }

  if (isConnectionRefused(error)) {
    return new MandateError({
      kind: "rpcUnreachable",
      code: "RpcUnreachable",
      shortMessage:
        "Could not reach the Ethereum node. Check that it is running (for the local chain: npm start) and that the RPC URL is right.",
      details,
      functionName,
      cause: error,
    });
  }

  return new MandateError({
    kind: "unknown",
    code: "Unknown",
    shortMessage: error instanceof Error ? error.message : String(error),
    functionName,
    cause: error,
  });
}

/** The revert inside `error`, decoded and explained, or undefined when it is not a revert. */
function fromRevertData(
  error: BaseError,
  context: ErrorContext,
  details: string,
): MandateError | undefined {
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  let data: Hex | undefined;
  let reason: string | undefined;
  if (reverted instanceof ContractFunctionRevertedError) {
    const decoded = reverted.data;
    if (decoded?.errorName && decoded.errorName !== "Error" && decoded.errorName !== "Panic") {
      return contractError(
        decoded.errorName,
        decoded.args ?? [],
        context,
        details,
        error,
        decoded.abiItem?.type === "error" ? decoded.abiItem : undefined,
      );
    }
    data = reverted.raw;
    reason = reverted.reason;
  }
  // Revert data viem could not decode with the called contract's ABI (an error of another
  // contract that bubbled up), or data carried by a lower-level RPC error.
  data ??= findRevertData(error);
  if (data !== undefined && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: mandateErrorsAbi, data });
      if (decoded.errorName === "Error") reason = String((decoded.args as readonly unknown[])[0]);
      else if (decoded.errorName === "Panic") {
        const code = Number((decoded.args as readonly unknown[])[0]);
        return new MandateError({
          kind: "revert",
          code: "Panic",
          errorName: "Panic",
          shortMessage: `The contract stopped with an internal error: ${PANIC_REASONS[code] ?? `panic code ${code}`}.`,
          reason: PANIC_REASONS[code],
          details,
          functionName: context.functionName,
          cause: error,
        });
      } else {
        return contractError(
          decoded.errorName,
          decoded.args ?? [],
          context,
          details,
          error,
          decoded.abiItem,
        );
      }
    } catch (e) {
      if (e instanceof AbiErrorSignatureNotFoundError || e instanceof BaseError) {
        return new MandateError({
          kind: "revert",
          code: "UnknownContractError",
          selector: data.slice(0, 10) as Hex,
          shortMessage: `The transaction was rejected by a contract with an error no Mandate contract defines (selector ${data.slice(0, 10)}).`,
          details,
          functionName: context.functionName,
          cause: error,
        });
      }
      throw e;
    }
  }
  if (reason !== undefined && reason !== "execution reverted") {
    return new MandateError({
      kind: "revert",
      code: "RevertReason",
      errorName: "Error",
      reason,
      shortMessage: `The transaction was rejected: ${reason}`,
      details,
      functionName: context.functionName,
      cause: error,
    });
  }
  if (reverted !== null && reverted !== undefined) {
    return new MandateError({
      kind: "revert",
      code: "RevertWithoutReason",
      shortMessage: "The transaction was rejected by the contract without a reason.",
      details,
      functionName: context.functionName,
      cause: error,
    });
  }
  return undefined;
}

function contractError(
  errorName: string,
  argsList: readonly unknown[],
  context: ErrorContext,
  details: string,
  cause: unknown,
  abiItem?: { inputs?: readonly { name?: string | undefined }[] } | undefined,
): MandateError {
  const args = namedErrorArgs(errorName, argsList, abiItem?.inputs);
  const described = describeContractError(errorName, args, context);
  return new MandateError({
    kind: "contract",
    code: errorName,
    errorName,
    args,
    argsList,
    shortMessage:
      described ?? `The contract rejected the transaction with ${errorName}(${formatArgs(args)}).`,
    details,
    functionName: context.functionName,
    cause,
  });
}

/** The first hex revert payload found on the error chain (RPC errors carry it as `data`). */
function findRevertData(error: BaseError): Hex | undefined {
  let found: Hex | undefined;
  error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    const candidates = [data, (data as { data?: unknown } | undefined)?.data];
    for (const c of candidates) {
      if (typeof c === "string" && /^0x[0-9a-fA-F]{8}/.test(c)) {
        found = c as Hex;
        return true;
      }
    }
    return false;
  });
  return found;
}

function findFunctionName(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const found = error.walk((e) => e instanceof ContractFunctionExecutionError);
  return found instanceof ContractFunctionExecutionError ? found.functionName : undefined;
}

function hasCode(error: BaseError, code: number): boolean {
  return error.walk((e) => (e as { code?: unknown }).code === code) !== null;
}

function isConnectionRefused(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
  return /ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH/.test(text);
}

function technicalDetails(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}
