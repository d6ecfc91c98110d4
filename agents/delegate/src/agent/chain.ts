/**
 * Chain helpers shared by the watcher, the pipeline and the executor: the registry's call ABI
 * (registry + governor + instance errors), proposal states, revert names (via @mandate/sdk), transient-error
 * detection with retries, and the DecodeContext the engines price actions with.
 */
import { aiDelegateAbi, aiDelegateRegistryAbi, mandateGovernorAbi } from "@mandate/abis";
import { toMandateError } from "@mandate/sdk";
import {
  type Abi,
  type Address,
  BaseError,
  type Chain,
  defineChain,
  type Hex,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
} from "viem";
import type { ProposalStatus } from "../store/index.js";
import type { DecodeContext } from "../types.js";

/** The registry's ABI plus every custom error a vote can bubble up (governor, instance). */
export const registryCallAbi: Abi = (() => {
  const seen = new Set<string>();
  const out: Abi[number][] = [];
  for (const item of [...aiDelegateRegistryAbi, ...mandateGovernorAbi, ...aiDelegateAbi]) {
    if (item.type !== "error" && !aiDelegateRegistryAbi.includes(item as never)) continue;
    const key =
      item.type === "error" || item.type === "function" || item.type === "event"
        ? `${item.type}:${item.name}(${item.inputs.map((i) => i.type).join(",")})`
        : `${item.type}:${JSON.stringify(item)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out as Abi;
})();

/** OpenZeppelin `IGovernor.ProposalState`, in order. */
export const PROPOSAL_STATES: readonly ProposalStatus[] = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
];

export function proposalStatus(state: number): ProposalStatus {
  const s = PROPOSAL_STATES[state];
  if (s === undefined) throw new Error(`unknown governor proposal state ${state}`);
  return s;
}

/** Open for AI decisions: a vote (Active) or a pending-decision record (Pending or Active). */
export function isOpen(status: ProposalStatus): boolean {
  return status === "pending" || status === "active";
}

function formatArg(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return v;
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

/**
 * The custom error a call reverted with, e.g. `GovernorUnexpectedProposalState(9002…, 0, 0x…)`,
 * or null when the error is not a revert. Decoding is @mandate/sdk's `toMandateError`, which
 * walks viem's error chain and knows every Mandate contract's errors (a governor error bubbling up
 * through the registry and the delegate instance is still named).
 */
export function revertReason(error: unknown): string | null {
  if (!(error instanceof BaseError)) return null;
  const m = toMandateError(error);
  if (m.kind === "contract" && m.errorName !== undefined) {
    return `${m.errorName}(${(m.argsList ?? []).map(formatArg).join(", ")})`;
  }
  if (m.kind === "revert" || m.kind === "transactionReverted") {
    if (m.reason) return m.reason;
    if (m.selector) return `reverted with unknown error data ${m.selector}`;
    return "reverted without a reason";
  }
  return null;
}

/** Errors worth retrying: the node was unreachable, slow, rate limiting or failing internally. */
export function isTransient(error: unknown): boolean {
  if (revertReason(error) !== null) return false;
  if (!(error instanceof Error)) return false;
  const walk = error instanceof BaseError ? error.walk.bind(error) : null;
  const found = walk?.(
    (e) =>
      e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof RpcRequestError,
  );
  if (found instanceof HttpRequestError) {
    return found.status === undefined || found.status === 429 || found.status >= 500;
  }
  if (found instanceof TimeoutError) return true;
  if (found instanceof RpcRequestError) return found.code === -32603 || found.code === -32005;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|fetch failed|network/i.test(
    error.message,
  );
}

export interface RetryOptions {
  /** Attempts in all (default 5). */
  attempts?: number;
  /** First delay in ms, doubled each time (default 200). */
  baseMs?: number;
  /** Told before each retry. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal | undefined;
}

/** Runs `fn`, retrying transient RPC errors with exponential backoff; anything else is thrown. */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error) || opts.signal?.aborted) throw error;
      const delay = base * 2 ** (attempt - 1);
      opts.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** A viem chain definition for signing on `chainId` through `rpcUrl`. */
export function chainFor(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? "Mandate local chain" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** Known tokens and contracts of the chain, for `buildDecodeContext`. */
export interface ChainTokens {
  /** The governance token (MNDT on the local chain). */
  governanceToken: { address: Address; symbol: string; decimals: number } | null;
  /** The demo collateral (mUSD, 6 decimals, $1) when known. */
  stablecoin: { address: Address; symbol: string; decimals: number } | null;
  /** Other contracts worth a label: the treasury (timelock), the governor, the registry... */
  labels: Record<string, { label: string; abi?: readonly unknown[] }>;
}

/**
 * The DecodeContext for the chain. Prices are assumptions, not market data: the stablecoin is $1
 * and the governance token is `governanceTokenUsd` per whole token (MANDATE_MNDT_USD, default $10).
 */
export function buildDecodeContext(
  chainId: number,
  known: ChainTokens,
  governanceTokenUsd: number,
): DecodeContext {
  const tokens: DecodeContext["tokens"] = {};
  if (known.governanceToken) {
    const t = known.governanceToken;
    tokens[t.address.toLowerCase()] = {
      symbol: t.symbol,
      decimals: t.decimals,
      usd: governanceTokenUsd,
    };
  }
  if (known.stablecoin) {
    const t = known.stablecoin;
    tokens[t.address.toLowerCase()] = { symbol: t.symbol, decimals: t.decimals, usd: 1 };
  }
  const contracts: DecodeContext["contracts"] = {};
  for (const [address, info] of Object.entries(known.labels)) {
    contracts[address.toLowerCase()] = info;
  }
  if (known.governanceToken && !contracts[known.governanceToken.address.toLowerCase()]) {
    contracts[known.governanceToken.address.toLowerCase()] = {
      label: `${known.governanceToken.symbol} governance token`,
    };
  }
  if (known.stablecoin && !contracts[known.stablecoin.address.toLowerCase()]) {
    contracts[known.stablecoin.address.toLowerCase()] = { label: known.stablecoin.symbol };
  }
  return { chainId, tokens, contracts };
}

/** The deepest cause's message: "connect ECONNREFUSED 127.0.0.1:1" rather than "fetch failed". */
export function rootCauseMessage(error: unknown): string {
  let e: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 10 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    const m = (e as { shortMessage?: unknown }).shortMessage ?? e.message;
    if (typeof m === "string" && m.length > 0) message = m;
    if (typeof code === "string" && !message.includes(code)) message = `${code}: ${message}`;
    e = (e as { cause?: unknown }).cause;
  }
  return message.replace(/\s+/g, " ").trim();
}
