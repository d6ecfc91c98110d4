/**
 * Display helpers: amounts with their token's symbol, Unix times, and the names of on-chain enums.
 * For people only; every amount the SDK sends or returns stays a bigint in base units.
 */

import { formatUnits } from "viem";

/** What it takes to show a token amount: its symbol and decimals. */
export type TokenUnits = {
  symbol: string;
  decimals: number;
};

/**
 * Formats `value` base units of a token for people: thousands separators, at least two decimals
 * and every significant one after that, then the symbol — `12340000n` of mUSD (6 decimals) is
 * "12.34 mUSD", `12000000n` is "12.00 mUSD", `12345678n` is "12.345678 mUSD". Without units the
 * raw integer is shown as "12,340,000 base units".
 */
export function formatAmount(value: bigint, units?: TokenUnits | undefined): string {
  if (units === undefined) return `${groupThousands(value.toString())} base units`;
  const negative = value < 0n;
  const text = formatUnits(negative ? -value : value, units.decimals);
  const [whole = "0", fraction = ""] = text.split(".");
  const decimals = units.decimals === 0 ? "" : `.${fraction.padEnd(2, "0")}`;
  const number = `${negative ? "-" : ""}${groupThousands(whole)}${decimals}`;
  return units.symbol ? `${number} ${units.symbol}` : number;
}

function groupThousands(digits: string): string {
  const negative = digits.startsWith("-");
  const body = negative ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return negative ? `-${grouped}` : grouped;
}

/** A Unix time in seconds as "2026-11-22 03:00:00 UTC". */
export function formatTimestamp(seconds: bigint | number): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${seconds.toString()} (Unix seconds)`;
  return `${new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "")} UTC`;
}

/** A duration in seconds as "2 days 3 hours", "5 minutes", "42 seconds". */
export function formatDuration(seconds: bigint | number): string {
  let s = Number(seconds);
  if (s <= 0) return "0 seconds";
  const parts: string[] = [];
  for (const [size, name] of [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
    [1, "second"],
  ] as const) {
    const n = Math.floor(s / size);
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
    s -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/** OpenZeppelin `IGovernor.ProposalState`, in enum order. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** The name of a `ProposalState` value ("Unknown(9)" outside the enum). */
export function proposalStateName(
  state: number | bigint,
): ProposalStateName | `Unknown(${string})` {
  return PROPOSAL_STATES[Number(state)] ?? `Unknown(${state.toString()})`;
}

/** The states set in a Governor `expectedStates` bitmap (bit i = ProposalState i). */
export function proposalStatesFromBitmap(bitmap: bigint | `0x${string}`): ProposalStateName[] {
  const bits = typeof bitmap === "bigint" ? bitmap : BigInt(bitmap);
  return PROPOSAL_STATES.filter((_, i) => (bits >> BigInt(i)) & 1n);
}

/** `ILMSRMarket.MarketState`, in enum order. */
export const MARKET_STATES = ["None", "Open", "Closed", "Resolved", "Invalid"] as const;
export type MarketStateName = (typeof MARKET_STATES)[number];

/** The name of a `MarketState` value. */
export function marketStateName(state: number | bigint): MarketStateName | `Unknown(${string})` {
  return MARKET_STATES[Number(state)] ?? `Unknown(${state.toString()})`;
}

/** OpenZeppelin `TimelockController.OperationState`, in enum order. */
export const TIMELOCK_OPERATION_STATES = ["Unset", "Waiting", "Ready", "Done"] as const;

/** `IOptimisticResolver.Status`, in enum order. */
export const OPTIMISTIC_STATUSES = [
  "None",
  "Proposed",
  "Disputed",
  "Finalized",
  "Settled",
] as const;
export type OptimisticStatusName = (typeof OPTIMISTIC_STATUSES)[number];

/** Vote support values of the governor (Bravo counting). */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;
/** A vote's support: 0 = Against, 1 = For, 2 = Abstain, or the name. */
export type Support = 0 | 1 | 2 | SupportName;

/** The numeric support of `support`. */
export function supportValue(support: Support): 0 | 1 | 2 {
  return typeof support === "number" ? support : SUPPORT[support];
}

/** "Against", "For" or "Abstain". */
export function supportName(support: number | bigint): string {
  return ["Against", "For", "Abstain"][Number(support)] ?? `support ${support.toString()}`;
}
