import { formatMndt } from "@/lib/format";

/** For / Against / Abstain with a bar (the numbers are in the text; the bar is decoration). */
export function Tally({
  forVotes,
  againstVotes,
  abstainVotes,
}: {
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
}) {
  const f = BigInt(forVotes);
  const a = BigInt(againstVotes);
  const ab = BigInt(abstainVotes);
  const total = f + a + ab;
  const pct = (x: bigint) => (total === 0n ? 0 : Number((x * 10000n) / total) / 100);
  return (
    <div className="tally-block">
      <div className="tally" aria-hidden="true">
        <span className="for" style={{ width: `${pct(f)}%` }} />
        <span className="against" style={{ width: `${pct(a)}%` }} />
        <span className="abstain" style={{ width: `${pct(ab)}%` }} />
      </div>
      <p className="small" data-testid="tally">
        For {formatMndt(f)} · Against {formatMndt(a)} · Abstain {formatMndt(ab)}
      </p>
    </div>
  );
}
