"use client";
import type { VotingPower } from "@mandate/sdk";
import { useCallback, useEffect, useState } from "react";
import type { Address } from "viem";
import { formatMndt, shortAddress } from "@/lib/format";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

/**
 * One-click delegation to an AI delegate, and back: `undelegate` self-delegates, so the holder
 * keeps their voting power and votes directly.
 */
export function DelegateButton({ instance, name }: { instance: Address; name: string }) {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const [power, setPower] = useState<VotingPower | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (w.address === null || w.mandate === null) {
      setPower(null);
      return;
    }
    try {
      setError(null);
      setPower(await w.mandate.governance.getVotingPower({ account: w.address }));
    } catch (e) {
      setError(failureMessage(e));
    }
  }, [w.address, w.mandate]);

  useEffect(() => {
    void load();
  }, [load]);

  if (w.address === null) {
    return <p className="small muted">Connect a wallet or pick a dev account to delegate.</p>;
  }
  if (error) return <p className="error-text small">{error}</p>;
  if (power === null) return <p className="small muted">Reading your delegation…</p>;

  const delegatedHere = power.delegate.toLowerCase() === instance.toLowerCase();
  const m = w.mandate;
  const act = async () => {
    if (m === null) return;
    const result = delegatedHere
      ? await tx.run(`Undelegate from ${name}`, () => m.governance.undelegate())
      : await tx.run(`Delegate to ${name}`, () => m.governance.delegate({ delegatee: instance }));
    if (result) {
      await load();
      await refresh(result.receipt);
    }
  };
  const me = w.address.toLowerCase();
  const current =
    power.delegate.toLowerCase() === me
      ? "yourself"
      : /^0x0+$/.test(power.delegate)
        ? "nobody (your tokens carry no votes)"
        : delegatedHere
          ? name
          : shortAddress(power.delegate);
  return (
    <div data-testid={`delegate-control-${name}`}>
      <p className="small">
        You hold {formatMndt(power.balance)}, delegated to {current}.
      </p>
      <button
        type="button"
        className={delegatedHere ? "button secondary" : "button"}
        onClick={act}
        disabled={tx.pending || w.walletClient === null || power.balance === 0n}
      >
        {delegatedHere ? `Undelegate (vote yourself)` : `Delegate to ${name}`}
      </button>
      <TxStatus state={tx.state} />
    </div>
  );
}
