import type { DelegateView } from "@/lib/views";

export function MandateLines({ d }: { d: DelegateView }) {
  if (d.mandateError) {
    return <p className="error-text small">The mandate could not be read: {d.mandateError}</p>;
  }
  return (
    <>
      <ol className="list-plain small">
        {d.lines.map((l) => (
          <li key={l.id} className="rule-line">
            <code>{l.id}</code> {l.text}
          </li>
        ))}
      </ol>
      <p className="small">
        Version {d.mandateVersion},{" "}
        {d.mandateHashMatches ? (
          <span className="badge ok">document hashes to the registered hash</span>
        ) : (
          <span className="badge warn">document does not hash to the registered hash</span>
        )}{" "}
        <span className="mono muted" title={d.mandateHash}>
          {d.mandateHash.slice(0, 10)}…
        </span>
      </p>
    </>
  );
}
