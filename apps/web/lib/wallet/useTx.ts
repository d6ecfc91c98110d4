"use client";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import type { Hash, TransactionReceipt } from "viem";
import { indexerGet } from "../indexer";

export type TxStatus = "idle" | "pending" | "confirmed" | "failed";

export type TxState = {
  status: TxStatus;
  /** What the transaction does ("Buy 10 Yes shares"). */
  label: string;
  /** The sentence shown (and announced) for the current status. */
  message: string;
  hash: Hash | null;
};

const IDLE: TxState = { status: "idle", label: "", message: "", hash: null };

type Sent = { hash: Hash; receipt?: TransactionReceipt | undefined };

/**
 * The human sentence for a failure. Every SDK action throws a MandateError, whose `shortMessage`
 * is the sentence for people (the contract's custom error in words); anything else gives its
 * message's first line.
 */
export function failureMessage(error: unknown): string {
  if (typeof error === "object" && error !== null && "shortMessage" in error) {
    const short = (error as { shortMessage: unknown }).shortMessage;
    if (typeof short === "string" && short !== "") return short;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? "Unknown error.";
}

/**
 * Runs one write and tracks it: pending → confirmed (with its block) or failed (with
 * MandateError's human message). Only one at a time per hook.
 */
export function useTx() {
  const [state, setState] = useState<TxState>(IDLE);
  const busy = useRef(false);

  const run = useCallback(
    async <R extends Sent>(label: string, send: () => Promise<R>): Promise<R | null> => {
      if (busy.current) return null;
      busy.current = true;
      setState({ status: "pending", label, message: `${label}: sending…`, hash: null });
      try {
        const result = await send();
        const block = result.receipt?.blockNumber;
        setState({
          status: "confirmed",
          label,
          message: `${label}: confirmed${block === undefined ? "" : ` in block ${block}`}.`,
          hash: result.hash,
        });
        return result;
      } catch (error) {
        setState({
          status: "failed",
          label,
          message: `${label} failed: ${failureMessage(error)}`,
          hash: null,
        });
        return null;
      } finally {
        busy.current = false;
      }
    },
    [],
  );

  const fail = useCallback((label: string, message: string) => {
    setState({ status: "failed", label, message: `${label} failed: ${message}`, hash: null });
  }, []);

  const reset = useCallback(() => setState(IDLE), []);
  return { state, run, fail, reset, pending: state.status === "pending" };
}

/**
 * Waits (up to `timeoutMs`) until the indexer has indexed `blockNumber`, through the app's proxy.
 * Resolves false when it did not (unreachable or behind): pages then show chain data or old rows.
 */
export async function waitForIndexer(
  indexerPath: string,
  blockNumber: bigint,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await indexerGet<Record<string, { block?: { number?: number } }>>(
      indexerPath,
      "/status",
      { timeoutMs: 2000 },
    );
    if (!res.ok && res.reason === "unreachable") return false;
    if (res.ok) {
      const numbers = Object.values(res.data).map((c) => c.block?.number ?? 0);
      if (numbers.length > 0 && BigInt(Math.min(...numbers)) >= blockNumber) return true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** After a confirmed write: wait for the indexer to catch up, then re-render the server data. */
export function useRefreshAfter(indexerPath: string) {
  const router = useRouter();
  return useCallback(
    async (receipt: TransactionReceipt | undefined) => {
      if (receipt !== undefined) await waitForIndexer(indexerPath, receipt.blockNumber);
      router.refresh();
    },
    [router, indexerPath],
  );
}
