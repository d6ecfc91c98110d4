"use client";
import type { VoteStatus } from "@mandate/sdk";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { formatMndt, shortAddress } from "@/lib/format";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

type Choice = "for" | "against" | "abstain";

/**
 * Take back control on one proposal: a holder who delegated overrides their delegate's vote
 * (`castOverrideVote`); a self-delegated holder votes directly (`castVoteWithReason`).
 */
export function OverridePanel({
  proposalId,
  active,
  delegateNames,
}: {
  proposalId: string;
  active: boolean;
  /** AI delegate instance (lowercase) → name. */
  delegateNames: Record<string, string>;
}) {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const [status, setStatus] = useState<VoteStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [choice, setChoice] = useState<Choice>("against");
  const [reason, setReason] = useState("");
  const reasonId = useId();

  const load = useCallback(async () => {
    if (w.address === null || w.mandate === null) {
      setStatus(null);
      return;
    }
    try {
      setStatusError(null);
      setStatus(
        await w.mandate.governance.getVoteStatus({
          proposalId: BigInt(proposalId),
          account: w.address,
        }),
      );
    } catch (e) {
      setStatusError(failureMessage(e));
    }
  }, [w.address, w.mandate, proposalId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!active) {
    return <p className="muted">Voting is closed on this proposal.</p>;
  }
  if (w.address === null) {
    return (
      <p className="muted">
        Connect a wallet or pick a dev account to override your delegate or vote on this proposal.
      </p>
    );
  }
  if (statusError) return <p className="error-text">{statusError}</p>;
  if (status === null) return <p className="muted">Reading your vote status…</p>;

  const me = w.address.toLowerCase();
  const delegate = status.delegateAtSnapshot?.toLowerCase() ?? null;
  const selfDelegated = delegate === me;
  const delegateName = delegate ? (delegateNames[delegate] ?? shortAddress(delegate)) : null;

  let mode: "override" | "vote" | null = null;
  let explanation: string;
  if (status.hasOverridden) {
    explanation = "You have already overridden your delegate on this proposal.";
  } else if (status.hasVoted) {
    explanation = "You have already voted on this proposal.";
  } else if (delegate === null) {
    explanation = "You held no delegated voting power when voting opened.";
  } else if (selfDelegated) {
    mode = "vote";
    explanation = `You vote yourself: ${formatMndt(status.balanceAtSnapshot ?? 0n)} at the snapshot.`;
  } else if (status.canOverride) {
    mode = "override";
    explanation = `At the snapshot you had delegated ${formatMndt(status.balanceAtSnapshot ?? 0n)} to ${delegateName}. Your vote replaces its vote for your weight.`;
  } else {
    explanation = "You cannot override on this proposal (no balance at its snapshot).";
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = w.mandate;
    if (m === null || mode === null) return;
    const label = mode === "override" ? `Override: vote ${choice}` : `Vote ${choice}`;
    const id = BigInt(proposalId);
    const trimmed = reason.trim();
    const result =
      mode === "override"
        ? await tx.run(label, () =>
            m.governance.castOverrideVote({
              proposalId: id,
              support: choice,
              reason: trimmed === "" ? undefined : trimmed,
            }),
          )
        : await tx.run(label, () =>
            m.governance.castVoteWithReason({
              proposalId: id,
              support: choice,
              reason: trimmed,
            }),
          );
    if (result) {
      await load();
      await refresh(result.receipt);
    }
  };

  return (
    <div data-testid="override-panel">
      <p>{explanation}</p>
      {mode !== null ? (
        <form onSubmit={submit}>
          <fieldset>
            <legend>
              {mode === "override" ? "Your vote instead of your delegate's" : "Your vote"}
            </legend>
            <div className="radio-row">
              {(["for", "against", "abstain"] as const).map((c) => (
                <label key={c}>
                  <input
                    type="radio"
                    name={`support-${proposalId}`}
                    value={c}
                    checked={choice === c}
                    onChange={() => setChoice(c)}
                  />
                  {c === "for" ? "For" : c === "against" ? "Against" : "Abstain"}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={reasonId}>
              Reason <span className="hint">(optional, recorded on-chain)</span>
            </label>
            <input
              id={reasonId}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <button className="button" type="submit" disabled={tx.pending || w.walletClient === null}>
            {mode === "override" ? "Override my delegate" : "Cast my vote"}
          </button>
        </form>
      ) : null}
      <TxStatus state={tx.state} />
    </div>
  );
}
