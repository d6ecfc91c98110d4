import type { Metadata } from "next";
import Link from "next/link";
import { DecisionCard } from "@/components/Decision";
import { Notices } from "@/components/Notices";
import { StateBadge } from "@/components/StateBadge";
import { Tally } from "@/components/Tally";
import { formatTime } from "@/lib/format";
import { serverContext } from "@/lib/server/context";
import { loadProposalList } from "@/lib/server/proposals";

export const metadata: Metadata = { title: "Proposals" };

export default async function ProposalsPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>;
}) {
  const { page: pageParam } = await searchParams;
  const page = Math.max(0, Math.min(10_000, Number.parseInt(pageParam ?? "0", 10) || 0));
  const ctx = await serverContext();
  const { items, notices, hasMore } = await loadProposalList(ctx, page);
  return (
    <>
      <div className="row">
        <h1>Proposals</h1>
        <Link className="button secondary" href="/proposals/new">
          New proposal
        </Link>
      </div>
      <p className="muted">
        Every proposal with the AI delegates' decisions: the vote, the mandate rule that fired and
        the reason they recorded on-chain. The tl;dr is written by the delegates' own offline
        engine.
      </p>
      <Notices notices={notices} />
      {items.length === 0 ? <p>No proposals to show.</p> : null}
      <ol className="list-plain">
        {items.map((p) => (
          <li key={p.id} className="card proposal-item" data-testid="proposal-item">
            <h2>
              <Link href={`/proposals/${p.id}`}>{p.title}</Link>
            </h2>
            <div className="row small">
              <StateBadge state={p.state} />
              <span className="muted">voting ends {formatTime(p.voteEnd)}</span>
              {p.marketId ? (
                <Link href={`/markets/${p.marketId}`}>market #{p.marketId}</Link>
              ) : null}
              {p.overrideCount > 0 ? (
                <span>
                  {p.overrideCount} override{p.overrideCount === 1 ? "" : "s"}
                </span>
              ) : null}
              {p.mismatchCount > 0 ? (
                <span className="badge warn">text and actions disagree</span>
              ) : null}
            </div>
            <p data-testid="tldr">
              <strong>AI tl;dr:</strong>{" "}
              {p.tldr ?? <span className="muted">summary unavailable (chain unreachable)</span>}
            </p>
            <Tally
              forVotes={p.forVotes}
              againstVotes={p.againstVotes}
              abstainVotes={p.abstainVotes}
            />
            {p.decisions.length > 0 ? (
              <div className="decisions">
                {p.decisions.map((d) => (
                  <DecisionCard key={`${d.delegateId}-${d.kind}`} d={d} />
                ))}
              </div>
            ) : (
              <p className="small muted">No AI delegate has decided yet.</p>
            )}
          </li>
        ))}
      </ol>
      <nav className="row" aria-label="Pages">
        {page > 0 ? <Link href={`/proposals?page=${page - 1}`}>Newer proposals</Link> : null}
        {hasMore ? <Link href={`/proposals?page=${page + 1}`}>Older proposals</Link> : null}
      </nav>
    </>
  );
}
