import type { Notice } from "@/lib/views";

const TITLES: Record<Notice["kind"], string> = {
  indexer: "Indexer unreachable",
  chain: "Chain unreachable",
  config: "Configuration",
  info: "Note",
};

/** Problems reading data, said plainly; the page shows whatever could be read. */
export function Notices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  const unique = notices.filter(
    (n, i) => notices.findIndex((m) => m.kind === n.kind && m.message === n.message) === i,
  );
  return (
    <div className="notices">
      {unique.map((n) => (
        <div
          key={`${n.kind}:${n.message}`}
          className={`notice notice-${n.kind}`}
          role={n.kind === "info" ? "note" : "alert"}
        >
          <strong>{TITLES[n.kind]}:</strong> {n.message}
        </div>
      ))}
    </div>
  );
}
