/**
 * The price-history chart's geometry: one step line per outcome (a price holds until the next
 * trade), time on x, probability 0–1 on y. Pure, so it is tested without a browser.
 */
import type { PriceSeries } from "./views";

export type ChartBox = {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
};

export const DEFAULT_BOX: ChartBox = {
  width: 640,
  height: 260,
  left: 44,
  right: 12,
  top: 10,
  bottom: 28,
};

/** Distinct colours with at least 3:1 contrast on white (graphics, WCAG 1.4.11). */
export const SERIES_COLORS = [
  "#1f4fd1",
  "#b42318",
  "#11683a",
  "#8a4b00",
  "#6b21a8",
  "#0e7490",
  "#be185d",
  "#4d5562",
] as const;

export function seriesColor(outcome: number): string {
  return SERIES_COLORS[outcome % SERIES_COLORS.length] ?? "#1f4fd1";
}

export type ChartPath = { outcome: number; label: string; d: string; last: number | null };

export type ChartModel = {
  paths: ChartPath[];
  tMin: number;
  tMax: number;
  /** y gridlines: probability and pixel y. */
  yTicks: { p: number; y: number }[];
  box: ChartBox;
};

/**
 * Builds the chart. `until` extends every line to that time (the chain's "now"); the x range is
 * [first point, max(last point, until)].
 */
export function chartModel(
  series: PriceSeries[],
  until?: number,
  box: ChartBox = DEFAULT_BOX,
): ChartModel {
  const times = series.flatMap((s) => s.points.map((p) => p.t));
  const tMin = times.length ? Math.min(...times) : 0;
  let tMax = Math.max(times.length ? Math.max(...times) : 0, until ?? 0);
  if (tMax <= tMin) tMax = tMin + 1;
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const x = (t: number) => box.left + ((t - tMin) / (tMax - tMin)) * plotW;
  const y = (p: number) => box.top + (1 - Math.min(1, Math.max(0, p))) * plotH;
  const r = (v: number) => Math.round(v * 10) / 10;
  const paths = series.map((s) => {
    const pts = [...s.points].sort((a, b) => a.t - b.t);
    let d = "";
    pts.forEach((p, i) => {
      d += i === 0 ? `M${r(x(p.t))},${r(y(p.p))}` : `H${r(x(p.t))}V${r(y(p.p))}`;
    });
    if (pts.length > 0) d += `H${r(x(tMax))}`;
    return {
      outcome: s.outcome,
      label: s.label,
      d,
      last: pts.length ? (pts[pts.length - 1]?.p ?? null) : null,
    };
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((p) => ({ p, y: r(y(p)) }));
  return { paths, tMin, tMax, yTicks, box };
}
