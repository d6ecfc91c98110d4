"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { formatPercentWad, formatUnitsDisplay, formatUsd, MUSD } from "@/lib/format";
import { indexerGet } from "@/lib/indexer";
import type { IndexedPosition, PositionsResponse } from "@/lib/indexer-types";
import { positionPnl } from "@/lib/portfolio";
import { useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

/** Every position of the connected account, with P&L and redemption. */
export function Portfolio() {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const [positions, setPositions] = useState<IndexedPosition[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (w.address === null) {
      setPositions(null);
      return;
    }
    const res = await indexerGet<PositionsResponse>(
      w.config.indexerPath,
      `/accounts/${w.address}/positions`,
    );
    if (res.ok) {
      setError(null);
      setPositions(res.data.positions);
    } else {
      setError(
        res.reason === "unreachable"
          ? `${res.message} Positions and P&L come from the indexer; each market's page still shows your shares read from the chain.`
          : res.message,
      );
      setPositions(null);
    }
  }, [w.address, w.config.indexerPath]);

  useEffect(() => {
    void load();
  }, [load]);

  if (w.address === null) {
    return <p>Connect a wallet or pick a dev account to see your positions.</p>;
  }
  if (error) {
    return (
      <div className="notice notice-indexer" role="alert">
        {error}
      </div>
    );
  }
  if (positions === null) return <p className="muted">Reading your positions…</p>;
  const rows = positions.filter((p) => BigInt(p.balance) > 0n || BigInt(p.cost) > 0n);
  if (rows.length === 0)
    return (
      <p>
        No positions yet. <Link href="/markets">Find a market</Link>.
      </p>
    );

  const redeem = async (p: IndexedPosition) => {
    const m = w.mandate;
    if (m === null) return;
    const result = await tx.run(
      `Redeem ${p.outcomeLabel ?? `outcome ${p.outcome}`} in market #${p.marketId}`,
      () => m.markets.redeem({ marketId: BigInt(p.marketId), outcome: BigInt(p.outcome) }),
    );
    if (result) {
      await refresh(result.receipt);
      await load();
    }
  };

  let totalValue = 0n;
  let totalPnl = 0n;
  const computed = rows.map((p) => {
    const r = positionPnl(p);
    totalValue += r.value;
    totalPnl += r.pnl;
    return { p, ...r };
  });
  return (
    <>
      <p data-testid="portfolio-totals">
        Value now <strong>{formatUsd(totalValue)}</strong> · P&amp;L{" "}
        <strong>{formatUsd(totalPnl)}</strong>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Market</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Shares
              </th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col" className="num">
                P&amp;L
              </th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {computed.map(({ p, value, pnl, redeemable }) => (
              <tr key={`${p.marketId}-${p.outcome}`} data-testid="portfolio-row">
                <td>
                  <Link href={`/markets/${p.marketId}`}>
                    {p.market.question ?? `Market #${p.marketId}`}
                  </Link>{" "}
                  <span className="muted small">({p.market.state})</span>
                </td>
                <td>{p.outcomeLabel ?? p.outcome}</td>
                <td className="num">
                  {formatUnitsDisplay(BigInt(p.balance), MUSD, { maxFraction: 6, symbol: false })}
                </td>
                <td className="num">
                  {p.price === null ? "—" : formatPercentWad(BigInt(p.price))}
                </td>
                <td className="num">{formatUsd(value)}</td>
                <td className="num">{formatUsd(pnl)}</td>
                <td>
                  {redeemable ? (
                    <button
                      type="button"
                      className="button"
                      onClick={() => void redeem(p)}
                      disabled={tx.pending || w.walletClient === null}
                    >
                      Redeem
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <TxStatus state={tx.state} />
    </>
  );
}
