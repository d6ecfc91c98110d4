import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/AutoRefresh";
import { DecisionCard, VoteBadge } from "@/components/Decision";
import { Notices } from "@/components/Notices";
import { OverridePanel } from "@/components/OverridePanel";
import { StateBadge } from "@/components/StateBadge";
import { Tally } from "@/components/Tally";
import {
  formatMndt,
  formatPercentWad,
  formatTime,
  shortAddress,
  shortProposalId,
} from "@/lib/format";
import { serverContext } from "@/lib/server/context";
import { delegateNames } from "@/lib/server/delegates";
import { loadProposalDetail } from "@/lib/server/proposals";

export const metadata: Metadata = { title: "Proposal" };

function parseId(raw: string): bigint | null {
  if (!/^[0-9]{1,78}$/.test(raw)) return null;
  const id = BigInt(raw);
  return id < 2n ** 256n ? id : null;
}

export default async function ProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = parseId(raw);
  if (id === null) notFound();
  const ctx = await serverContext();
  const [{ detail: p, notices }, names] = await Promise.all([
    loadProposalDetail(ctx, id),
    delegateNames(ctx),
  ]);
  if (p === null) {
    if (notices.length > 0) {
      return (
        <>
          <h1>Proposal {shortProposalId(id)}</h1>
          <Notices notices={notices} />
          <p>This proposal could not be read.</p>
        </>
      );
    }
    notFound();
  }
  const active = p.state === "active" || p.state === "pending";
  const s = p.summary;
  const matching = p.decisions.filter((d) => d.summaryMatches === true).length;
  return (
    <>
      {active ? <AutoRefresh seconds={5} /> : null}
      <p className="small">
        <Link href="/proposals">← Proposals</Link>
      </p>
      <h1>{p.title}</h1>
      <div className="row small">
        <StateBadge state={p.state} />
        <span>
          by <span className="mono">{shortAddress(p.proposer)}</span>
        </span>
        <span>
          voting {formatTime(p.voteStart)} → {formatTime(p.voteEnd)}
        </span>
        <span className="mono muted" title={p.id}>
          {shortProposalId(p.id)}
        </span>
      </div>
      <Notices notices={notices} />

      <div className="grid main-side">
        <div>
          <section className="card" aria-labelledby="summary-h">
            <h2 id="summary-h">Summary</h2>
            {s ? (
              <>
                <p className="lead" data-testid="summary-tldr">
                  {s.tldr}
                </p>
                {s.whatChanges.length > 0 ? (
                  <>
                    <h3>What changes</h3>
                    <ul>
                      {s.whatChanges.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {s.risks.length > 0 ? (
                  <>
                    <h3>Risks</h3>
                    <ul>
                      {s.risks.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {s.affectedParties.length > 0 ? (
                  <p className="small">
                    <strong>Affected:</strong> {s.affectedParties.join("; ")}
                  </p>
                ) : null}
                <dl className="facts small">
                  <dt>Risk</dt>
                  <dd>{s.risk}</dd>
                  <dt>Topics</dt>
                  <dd>{s.topics.join(", ") || "none"}</dd>
                  <dt>Value moved</dt>
                  <dd>
                    {s.totalUsd === null
                      ? "not priced"
                      : `$${s.totalUsd.toLocaleString("en-US", { maximumFractionDigits: 0 })} (assumed prices)`}
                  </dd>
                  <dt>Confidence</dt>
                  <dd>{Math.round(s.confidence * 100)}%</dd>
                  <dt>Written by</dt>
                  <dd>
                    {s.engineLabel} ({s.engine})
                  </dd>
                  <dt>Summary hash</dt>
                  <dd className="mono">{s.summaryHash}</dd>
                </dl>
                <p data-testid="summary-check">
                  {matching > 0 ? (
                    <span className="badge ok">
                      matches the delegate's recorded summary ({matching} of {p.decisions.length}{" "}
                      decision{p.decisions.length === 1 ? "" : "s"})
                    </span>
                  ) : p.decisions.length > 0 ? (
                    <span className="badge warn">
                      differs from the summary hash the delegates recorded
                    </span>
                  ) : (
                    <span className="muted small">
                      No AI decision recorded yet to compare with.
                    </span>
                  )}
                </p>
              </>
            ) : (
              <p className="muted">
                No summary: {p.summaryError ?? "it could not be computed"}. The description is
                below.
              </p>
            )}
          </section>

          {s && (s.mismatches.length > 0 || s.flags.length > 0) ? (
            <section className="card" aria-labelledby="flags-h">
              <h2 id="flags-h">Where the text and the actions disagree</h2>
              {s.mismatches.map((m) => (
                <p key={`${m.kind}:${m.detail}`} className="flag">
                  <strong>{m.kind}:</strong> {m.detail}
                </p>
              ))}
              {s.flags
                .filter((f) => !s.mismatches.some((m) => m.detail === f))
                .map((f) => (
                  <p key={f} className="flag">
                    {f}
                  </p>
                ))}
            </section>
          ) : null}

          <section className="card" aria-labelledby="actions-h">
            <h2 id="actions-h">
              What it executes ({p.actions.length} action{p.actions.length === 1 ? "" : "s"})
            </h2>
            {p.actions.length === 0 ? <p>Nothing: a text-only proposal.</p> : null}
            <ol>
              {p.actions.map((a) => (
                <li key={a.index} data-testid="action">
                  <p>{a.description ?? <span className="muted">not decoded</span>}</p>
                  <details>
                    <summary className="small">Raw call</summary>
                    <dl className="facts small">
                      <dt>Target</dt>
                      <dd className="mono">{a.target}</dd>
                      <dt>Value</dt>
                      <dd>{a.value} wei</dd>
                      <dt>Calldata</dt>
                      <dd className="mono">{a.data}</dd>
                    </dl>
                  </details>
                </li>
              ))}
            </ol>
          </section>

          <section className="card" aria-labelledby="ai-h">
            <h2 id="ai-h">AI delegates</h2>
            {p.decisions.length === 0 ? (
              <p className="muted">No AI delegate has decided yet.</p>
            ) : (
              <div className="decisions">
                {p.decisions.map((d) => (
                  <DecisionCard key={`${d.delegateId}-${d.kind}-${d.timestamp}`} d={d} showHash />
                ))}
              </div>
            )}
          </section>

          <section className="card" aria-labelledby="votes-h">
            <h2 id="votes-h">Votes and overrides</h2>
            <Tally
              forVotes={p.forVotes}
              againstVotes={p.againstVotes}
              abstainVotes={p.abstainVotes}
            />
            {p.votes.length > 0 ? (
              <div className="table-wrap">
                <table>
                  <caption className="small muted">Votes cast</caption>
                  <thead>
                    <tr>
                      <th scope="col">Voter</th>
                      <th scope="col">Vote</th>
                      <th scope="col" className="num">
                        Weight
                      </th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.votes.map((v) => (
                      <tr key={v.voter}>
                        <td>
                          {names[v.voter.toLowerCase()] ?? (
                            <span className="mono">{shortAddress(v.voter)}</span>
                          )}
                        </td>
                        <td>
                          <VoteBadge support={v.support} />
                        </td>
                        <td className="num">{formatMndt(BigInt(v.weight))}</td>
                        <td className="small">{v.reason.split("\n\n#mandate-vote")[0]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <h3>Overrides</h3>
            {p.overrides.length === 0 ? (
              <p className="muted small">No holder has overridden a delegate on this proposal.</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="overrides">
                  <thead>
                    <tr>
                      <th scope="col">Holder</th>
                      <th scope="col">Instead of</th>
                      <th scope="col">Vote</th>
                      <th scope="col" className="num">
                        Weight
                      </th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.overrides.map((o) => (
                      <tr key={o.voter}>
                        <td className="mono">{shortAddress(o.voter)}</td>
                        <td>{names[o.delegate.toLowerCase()] ?? shortAddress(o.delegate)}</td>
                        <td>
                          <VoteBadge support={o.support} />
                        </td>
                        <td className="num">{formatMndt(BigInt(o.weight))}</td>
                        <td className="small">{o.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card">
            <details>
              <summary>
                <strong>Full description</strong> (as proposed; untrusted text)
              </summary>
              <div className="description">{p.description}</div>
            </details>
          </section>
        </div>

        <aside>
          <section className="card" aria-labelledby="override-h">
            <h2 id="override-h">Your vote</h2>
            <OverridePanel proposalId={p.id} active={p.state === "active"} delegateNames={names} />
          </section>
          {p.market ? (
            <section className="card" aria-labelledby="market-h">
              <h2 id="market-h">Will it pass?</h2>
              <p className="small">{p.market.question}</p>
              <ul className="price-list" data-testid="proposal-market-prices">
                {p.market.outcomes.map((o, i) => (
                  <li key={o}>
                    {o} <strong>{formatPercentWad(BigInt(p.market?.prices[i] ?? "0"))}</strong>
                  </li>
                ))}
              </ul>
              <p>
                <Link href={`/markets/${p.market.id}`}>Trade on market #{p.market.id}</Link>
              </p>
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
