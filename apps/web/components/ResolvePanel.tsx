"use client";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import type { Address } from "viem";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

/**
 * Settling a market: a committee member votes an outcome (the committee resolver settles at its
 * threshold); a proposal market is resolved by anyone from the governor's final state.
 */
export function ResolvePanel({
  marketId,
  resolver,
  outcomes,
  proposalId,
}: {
  marketId: string;
  resolver: Address;
  outcomes: string[];
  proposalId: string | null;
}) {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const selectId = useId();
  const [member, setMember] = useState<{ isMember: boolean; threshold: bigint } | null>(null);
  const [choice, setChoice] = useState("0");
  const [error, setError] = useState<string | null>(null);
  const m = w.mandate;
  const isCommittee =
    m !== null && resolver.toLowerCase() === m.addresses.committeeResolver.toLowerCase();
  const isGovernor =
    m !== null && resolver.toLowerCase() === m.addresses.governorResolver.toLowerCase();

  const reader = w.publicClient;
  const load = useCallback(async () => {
    if (!isCommittee || m === null || reader === null || w.address === null) {
      setMember(null);
      return;
    }
    try {
      // The ABI is loaded only when a signer is here to use it.
      const { committeeResolverAbi } = await import("@mandate/abis");
      const [isMember, threshold] = await Promise.all([
        reader.readContract({
          address: m.addresses.committeeResolver,
          abi: committeeResolverAbi,
          functionName: "isMember",
          args: [w.address],
        }),
        reader.readContract({
          address: m.addresses.committeeResolver,
          abi: committeeResolverAbi,
          functionName: "threshold",
        }),
      ]);
      setMember({ isMember, threshold });
    } catch (e) {
      setError(failureMessage(e));
    }
  }, [isCommittee, m, w.address, reader]);

  useEffect(() => {
    void load();
  }, [load]);

  if (w.address === null) {
    return (
      <p className="small muted">Connect a wallet or pick a dev account to help resolve it.</p>
    );
  }
  if (m === null) return <p className="small muted">Loading…</p>;
  if (isGovernor && proposalId !== null) {
    const resolve = async () => {
      const result = await tx.run("Resolve from the governor", () =>
        m.proposalMarkets.resolve({ proposalId: BigInt(proposalId) }),
      );
      if (result) await refresh(result.receipt);
    };
    return (
      <div>
        <p className="small">
          Resolves from the governor's state once the proposal is decided: anyone can trigger it.
        </p>
        <button
          type="button"
          className="button secondary"
          onClick={() => void resolve()}
          disabled={tx.pending || w.walletClient === null}
        >
          Resolve from the governor
        </button>
        <TxStatus state={tx.state} />
      </div>
    );
  }
  if (!isCommittee) return <p className="small muted">Resolved by {resolver}.</p>;
  if (error) return <p className="error-text small">{error}</p>;
  if (member === null) return <p className="small muted">Reading the committee…</p>;
  if (!member.isMember) {
    return <p className="small muted">Resolved by a committee; you are not one of its members.</p>;
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const outcome = choice === "invalid" ? ("invalid" as const) : BigInt(choice);
    const label = `Committee vote: ${choice === "invalid" ? "invalid" : (outcomes[Number(choice)] ?? choice)}`;
    const result = await tx.run(label, () =>
      m.markets.committeeVote({ marketId: BigInt(marketId), outcome }),
    );
    if (result) await refresh(result.receipt);
  };
  return (
    <form onSubmit={submit} data-testid="committee-panel">
      <p className="small">
        You are a committee member; {member.threshold.toString()} matching vote
        {member.threshold === 1n ? "" : "s"} settle the market.
      </p>
      <div className="field">
        <label htmlFor={selectId}>Winning outcome</label>
        <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
          {outcomes.map((o, i) => (
            <option key={o} value={String(i)}>
              {o}
            </option>
          ))}
          <option value="invalid">Invalid (refund at last prices)</option>
        </select>
      </div>
      <button type="submit" className="button" disabled={tx.pending || w.walletClient === null}>
        Vote to resolve
      </button>
      <TxStatus state={tx.state} />
    </form>
  );
}
