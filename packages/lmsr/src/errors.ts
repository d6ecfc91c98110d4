/**
 * Errors thrown by this package.
 *
 * Every error extends {@link LmsrError} (modelled on viem's `BaseError`): a one-line
 * `shortMessage`, optional `details`, an optional `cause`, and a `message` made of both.
 * Subclasses are named after the contract's custom errors and are thrown for the same inputs
 * where `LMSRMarket` reverts; `contractError` names the Solidity error they stand for
 * (undefined for the few checks that only exist off-chain).
 */

export type LmsrErrorParameters = {
  /** Longer explanation, appended to the message. */
  details?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Name of the contract's custom error this error stands for. */
  contractError?: string | undefined;
};

export type LmsrErrorType = LmsrError & { name: "LmsrError" };

/** Base class of every error thrown by `@mandate/lmsr`. */
export class LmsrError extends Error {
  override name = "LmsrError";
  /** One-line summary, without details. */
  readonly shortMessage: string;
  /** Longer explanation ("" if none). */
  readonly details: string;
  /** The Solidity custom error of `LMSRMarket` this error mirrors, if any. */
  readonly contractError: string | undefined;

  constructor(shortMessage: string, parameters: LmsrErrorParameters = {}) {
    const details =
      parameters.details ??
      (parameters.cause instanceof Error ? parameters.cause.message : undefined) ??
      "";
    const message = details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage;
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.contractError = parameters.contractError;
  }

  /** Follows the `cause` chain; returns the first error for which `fn` is true, else the last. */
  walk(fn?: (error: unknown) => boolean): unknown {
    let error: unknown = this;
    for (;;) {
      if (fn?.(error)) return error;
      const cause: unknown = error instanceof Error ? error.cause : undefined;
      if (cause === undefined) return fn ? null : error;
      error = cause;
    }
  }
}

/** An amount that must be positive is zero (`ZeroAmount`). */
export class ZeroAmountError extends LmsrError {
  override name = "ZeroAmountError";
  constructor({ what = "amount" }: { what?: string } = {}) {
    super(`The ${what} must be positive.`, { contractError: "ZeroAmount" });
  }
}

/**
 * A share amount (or supply after the trade) reaches 2^128, or an amount does not fit the
 * market's uint120 pool (`SharesOutOfRange`).
 */
export class SharesOutOfRangeError extends LmsrError {
  override name = "SharesOutOfRangeError";
  readonly shares: bigint;
  constructor({ shares, details }: { shares: bigint; details?: string }) {
    super(`Amount ${shares} is out of range.`, {
      details: details ?? "A supply must stay below 2^128.",
      contractError: "SharesOutOfRange",
    });
    this.shares = shares;
  }
}

/** The trade would push the log-sum above `MAX_LOG_SUM` (`LogSumOutOfRange`). */
export class LogSumOutOfRangeError extends LmsrError {
  override name = "LogSumOutOfRangeError";
  readonly logSum: bigint;
  readonly maxLogSum: bigint;
  constructor({ logSum, maxLogSum }: { logSum: bigint; maxLogSum: bigint }) {
    super("The trade would push the log-sum beyond the supported range.", {
      details: `logSum ${logSum} > maxLogSum ${maxLogSum} (X128).`,
      contractError: "LogSumOutOfRange",
    });
    this.logSum = logSum;
    this.maxLogSum = maxLogSum;
  }
}

/**
 * More shares sold or redeemed than exist (the contract reverts with
 * `ERC6909InsufficientBalance`).
 */
export class InsufficientSupplyError extends LmsrError {
  override name = "InsufficientSupplyError";
  readonly supply: bigint;
  readonly shares: bigint;
  constructor({ supply, shares }: { supply: bigint; shares: bigint }) {
    super(`Cannot take ${shares} shares out of a supply of ${supply}.`, {
      contractError: "ERC6909InsufficientBalance",
    });
    this.supply = supply;
    this.shares = shares;
  }
}

