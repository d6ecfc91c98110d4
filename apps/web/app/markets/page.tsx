import type { Metadata } from "next";
import Link from "next/link";
import { Notices } from "@/components/Notices";
import { formatPercentWad, formatTime, formatUsd } from "@/lib/format";
import { serverContext } from "@/lib/server/context";
import { loadMarkets } from "@/lib/server/markets";

export const metadata: Metadata = { title: "Markets" };

export default async function MarketsPage() {
  const ctx = await serverContext();
  const { markets, notices } = await loadMarkets(ctx);
  const order = ["open", "closed", "resolved", "invalid"];
  const sorted = [...markets].sort(
    (a, b) => order.indexOf(a.state) - order.indexOf(b.state) || Number(b.id) - Number(a.id),
  );
  return (
    <>
      <div className="row">
        <h1>Markets</h1>
        <Link className="button secondary" href="/markets/new">
          Create a market
        </Link>
        <Link href="/portfolio">Your portfolio</Link>
      </div>
      <p className="muted">
        LMSR prediction markets: prices are probabilities; quotes are computed exactly as the
        contract charges.
      </p>
      <Notices notices={notices} />
      {sorted.length === 0 ? <p>No markets to show.</p> : null}
      <ul className="list-plain">
        {sorted.map((m) => (
          <li key={m.id} className="card" data-testid="market-item">
            <h2 style={{ fontSize: "1.1rem", marginTop: 0 }}>
              <Link href={`/markets/${m.id}`}>{m.question}</Link>
            </h2>
            <div className="row small">
              <span className="badge state">{m.state}</span>
              <span className="muted">#{m.id}</span>
              {m.kind === "proposal" ? <span>proposal market</span> : null}
              <span className="muted">closes {formatTime(m.closeTime)}</span>
              {m.volume !== null ? <span>volume {formatUsd(BigInt(m.volume))}</span> : null}
            </div>
            <ul className="price-list">
              {m.outcomes.map((o, i) => (
                <li key={o}>
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
          </li>
        ))}
      </ul>
    </>
  );
}
