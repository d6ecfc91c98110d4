/**
 * Backtests the trader on the 57 resolved binary market questions of ForecastBench 2024-07-21
 * and writes eval/trader-report.json.
 *
 *   npm run eval:trader -w @mandate/trader                 (or: node scripts/eval-trader.ts)
 *   node scripts/eval-trader.ts --source market,noisy:1,perfect,constant:0.5 --seed 1
 *   node scripts/eval-trader.ts --source openai --base-url http://localhost:11434/v1 --model llama3.1:8b
 *
 * Each question becomes a fresh LMSR market seeded at its freeze price; the trader forms a belief
 * from the source, trades within the limits through a simulated vault with the chain's exact
 * arithmetic, and the market settles at the real outcome. A backtest at the freeze price, not
 * live returns.
 *
 * Options: --source a,b,... (market | noisy[:σ] | perfect[:c] | constant:x | openai), --seed N,
 * --liquidity, --bankroll, --max-per-trade, --max-per-day, --max-exposure, --max-total (tokens),
 * --fee-bps, --kelly λ, --min-edge, --max-trades, --limit N (first N questions), --out FILE,
 * --seeds N (noisy sources are also run over seeds 1..N, default 20), --verbose (a row per
 * question). OpenAI: --base-url, --model, key in $OPENAI_API_KEY.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Run the TypeScript sources directly: ./x.js imports resolve to ./x.ts.
register("./ts-hooks.mjs", import.meta.url);

const { backtestSource, loadForecastQuestions, runBacktest, DEFAULT_BACKTEST } = await import(
  "../src/backtest.js"
);
const { createOpenAIForecaster } = await import("../src/beliefs/openai.js");

type Report = Awaited<ReturnType<typeof runBacktest>>;

const here = dirname(fileURLToPath(import.meta.url));
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);
const unit = DEFAULT_BACKTEST.unit;
const tokensArg = (name: string, fallback: bigint): bigint => {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!(n >= 0)) throw new Error(`${name} must be a number ≥ 0`);
  return BigInt(Math.round(n * 1e6)) * (unit / 1_000_000n);
};

const specs = (arg("--source") ?? "market,noisy:0.5,noisy:1,perfect,constant:0.5").split(",");
const seed = Number(arg("--seed") ?? 1);
const limit = arg("--limit") ? Number(arg("--limit")) : undefined;
const maxTotal = arg("--max-total");
const params = {
  liquidity: tokensArg("--liquidity", DEFAULT_BACKTEST.liquidity),
  bankroll: tokensArg("--bankroll", DEFAULT_BACKTEST.bankroll),
  maxPerTrade: tokensArg("--max-per-trade", DEFAULT_BACKTEST.maxPerTrade),
  maxPerDay: tokensArg("--max-per-day", DEFAULT_BACKTEST.maxPerDay),
  maxExposurePerMarket: tokensArg("--max-exposure", DEFAULT_BACKTEST.maxExposurePerMarket),
  maxTotalExposure:
    maxTotal === "none"
      ? undefined
      : tokensArg("--max-total", DEFAULT_BACKTEST.maxTotalExposure ?? 0n),
  feeBps: BigInt(arg("--fee-bps") ?? DEFAULT_BACKTEST.feeBps),
  maxTradesPerMarket: Number(arg("--max-trades") ?? DEFAULT_BACKTEST.maxTradesPerMarket),
  sizing: {
    ...DEFAULT_BACKTEST.sizing,
    kellyFraction:
      arg("--kelly") === "none"
        ? null
        : Number(arg("--kelly") ?? DEFAULT_BACKTEST.sizing.kellyFraction),
    minEdge: Number(arg("--min-edge") ?? DEFAULT_BACKTEST.sizing.minEdge),
  },
};

const all = loadForecastQuestions();
const questions = limit ? all.slice(0, limit) : all;
const reports: Report[] = [];
for (const spec of specs) {
  const started = performance.now();
  const report = await runBacktest({
    questions,
    params,
    source: (lookups) => {
      if (spec === "openai") {
        return createOpenAIForecaster({
          model: arg("--model") ?? "gpt-4o-mini",
          baseURL: arg("--base-url") ?? process.env.OPENAI_BASE_URL,
          apiKey: process.env.OPENAI_API_KEY,
          temperature: 0,
        });
      }
      const source = backtestSource(spec, lookups, seed);
      if (!source) throw new Error(`unknown --source ${spec}`);
      return source;
    },
    log: flag("--verbose") ? (m: string) => console.error(m) : undefined,
  });
  reports.push(report);
  console.error(`${spec}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// ---- Noisy sources over many seeds (one seed's P&L is mostly luck) ---------------------------
const seedCount = Number(arg("--seeds") ?? 20);
const robustness: Record<string, unknown>[] = [];
for (const spec of specs.filter((s) => s.startsWith("noisy"))) {
  const pnls: number[] = [];
  const briers: number[] = [];
  let breaches = 0;
  for (let s = 1; s <= seedCount; s++) {
    const r = await runBacktest({
      questions,
      params,
      source: (lookups) => {
        const source = backtestSource(spec, lookups, s);
        if (!source) throw new Error(`unknown --source ${spec}`);
        return source;
      },
    });
    pnls.push(r.pnl);
    briers.push(r.scores.brier.belief);
    if (-r.pnl > r.lossBound || r.largestPosition.exposure > r.largestPosition.cap) breaches++;
  }
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const m = mean(pnls);
  const sd = Math.sqrt(mean(pnls.map((x) => (x - m) ** 2)));
  robustness.push({
    source: spec,
    seeds: seedCount,
    pnl: { mean: m, sd, min: Math.min(...pnls), max: Math.max(...pnls) },
    seedsWithLoss: pnls.filter((x) => x < 0).length,
    brierBelief: { mean: mean(briers) },
    capBreaches: breaches,
  });
}

// ---- Print ----------------------------------------------------------------------------------
const f = (x: number | null, d = 3) => (x === null || Number.isNaN(x) ? "—" : x.toFixed(d));
const rows = [
  [
    "source",
    "n",
    "Brier belief",
    "Brier market",
    "log loss belief",
    "log loss market",
    "trades",
    "markets",
    "spent",
    "P&L",
    "max DD",
    "largest pos / cap",
    "loss bound",
  ],
  ...reports.map((r) => [
    r.source,
    `${r.withBelief}/${r.questions}`,
    f(r.scores.brier.belief, 4),
    f(r.scores.brier.market, 4),
    f(r.scores.logLoss.belief, 4),
    f(r.scores.logLoss.market, 4),
    String(r.trades),
    String(r.marketsTraded),
    f(r.spent, 2),
    f(r.pnl, 2),
    `${f(r.maxDrawdown.amount, 2)} (${f(100 * r.maxDrawdown.fraction, 2)}%)`,
    `${f(r.largestPosition.exposure, 2)} / ${f(r.largestPosition.cap, 0)}`,
    f(r.lossBound, 0),
  ]),
];
const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length))) ?? [];
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
const p = reports[0]?.params;
if (p) {
  console.log(
    `\n${questions.length} questions; LMSR b = ${p.liquidity}, fee ${p.feeBps} bps; bankroll ${p.bankroll}; ` +
      `caps: ${p.maxPerTrade}/trade, ${p.maxPerDay}/day, ${p.maxExposurePerMarket}/market, total ${p.maxTotalExposure ?? "none"}; ` +
      `Kelly λ = ${p.kellyFraction}, min edge ${p.minEdge}. Amounts in collateral tokens.`,
  );
  console.log(
    "Backtest at the ForecastBench freeze price against a fresh LMSR market: not live returns.",
  );
}
for (const r of reports) {
  const bound =
    Object.entries(r.boundBy)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "—";
  const skips =
    Object.entries(r.skipReasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "—";
  console.log(`${r.source}: trades bounded by ${bound}; markets stopped by ${skips}`);
}
for (const r of robustness) {
  const pnl = r.pnl as { mean: number; sd: number; min: number; max: number };
  console.log(
    `${r.source} over seeds 1..${r.seeds}: P&L mean ${f(pnl.mean, 2)} (sd ${f(pnl.sd, 2)}, ` +
      `min ${f(pnl.min, 2)}, max ${f(pnl.max, 2)}), ${r.seedsWithLoss}/${r.seeds} seeds lose, ` +
      `mean Brier ${f((r.brierBelief as { mean: number }).mean, 4)}, cap breaches ${r.capBreaches}`,
  );
}
if (flag("--verbose")) {
  for (const r of reports) {
    console.log(`\n${r.source}`);
    for (const q of r.results) {
      console.log(
        `${q.key.slice(0, 28).padEnd(28)} price ${f(q.marketPrice)} belief ${f(q.belief)} → ${q.outcome}  trades ${q.trades.length}  spent ${f(q.spent, 2)}  P&L ${f(q.pnl, 2)}`,
      );
    }
  }
}

const out = resolve(arg("--out") ?? resolve(here, "../eval/trader-report.json"));
mkdirSync(dirname(out), { recursive: true });
const json = JSON.stringify(
  {
    generatedBy: "agents/trader/scripts/eval-trader.ts",
    note: "Backtest at the ForecastBench 2024-07-21 freeze price against a fresh LMSR market seeded at that price; not live returns. Amounts in collateral tokens.",
    data: "data/forecasts (ForecastBench, CC BY-SA 4.0): questions joined to resolutions on (source, id), market sources, resolved == true",
    seed,
    reports,
    robustness,
  },
  (_k, v) => (typeof v === "bigint" ? v.toString() : v),
  2,
);
writeFileSync(out, `${json}\n`);
console.log(`\nwrote ${out}`);