/** A collateral budget buys fewer shares than required, here none at all (`SharesBelowMin`). */
export class SharesBelowMinError extends LmsrError {
  override name = "SharesBelowMinError";
  readonly shares: bigint;
  readonly minShares: bigint;
  constructor({ shares, minShares }: { shares: bigint; minShares: bigint }) {
    super(`The budget buys ${shares} shares, below the minimum ${minShares}.`, {
      details: shares === 0n ? "The budget is too small to buy a single share." : undefined,
      contractError: "SharesBelowMin",
    });
    this.shares = shares;
    this.minShares = minShares;
  }
}

/** A buy would cost more than allowed (`CostAboveMax`). */
export class CostAboveMaxError extends LmsrError {
  override name = "CostAboveMaxError";
  readonly cost: bigint;
  readonly maxCost: bigint;
  constructor({ cost, maxCost }: { cost: bigint; maxCost: bigint }) {
    super(`The cost ${cost} exceeds the maximum ${maxCost}.`, { contractError: "CostAboveMax" });
    this.cost = cost;
    this.maxCost = maxCost;
  }
}

/** The outcome count is outside [2, 256] (`InvalidOutcomeCount`). */
export class InvalidOutcomeCountError extends LmsrError {
  override name = "InvalidOutcomeCountError";
  readonly outcomeCount: bigint;
  constructor({ outcomeCount }: { outcomeCount: bigint }) {
    super(`Invalid outcome count ${outcomeCount}: must be between 2 and 256.`, {
      contractError: "InvalidOutcomeCount",
    });
    this.outcomeCount = outcomeCount;
  }
}

/** The liquidity parameter b is zero or at least 2^96 (`InvalidLiquidity`). */
export class InvalidLiquidityError extends LmsrError {
  override name = "InvalidLiquidityError";
  readonly liquidity: bigint;
  constructor({ liquidity }: { liquidity: bigint }) {
    super(`Invalid liquidity ${liquidity}: must be between 1 and 2^96 - 1.`, {
      contractError: "InvalidLiquidity",
    });
    this.liquidity = liquidity;
  }
}

/** The fee exceeds `MAX_FEE_BPS` (`FeeTooHigh`). */
export class FeeTooHighError extends LmsrError {
  override name = "FeeTooHighError";
  readonly feeBps: bigint;
  readonly maxFeeBps: bigint;
  constructor({ feeBps, maxFeeBps }: { feeBps: bigint; maxFeeBps: bigint }) {
    super(`Fee ${feeBps} bps exceeds the maximum ${maxFeeBps} bps.`, {
      contractError: "FeeTooHigh",
    });
    this.feeBps = feeBps;
    this.maxFeeBps = maxFeeBps;
  }
}

/** The outcome index is not below the outcome count (`OutcomeOutOfRange`). */
export class OutcomeOutOfRangeError extends LmsrError {
  override name = "OutcomeOutOfRangeError";
  readonly outcome: bigint;
  readonly outcomeCount: bigint;
  constructor({ outcome, outcomeCount }: { outcome: bigint; outcomeCount: bigint }) {
    super(`Outcome ${outcome} is out of range: the market has ${outcomeCount} outcomes.`, {
      contractError: "OutcomeOutOfRange",
    });
    this.outcome = outcome;
    this.outcomeCount = outcomeCount;
  }
}

/**
 * Off-chain only: an argument is not a bigint in the range the contract can hold (a negative
 * amount, a supply of 2^128 or more, a log-sum above `MAX_LOG_SUM`...). The contract has no such
 * error: its ABI cannot even encode most of these values.
 */
export class InvalidArgumentError extends LmsrError {
  override name = "InvalidArgumentError";
  readonly argument: string;
  constructor({
    argument,
    value,
    expected,
  }: { argument: string; value: unknown; expected: string }) {
    super(`Invalid ${argument}: ${describe(value)}.`, { details: `Expected ${expected}.` });
    this.argument = argument;
  }
}

/** Off-chain only: a target probability outside (0, 1) exclusive, which no trade reaches. */
export class TargetOutOfRangeError extends LmsrError {
  override name = "TargetOutOfRangeError";
  readonly targetWad: bigint;
  constructor({ targetWad }: { targetWad: bigint }) {
    super(`Target probability ${targetWad} (WAD) is unreachable.`, {
      details: "The target must lie strictly between 0 and 1e18.",
    });
    this.targetWad = targetWad;
  }
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  return `${String(value)} (${typeof value})`;
}
