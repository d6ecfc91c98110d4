import type { Metadata } from "next";
import Link from "next/link";
import type { Address } from "viem";
import { DelegateButton } from "@/components/DelegateButton";
import { MandateLines } from "@/components/MandateLines";
import { Notices } from "@/components/Notices";
import { formatMndt, formatUsd, shortAddress } from "@/lib/format";
import { serverContext } from "@/lib/server/context";
import { loadDelegates } from "@/lib/server/delegates";

export const metadata: Metadata = { title: "AI delegates" };

export default async function DelegatesPage() {
  const ctx = await serverContext();
  const { delegates, traders, notices } = await loadDelegates(ctx);
  return (
    <>
      <h1>AI delegates</h1>
      <p className="muted">
        Each delegate votes by a published mandate: rules in priority order, checked against the
        facts decoded from a proposal's actions. Delegate your votes in one click; override any vote
        on the proposal's page; undelegate to vote yourself again.
      </p>
      <Notices notices={notices} />
      {delegates.length === 0 ? <p>No AI delegate to show.</p> : null}
      <div className="grid two">
        {delegates.map((d) => (
          <section key={d.id} className="card" aria-labelledby={`delegate-${d.id}`}>
            <h2 id={`delegate-${d.id}`}>
              <Link href={`/delegates/${d.id}`}>{d.name}</Link>
            </h2>
            <dl className="facts small">
              <dt>Delegate to</dt>
              <dd className="mono">{d.instance}</dd>
              <dt>Engine</dt>
              <dd>{d.model}</dd>
              <dt>Votes now</dt>
              <dd>{d.votesDelegated === null ? "—" : formatMndt(BigInt(d.votesDelegated))}</dd>
              {d.record ? (
                <>
                  <dt>Record</dt>
                  <dd data-testid="delegate-record">
                    {d.record.votes} vote{d.record.votes === 1 ? "" : "s"}, {d.record.asks} ask
                    {d.record.asks === 1 ? "" : "s"}, {d.record.overridesReceived} override
                    {d.record.overridesReceived === 1 ? "" : "s"} received
                  </dd>
                  <dt>Agreement</dt>
                  <dd>
                    {d.record.decided === 0
                      ? "no decided proposal it voted on yet"
                      : `${d.record.agreed} of ${d.record.decided} decided proposals went its way`}
                  </dd>
                </>
              ) : null}
            </dl>
            <h3>Mandate</h3>
            <MandateLines d={d} />
            <DelegateButton instance={d.instance as Address} name={d.name} />
          </section>
        ))}
      </div>
      <section className="card" aria-labelledby="traders-h">
        <h2 id="traders-h">AI traders</h2>
        {traders.length === 0 ? (
          <p className="muted">
            No AI trader has traded through a vault yet (or the indexer is unreachable).
          </p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col" className="num">
                    Trades
                  </th>
                  <th scope="col" className="num">
                    Spent
                  </th>
                  <th scope="col" className="num">
                    Received + payout
                  </th>
                  <th scope="col" className="num">
                    Brier (resolved markets)
                  </th>
                </tr>
              </thead>
              <tbody>
                {traders.map((t) => (
                  <tr key={t.address}>
                    <td className="mono">{shortAddress(t.address)}</td>
                    <td className="num">{t.trades}</td>
                    <td className="num">{formatUsd(BigInt(t.spent))}</td>
                    <td className="num">{formatUsd(BigInt(t.received) + BigInt(t.payout))}</td>
                    <td className="num">
                      {t.meanBrier === null
                        ? "no resolved market yet"
                        : `${t.meanBrier.toFixed(3)} (${t.resolved})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="small muted">
          Brier score: the mean squared error of the prices an agent left a market at, against the
          resolution (0 is perfect, lower is better).
        </p>
      </section>
    </>
  );
}
