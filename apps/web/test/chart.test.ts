import { describe, expect, it } from "vitest";
import { chartModel, DEFAULT_BOX, SERIES_COLORS, seriesColor } from "@/lib/chart";

const box = { width: 200, height: 120, left: 20, right: 0, top: 10, bottom: 10 };

describe("chartModel", () => {
  it("draws a step line per outcome across the time range", () => {
    const m = chartModel(
      [
        {
          outcome: 0,
          label: "Yes",
          points: [
            { t: 100, p: 0.5 },
            { t: 200, p: 0.75 },
          ],
        },
        {
          outcome: 1,
          label: "No",
          points: [
            { t: 100, p: 0.5 },
            { t: 200, p: 0.25 },
          ],
        },
      ],
      300,
      box,
    );
    expect(m.tMin).toBe(100);
    expect(m.tMax).toBe(300);
    // plot: x 20..200 over t 100..300 (0.9 px/s); y 10..110 over p 1..0.
    expect(m.paths[0]?.d).toBe("M20,60H110V35H200");
    expect(m.paths[1]?.d).toBe("M20,60H110V85H200");
    expect(m.paths[0]?.last).toBe(0.75);
    expect(m.yTicks.map((t) => t.y)).toEqual([110, 85, 60, 35, 10]);
  });
  it("copes with a single point, no points, and out-of-range prices", () => {
    const m = chartModel([
      { outcome: 0, label: "A", points: [{ t: 50, p: 1.2 }] },
      { outcome: 1, label: "B", points: [] },
    ]);
    expect(m.tMax).toBeGreaterThan(m.tMin);
    expect(m.paths[0]?.d).toBe(
      `M${DEFAULT_BOX.left},${DEFAULT_BOX.top}H${DEFAULT_BOX.width - DEFAULT_BOX.right}`,
    );
    expect(m.paths[1]?.d).toBe("");
    expect(m.paths[1]?.last).toBeNull();
  });
  it("cycles colours past the palette", () => {
    expect(seriesColor(SERIES_COLORS.length)).toBe(seriesColor(0));
    expect(seriesColor(1)).not.toBe(seriesColor(0));
  });
});
