import { describe, expect, it } from "vitest";
import {
  type BacktestParams,
  backtestSource,
  brier,
  joinForecastSets,
  loadForecastQuestions,
  logLoss,
  runBacktest,
} from "../src/backtest.js";
import { type BeliefSource, makeBelief } from "../src/beliefs/types.js";
import { T } from "./helpers.js";

const questions = loadForecastQuestions();

// Tight caps so that the bound is far below the bankroll.
const TIGHT: Partial<BacktestParams> = {
  bankroll: 10_000n * T,
  maxPerTrade: 10n * T,
  maxPerDay: 5_000n * T,
  maxExposurePerMarket: 20n * T,
  maxTotalExposure: 600n * T,
};

describe("ForecastBench data", () => {
  it("joins to the 57 resolved binary market questions", () => {
    expect(questions).toHaveLength(57);
    expect(new Set(questions.map((q) => q.key)).size).toBe(57);
    expect(questions.every((q) => q.resolvedTo === 0 || q.resolvedTo === 1)).toBe(true);
    expect(questions.filter((q) => q.resolvedTo === 1)).toHaveLength(15);
    expect(new Set(questions.map((q) => q.source))).toEqual(
      new Set(["polymarket", "manifold", "metaculus", "infer"]),
    );
    expect(questions.every((q) => q.freezeValue > 0 && q.freezeValue < 1)).toBe(true);
  });

  it("keeps only market sources, resolved rows and 0/1 outcomes", () => {
    const q = (source: string, id: string) => ({
      source,
      id,
      question: id,
      freeze_datetime_value: "0.4",
    });
    const r = (source: string, id: string, resolved: boolean, to: number) => ({
      source,
      id,
      resolved,
      resolved_to: to,
      resolution_date: "2024-12-31",
    });
    const out = joinForecastSets(
      {
        questions: [
          q("manifold", "a"),
          q("manifold", "b"),
          q("acled", "c"),
          q("infer", "d"),
          q("polymarket", "e"),
        ],
      },
      {
        resolutions: [
          r("manifold", "a", true, 1),
          r("manifold", "b", false, 0),
          r("acled", "c", true, 1),
          r("infer", "d", true, 0.4),
          r("polymarket", "x", true, 1),
        ],
      },
    );
    expect(out.map((x) => x.key)).toEqual(["manifold:a"]);
  });
});

describe("backtest", () => {
  it("seeds every market at its freeze price (exact LMSR math)", async () => {
    const report = await runBacktest({
      questions,
      source: (l) => backtestSource("market", l) as BeliefSource,
    });
    expect(report.seedError).toBeLessThan(1e-9);
    for (const r of report.results)
      expect(Math.abs(r.marketPrice - r.freezeValue)).toBeLessThan(1e-9);
  });

  it("with beliefs equal to the market price it trades nothing", async () => {
    const report = await runBacktest({
      questions,
      source: (l) => backtestSource("market", l) as BeliefSource,
    });
    expect(report.trades).toBe(0);
    expect(report.spent).toBe(0);
    expect(report.pnl).toBe(0);
    expect(report.maxDrawdown.amount).toBe(0);
    expect(report.scores.brier.belief).toBeCloseTo(report.scores.brier.market, 12);
    expect(report.scores.logLoss.belief).toBeCloseTo(report.scores.logLoss.market, 12);
    expect(report.skipReasons).toEqual({ edgeBelowThreshold: 57 });
  });

  for (const spec of ["noisy:1", "noisy:2", "constant:0.5"]) {
    for (const seed of [1, 2, 3]) {
      if (spec.startsWith("constant") && seed > 1) continue;
      it(`${spec} (seed ${seed}): total loss within what the caps allow; no position above its cap`, async () => {
        const report = await runBacktest({
          questions,
          params: TIGHT,
          source: (l) => backtestSource(spec, l, seed) as BeliefSource,
        });
        // min(bankroll, total cap, 57 × per-market cap, windows × daily cap) = 600.
        expect(report.lossBound).toBe(600);
        expect(report.trades).toBeGreaterThan(0);
        expect(-report.pnl).toBeLessThanOrEqual(report.lossBound);
        expect(report.largestPosition.exposure).toBeLessThanOrEqual(20);
        expect(report.largestTrade.cost).toBeLessThanOrEqual(10);
        expect(
          report.spent - report.results.reduce((a, r) => a + r.proceeds, 0),
        ).toBeLessThanOrEqual(600 + 1e-9);
        for (const r of report.results) {
          expect(r.exposure).toBeLessThanOrEqual(20);
          expect(r.pnl).toBeGreaterThanOrEqual(-20 - 1e-9);
        }
      });
    }
  }

  it("a source that is always confidently wrong loses, but never more than the caps allow", async () => {
    const wrong = (l: { outcomeOf: (id: bigint) => 0 | 1 | undefined }): BeliefSource => ({
      id: "anti-oracle",
      weight: 1,
      believe: async (m) =>
        makeBelief("anti-oracle", l.outcomeOf(m.marketId) === 1 ? 0.02 : 0.98, "wrong on purpose"),
    });
    const report = await runBacktest({ questions, params: TIGHT, source: wrong });
    expect(report.pnl).toBeLessThan(-300);
    expect(-report.pnl).toBeLessThanOrEqual(report.lossBound);
    expect(report.scores.brier.belief).toBeGreaterThan(0.9);
  });

  it("hindsight makes money; the run is reproducible", async () => {
    const perfect = await runBacktest({
      questions,
      params: TIGHT,
      source: (l) => backtestSource("perfect", l) as BeliefSource,
    });
    expect(perfect.pnl).toBeGreaterThan(0);
    expect(perfect.scores.brier.belief).toBeLessThan(1e-6);
    const a = await runBacktest({
      questions,
      source: (l) => backtestSource("noisy:1", l, 9) as BeliefSource,
    });
    const b = await runBacktest({
      questions,
      source: (l) => backtestSource("noisy:1", l, 9) as BeliefSource,
    });
    expect(a.pnl).toBe(b.pnl);
    expect(a.results.map((r) => r.belief)).toEqual(b.results.map((r) => r.belief));
  });

  it("scores", () => {
    expect(brier(0.8, 1)).toBeCloseTo(0.04, 12);
    expect(logLoss(0.8, 0)).toBeCloseTo(-Math.log(0.2), 12);
    expect(logLoss(0, 1)).toBeCloseTo(-Math.log(1e-4), 12);
    expect(backtestSource("nonsense", { outcomeOf: () => 0, keyOf: String })).toBeNull();
    expect(backtestSource("constant:2", { outcomeOf: () => 0, keyOf: String })).toBeNull();
  });
});
