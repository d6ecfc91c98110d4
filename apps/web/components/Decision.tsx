import { reasonCodeLabel, supportLabel } from "@/lib/format";
import type { AiDecisionView } from "@/lib/views";

export function VoteBadge({ support }: { support: number | null }) {
  const label = supportLabel(support);
  return <span className={`badge ${label.toLowerCase()}`}>{label}</span>;
}

/** One AI delegate's decision on a proposal: its vote (or ask), the rule that fired, why. */
export function DecisionCard({ d, showHash = false }: { d: AiDecisionView; showHash?: boolean }) {
  return (
    <div className="decision" data-testid={`decision-${d.delegateId}`}>
      <div className="row">
        <strong>{d.delegateName}</strong>
        {d.kind === "vote" ? (
          <VoteBadge support={d.support} />
        ) : (
          <span className="badge ask">Asks holders</span>
        )}
      </div>
      <p className="small">
        {d.kind === "pending" ? `${reasonCodeLabel(d.reasonCode)}. ` : null}
        Rule: <code>{d.ruleId ?? "not named"}</code>
      </p>
      <p className="small">
        {d.rationale || <span className="muted">(no rationale recorded)</span>}
      </p>
      {showHash ? (
        <p className="small">
          {d.summaryMatches === true ? (
            <span className="badge ok">matches the delegate's recorded summary</span>
          ) : d.summaryMatches === false ? (
            <span className="badge warn">
              recorded summary differs from the one shown (another engine or the seed wrote it)
            </span>
          ) : (
            <span className="muted">summary hash not checked</span>
          )}{" "}
          <span className="muted mono" title={d.summaryHash}>
            {d.summaryHash.slice(0, 10)}…
          </span>
        </p>
      ) : null}
    </div>
  );
}
