import { explain } from "@mandate/mandate";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Address } from "viem";
import { VoteBadge } from "@/components/Decision";
import { DelegateButton } from "@/components/DelegateButton";
import { MandateLines } from "@/components/MandateLines";
import { Notices } from "@/components/Notices";
import { shortAddress } from "@/lib/format";
import { decodeMandateURI } from "@/lib/mandate";
import { serverContext } from "@/lib/server/context";
import { loadDelegates } from "@/lib/server/delegates";
import { loadRecentAnalyses } from "@/lib/server/proposals";

export const metadata: Metadata = { title: "AI delegate" };

export default async function DelegatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9]{1,10}$/.test(id)) notFound();
  const ctx = await serverContext();
  const [{ delegates, notices }, recent] = await Promise.all([
    loadDelegates(ctx),
    loadRecentAnalyses(ctx, 6),
  ]);
  const d = delegates.find((x) => x.id === id);
  if (d === undefined) {
    if (notices.length > 0) {
      return (
        <>
          <h1>AI delegate #{id}</h1>
          <Notices notices={notices} />
        </>
      );
    }
    notFound();
  }
  let mandate: ReturnType<typeof decodeMandateURI> | null = null;
  try {
    mandate = decodeMandateURI(d.mandateURI);
  } catch {
    mandate = null;
  }
  return (
    <>
      <p className="small">
        <Link href="/delegates">← Delegates</Link>
      </p>
      <h1>{d.name}</h1>
      <Notices notices={[...notices, ...recent.notices]} />
      <div className="grid main-side">
        <div>
          <section className="card" aria-labelledby="mandate-h">
            <h2 id="mandate-h">Mandate, in plain words</h2>
            <MandateLines d={d} />
            {d.mandateJson ? (
              <details>
                <summary className="small">The document (canonical JSON)</summary>
                <pre className="description">{d.mandateJson}</pre>
              </details>
            ) : null}
          </section>
          {mandate && recent.analyses.length > 0 ? (
            <section className="card" aria-labelledby="explain-h">
              <h2 id="explain-h">How this mandate reads recent proposals</h2>
              <p className="small muted">
                The policy engine's explanation (<code>explain</code>): which rule fires on each
                proposal's decoded facts, and why.
              </p>
              {recent.analyses.map((a) => {
                const e = explain(a.facts, mandate);
                const fired = e.rules.find((r) => r.fired);
                return (
                  <details key={a.id}>
                    <summary>
                      {a.title}:{" "}
                      {e.decision.vote === "ask" ? (
                        <span className="badge ask">Ask</span>
                      ) : (
                        <VoteBadge
                          support={
                            e.decision.vote === "for" ? 1 : e.decision.vote === "against" ? 0 : 2
                          }
                        />
                      )}{" "}
                      <code>{e.decision.ruleId}</code>
                    </summary>
                    <p className="small">{e.decision.rationale}</p>
                    <ul className="small">
                      {e.uncertainty.map((u) => (
                        <li key={u.ruleId}>
                          {u.triggered ? "⚠ " : "✓ "}
                          {u.detail}
                          {u.decided ? " — decided" : ""}
                        </li>
                      ))}
                      {e.rules.map((r) => (
                        <li key={r.id}>
                          <code>{r.id}</code> {r.matched ? "matched" : "did not match"}
                          {r === fired ? " (fired)" : ""}: {r.condition.summary}
                        </li>
                      ))}
                    </ul>
                  </details>
                );
              })}
            </section>
          ) : null}
          {d.record ? (
            <section className="card" aria-labelledby="record-h">
              <h2 id="record-h">Decisions</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Proposal</th>
                      <th scope="col">Decision</th>
                      <th scope="col">Rule</th>
                      <th scope="col">Outcome</th>
                      <th scope="col" className="num">
                        Overrides
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.record.decisions.map((x) => (
                      <tr key={`${x.proposalId}-${x.kind}`}>
                        <td>
                          <Link href={`/proposals/${x.proposalId}`}>{x.title}</Link>
                        </td>
                        <td>
                          {x.kind === "vote" ? (
                            <VoteBadge support={x.support} />
                          ) : (
                            <span className="badge ask">Asked</span>
                          )}
                        </td>
                        <td>
                          <code>{x.ruleId ?? "—"}</code>
                        </td>
                        <td>{x.outcome ?? "—"}</td>
                        <td className="num">{x.overrides}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </div>
        <aside>
          <section className="card" aria-labelledby="profile-h">
            <h2 id="profile-h">Profile</h2>
            <dl className="facts small">
              <dt>Delegate to</dt>
              <dd className="mono">{d.instance}</dd>
              <dt>Owner</dt>
              <dd className="mono">{shortAddress(d.owner)}</dd>
              <dt>Operator</dt>
              <dd className="mono">{shortAddress(d.operator)}</dd>
              <dt>Engine</dt>
              <dd>{d.model}</dd>
            </dl>
            <DelegateButton instance={d.instance as Address} name={d.name} />
          </section>
        </aside>
      </div>
    </>
  );
}
