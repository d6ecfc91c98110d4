export function StateBadge({ state }: { state: string | null }) {
  return <span className="badge state">{state ?? "state unknown"}</span>;
}
