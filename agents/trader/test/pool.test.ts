import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holderSource } from "../src/beliefs/holder.js";
import { gatherBeliefs, pool, type WeightedBelief } from "../src/beliefs/pool.js";
import { BeliefRangeError, type BeliefSource, makeBelief } from "../src/beliefs/types.js";
import { logit, P_MAX, P_MIN, sigmoid } from "../src/prob.js";
import { binaryMarket, NOW } from "./helpers.js";

const prob = fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true });
const weight = fc.double({ min: 0.01, max: 100, noNaN: true });
const wb = (p: number, w: number, source = "s"): WeightedBelief => ({
  belief: { p, rationale: "r", source },
  weight: w,
});

describe("pool: weighted mean in log-odds", () => {
  it("lies between the smallest and the largest source", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(prob, weight), { minLength: 1, maxLength: 8 }), (xs) => {
        const pooled = pool(xs.map(([p, w], i) => wb(p, w, `s${i}`)));
        const ps = xs.map(([p]) => p);
        expect(pooled).not.toBeNull();
        expect(pooled?.p).toBeGreaterThanOrEqual(Math.min(...ps));
        expect(pooled?.p).toBeLessThanOrEqual(Math.max(...ps));
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it("identical sources pool to the same p, whatever the weights", () => {
    fc.assert(
      fc.property(prob, fc.array(weight, { minLength: 1, maxLength: 6 }), (p, ws) => {
        expect(pool(ws.map((w) => wb(p, w)))?.p).toBe(p);
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it("scaling every weight changes nothing; weight 0 ignores a source", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(prob, weight), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        prob,
        (xs, k, ignored) => {
          const a = pool(xs.map(([p, w]) => wb(p, w)))?.p ?? 0;
          const b = pool(xs.map(([p, w]) => wb(p, w * k)))?.p ?? 0;
          const c = pool([...xs.map(([p, w]) => wb(p, w)), wb(ignored, 0)])?.p ?? 0;
          expect(b).toBeCloseTo(a, 12);
          expect(c).toBeCloseTo(a, 12);
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });

  it("more weight moves the pool towards that source", () => {
    fc.assert(
      fc.property(prob, prob, weight, weight, (p1, p2, w1, extra) => {
        const before = pool([wb(p1, w1), wb(p2, 1)])?.p ?? 0;
        const after = pool([wb(p1, w1 + extra), wb(p2, 1)])?.p ?? 0;
        expect(Math.abs(after - p1)).toBeLessThanOrEqual(Math.abs(before - p1) + 1e-12);
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  it("is the weighted mean of the log-odds, keeping each source and weight", () => {
    const pooled = pool([wb(0.9, 3, "holder"), wb(0.5, 1, "model")]);
    expect(pooled?.p).toBeCloseTo(sigmoid((3 * logit(0.9)) / 4), 12);
    expect(pooled?.components.map((c) => [c.source, c.weight, c.share])).toEqual([
      ["holder", 3, 0.75],
      ["model", 1, 0.25],
    ]);
    // Two confident sources stay confident (an average of probabilities would not).
    expect(pool([wb(0.99, 1), wb(0.99, 1), wb(0.5, 1)])?.p).toBeGreaterThan(0.95);
  });

  it("nothing to pool → null; a negative weight throws", () => {
    expect(pool([])).toBeNull();
    expect(pool([wb(0.4, 0)])).toBeNull();
    expect(() => pool([wb(0.4, -1)])).toThrow(RangeError);
  });
});

describe("beliefs", () => {
  it("clamp to [1e-4, 1 − 1e-4] and say so", () => {
    const b = makeBelief("x", 1, "sure");
    expect(b.p).toBe(P_MAX);
    expect(b.clampedFrom).toBe(1);
    expect(b.rationale).toContain("clamped from 1");
    expect(makeBelief("x", 0, "never").p).toBe(P_MIN);
    expect(makeBelief("x", 0.3, "fine")).toEqual({ p: 0.3, rationale: "fine", source: "x" });
    expect(() => makeBelief("x", 1.2, "")).toThrow(BeliefRangeError);
    expect(() => makeBelief("x", Number.NaN, "")).toThrow(BeliefRangeError);
  });

  it("holder source: per market, null elsewhere; rejects non-probabilities up front", async () => {
    const source = holderSource({
      weight: 2,
      beliefs: { "1": { p: 0.8, note: "I read the forum" } },
    });
    const m1 = binaryMarket(0.5, 1_000n, 0n, 1n).view();
    const m2 = binaryMarket(0.5, 1_000n, 0n, 2n).view();
    const b = await source.believe(m1, { now: NOW });
    expect(b?.p).toBe(0.8);
    expect(b?.rationale).toContain("I read the forum");
    expect(await source.believe(m2, { now: NOW })).toBeNull();
    expect(() => holderSource({ beliefs: { "1": { p: 2 } } })).toThrow(RangeError);
    expect(() => holderSource({ weight: -1, beliefs: {} })).toThrow(RangeError);
  });

  it("gatherBeliefs pools what answers and records what failed", async () => {
    const m = binaryMarket(0.5).view();
    const ok = (id: string, p: number, w: number): BeliefSource => ({
      id,
      weight: w,
      believe: async () => makeBelief(id, p, id),
    });
    const broken: BeliefSource = {
      id: "broken",
      weight: 5,
      believe: async () => {
        throw new Error("HTTP 503");
      },
    };
    const silent: BeliefSource = { id: "silent", weight: 1, believe: async () => null };
    const { pooled, failures } = await gatherBeliefs(
      [ok("a", 0.7, 1), broken, silent, ok("b", 0.6, 1)],
      m,
      {
        now: NOW,
      },
    );
    expect(pooled?.components.map((c) => c.source)).toEqual(["a", "b"]);
    expect(failures).toEqual([
      { source: "broken", error: "HTTP 503" },
      { source: "silent", error: "no belief for this market" },
    ]);
    expect(pooled?.failures).toEqual(failures);
    const none = await gatherBeliefs([broken], m, { now: NOW });
    expect(none.pooled).toBeNull();
  });
});
