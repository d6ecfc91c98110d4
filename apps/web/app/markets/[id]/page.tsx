import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Address } from "viem";
import { MarketActions } from "@/components/MarketActions";
import { Notices } from "@/components/Notices";
import { PriceChart } from "@/components/PriceChart";
import { formatPercentWad, formatTime, formatUsd, shortAddress } from "@/lib/format";
import { serverContext } from "@/lib/server/context";
import { loadMarket } from "@/lib/server/markets";

export const metadata: Metadata = { title: "Market" };

export default async function MarketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  if (!/^[0-9]{1,20}$/.test(raw) || raw === "0") notFound();
  const ctx = await serverContext();
  const { market: m, notices } = await loadMarket(ctx, BigInt(raw));
  if (m === null) {
    if (notices.length > 0) {
      return (
        <>
          <h1>Market #{raw}</h1>
          <Notices notices={notices} />
        </>
      );
    }
    notFound();
  }
  return (
    <>
      <p className="small">
        <Link href="/markets">← Markets</Link>
      </p>
      <h1>{m.question}</h1>
      <div className="row small">
        <span className="badge state">{m.state}</span>
        <span className="muted">#{m.id}</span>
        <span>closes {formatTime(m.closeTime)}</span>
        <span>
          liquidity b = {formatUsd(BigInt(m.liquidity))}, fee {(m.feeBps / 100).toFixed(2)}%
        </span>
        {m.proposalId ? <Link href={`/proposals/${m.proposalId}`}>the proposal</Link> : null}
      </div>
      <Notices notices={notices} />
      <div className="grid main-side">
        <div>
          <section className="card" aria-labelledby="prices-h">
            <h2 id="prices-h">Prices</h2>
            <ul className="price-list" data-testid="market-prices">
              {m.outcomes.map((o, i) => (
                <li key={o} data-testid={`price-${i}`}>
                  {o}{" "}
                  <strong>
                    {m.state === "resolved"
                      ? m.resolvedOutcome === i
                        ? "won"
                        : "lost"
                      : formatPercentWad(BigInt(m.prices[i] ?? "0"))}
                  </strong>
                </li>
              ))}
            </ul>
            <PriceChart series={m.series} />
          </section>
          {m.description || m.rules ? (
            <section className="card" aria-labelledby="about-h">
              <h2 id="about-h">About this market</h2>
              {m.description ? <p>{m.description}</p> : null}
              {m.rules ? (
                <p className="small">
                  <strong>Resolution:</strong> {m.rules}
                </p>
              ) : null}
              {m.invalidIf ? (
                <p className="small">
                  <strong>Invalid if:</strong> {m.invalidIf}
                </p>
              ) : null}
            </section>
          ) : null}
          {m.trades.length > 0 ? (
            <section className="card" aria-labelledby="trades-h">
              <h2 id="trades-h">Recent trades</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Trader</th>
                      <th scope="col">Trade</th>
                      <th scope="col" className="num">
                        Collateral
                      </th>
                      <th scope="col" className="num">
                        Price after
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.trades.map((t) => (
                      <tr key={`${t.txHash}-${t.outcome}-${t.shares}`}>
                        <td>{formatTime(t.timestamp)}</td>
                        <td className="mono">{shortAddress(t.trader)}</td>
                        <td>
                          {t.isBuy ? "buy" : "sell"}{" "}
                          {formatUsd(BigInt(t.shares)).replace(" mUSD", "")} {m.outcomes[t.outcome]}
                        </td>
                        <td className="num">{formatUsd(BigInt(t.collateral))}</td>
                        <td className="num">{formatPercentWad(BigInt(t.priceAfter))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </div>
        <aside>
          {ctx.addresses ? (
            <MarketActions
              marketId={m.id}
              outcomes={m.outcomes}
              collateral={m.collateral as Address}
              state={m.state}
              resolvedOutcome={m.resolvedOutcome}
              resolver={m.resolver as Address}
              proposalId={m.proposalId}
            />
          ) : (
            <p className="muted">Trading needs a known deployment for this chain.</p>
          )}
        </aside>
      </div>
    </>
  );
}
