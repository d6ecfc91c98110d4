"use client";
import type { Position } from "@mandate/sdk";
import { useCallback, useEffect, useState } from "react";
import { formatPercentWad, formatUnitsDisplay, MUSD, type Units } from "@/lib/format";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

/** The connected account's shares in one market, their value now, and redemption once settled. */
export function PositionPanel({
  marketId,
  outcomes,
  state,
  resolvedOutcome,
  units = MUSD,
  version = 0,
}: {
  marketId: string;
  outcomes: string[];
  state: string;
  resolvedOutcome: number | null;
  units?: Units;
  /** Bump to reload (after a trade elsewhere on the page). */
  version?: number;
}) {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const [positions, setPositions] = useState<Position[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (w.mandate === null || w.address === null) {
      setPositions(null);
      return;
    }
    try {
      setError(null);
      setPositions(
        await w.mandate.markets.getPositions({ marketId: BigInt(marketId), account: w.address }),
      );
    } catch (e) {
      setError(failureMessage(e));
    }
  }, [w.mandate, w.address, marketId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload signal
  useEffect(() => {
    void load();
  }, [load, version]);

  if (w.address === null) return <p className="muted small">Connect to see your position.</p>;
  if (error) return <p className="error-text small">{error}</p>;
  if (positions === null) return <p className="muted small">Reading your position…</p>;
  const held = positions.filter((p) => p.shares > 0n);
  const settled = state === "resolved" || state === "invalid";
  const fmt = (v: bigint) =>
    formatUnitsDisplay(v, units, { maxFraction: units.decimals, minFraction: 2 });

  const redeem = async (outcome: bigint) => {
    const m = w.mandate;
    if (m === null) return;
    const result = await tx.run(`Redeem ${outcomes[Number(outcome)] ?? outcome} shares`, () =>
      m.markets.redeem({ marketId: BigInt(marketId), outcome }),
    );
    if (result) {
      await load();
      await refresh(result.receipt);
    }
  };

  return (
    <div data-testid="position">
      {held.length === 0 ? (
        <p className="small">You hold no shares in this market.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Shares
              </th>
              <th scope="col" className="num">
                {settled ? "Pays" : "Value now"}
              </th>
              {settled ? <th scope="col">Redeem</th> : null}
            </tr>
          </thead>
          <tbody>
            {held.map((p) => {
              const i = Number(p.outcome);
              const wins = state === "resolved" ? resolvedOutcome === i : state === "invalid";
              return (
                <tr key={i} data-testid={`position-${i}`}>
                  <td>
                    {outcomes[i] ?? `Outcome ${i}`}{" "}
                    {settled ? null : (
                      <span className="muted">({formatPercentWad(p.priceWad)})</span>
                    )}
                  </td>
                  <td className="num" data-testid={`position-shares-${i}`}>
                    {formatUnitsDisplay(p.shares, units, {
                      maxFraction: units.decimals,
                      symbol: false,
                    })}
                  </td>
                  <td className="num">{state === "resolved" && !wins ? fmt(0n) : fmt(p.value)}</td>
                  {settled ? (
                    <td>
                      {wins ? (
                        <button
                          type="button"
                          className="button"
                          disabled={tx.pending || w.walletClient === null}
                          onClick={() => void redeem(p.outcome)}
                        >
                          Redeem
                        </button>
                      ) : (
                        <span className="muted small">lost</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <TxStatus state={tx.state} />
    </div>
  );
}
