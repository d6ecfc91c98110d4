import { chartModel, seriesColor } from "@/lib/chart";
import { formatTime } from "@/lib/format";
import type { PriceSeries } from "@/lib/views";

/** Price history, one line per outcome (SVG, no script). */
export function PriceChart({ series, until }: { series: PriceSeries[]; until?: number }) {
  if (series.every((s) => s.points.length === 0)) {
    return <p className="muted">No price history (the indexer is needed for it).</p>;
  }
  const m = chartModel(series, until);
  const { box } = m;
  const latest = m.paths
    .map((p) => `${p.label} ${p.last === null ? "—" : `${(p.last * 100).toFixed(1)}%`}`)
    .join(", ");
  return (
    <figure className="chart-figure" style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-label={`Price history from ${formatTime(m.tMin)} to ${formatTime(m.tMax)}. Latest: ${latest}.`}
        data-testid="price-chart"
      >
        {m.yTicks.map((t) => (
          <g key={t.p}>
            <line
              x1={box.left}
              x2={box.width - box.right}
              y1={t.y}
              y2={t.y}
              stroke="#d5d8dc"
              strokeDasharray={t.p === 0 || t.p === 1 ? undefined : "3 4"}
            />
            <text x={box.left - 6} y={t.y + 4} textAnchor="end" fontSize="11" fill="#545a63">
              {Math.round(t.p * 100)}%
            </text>
          </g>
        ))}
        {m.paths.map((p) => (
          <path
            key={p.outcome}
            d={p.d}
            fill="none"
            stroke={seriesColor(p.outcome)}
            strokeWidth="2"
            data-outcome={p.outcome}
          />
        ))}
        <text x={box.left} y={box.height - 8} fontSize="11" fill="#545a63">
          {formatTime(m.tMin)}
        </text>
        <text
          x={box.width - box.right}
          y={box.height - 8}
          fontSize="11"
          fill="#545a63"
          textAnchor="end"
        >
          {formatTime(m.tMax)}
        </text>
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {m.paths.map((p) => (
            <li key={p.outcome}>
              <span
                className="swatch"
                style={{ background: seriesColor(p.outcome) }}
                aria-hidden="true"
              />
              {p.label}: {p.last === null ? "—" : `${(p.last * 100).toFixed(1)}%`}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
