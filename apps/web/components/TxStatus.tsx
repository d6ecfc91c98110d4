"use client";
import type { TxState } from "@/lib/wallet/useTx";

/**
 * The status of a transaction, announced to screen readers (a polite live region that is always
 * present, so changes are read out).
 */
export function TxStatus({ state }: { state: TxState }) {
  return (
    <p
      className={`tx tx-${state.status}`}
      role="status"
      aria-live="polite"
      data-status={state.status}
    >
      {state.status === "pending" ? <span className="spinner" aria-hidden="true" /> : null}
      {state.message}
    </p>
  );
}
