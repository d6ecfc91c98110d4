/**
 * Backtest on ForecastBench (2024-07-21 question set): each resolved binary market question
 * becomes an LMSR market seeded at the question's freeze price, the trader forms a belief from a
 * chosen source, trades within the limits through a simulated vault (exact @mandate/lmsr
 * arithmetic, the vault's checks), and every market settles at the real outcome.
 *
 * This is a backtest at the freeze price against a fresh LMSR market, not live returns: the real
 * markets had other traders, depth and fees, and the outcomes are known in hindsight.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { numberToWad, priceWad, quoteSell, tradeToProbability, wadToNumber } from "@mandate/lmsr";
import { pool } from "./beliefs/pool.js";
import { type Belief, type BeliefSource, makeBelief } from "./beliefs/types.js";
import type { TradingPolicy } from "./limits.js";
import {
  clampProbability,
  gaussian,
  hashSeed,
  logit,
  minBigint,
  mulberry32,
  sigmoid,
} from "./prob.js";
import { SimMarket, SimVault } from "./sim.js";
import { decideTrade, type SizingConfig, type TradeDecision } from "./sizing.js";
import type { MarketView } from "./types.js";

// ---------------------------------------------------------------------------------------------
// Data

/** The market sources of ForecastBench whose questions are binary markets with a price. */
export const MARKET_SOURCES = ["polymarket", "manifold", "metaculus", "infer"] as const;

export interface ForecastQuestion {
  /** `${source}:${id}`. */
  key: string;
  source: string;
  id: string;
  question: string;
  resolutionCriteria: string;
  background: string;
  url: string;
  /** ISO datetime of the freeze. */
  freezeDatetime: string;
  /** The market price (or community forecast) at the freeze. */
  freezeValue: number;
  /** 0 or 1. */
  resolvedTo: 0 | 1;
  /** YYYY-MM-DD. */
  resolutionDate: string;
  /** ISO datetime the source market closes, if given. */
  closeDatetime: string | null;
}

/** data/forecasts of the repository (or $MANDATE_FORECASTS). */
export function defaultForecastDir(): string {
  const fromEnv = process.env.MANDATE_FORECASTS;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "data", "forecasts");
    if (existsSync(join(candidate, "2024-07-21-human.json"))) return candidate;
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../data/forecasts");
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * Joins a ForecastBench question set to its resolution set on (source, id), keeping market
 * sources and rows with `resolved === true` and `resolved_to` 0 or 1, in question-set order.
 */
export function joinForecastSets(questionSet: unknown, resolutionSet: unknown): ForecastQuestion[] {
  const questions = (questionSet as { questions?: unknown[] })?.questions;
  const resolutions = (resolutionSet as { resolutions?: unknown[] })?.resolutions;
  if (!Array.isArray(questions) || !Array.isArray(resolutions)) {
    throw new Error("expected { questions: [...] } and { resolutions: [...] }");
  }
  const markets = new Set<string>(MARKET_SOURCES);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of resolutions as Record<string, unknown>[]) {
    if (!markets.has(str(r.source))) continue;
    byKey.set(`${str(r.source)}:${String(r.id)}`, r);
  }
  const out: ForecastQuestion[] = [];
  for (const q of questions as Record<string, unknown>[]) {
    const source = str(q.source);
    if (!markets.has(source)) continue;
    const key = `${source}:${String(q.id)}`;
    const r = byKey.get(key);
    if (r?.resolved !== true) continue;
    const resolvedTo = Number(r.resolved_to);
    if (resolvedTo !== 0 && resolvedTo !== 1) continue;
    const freezeValue = Number(q.freeze_datetime_value);
    if (!(freezeValue >= 0 && freezeValue <= 1)) continue;
    const close = str(q.market_info_close_datetime);
    out.push({
      key,
      source,
      id: String(q.id),
      question: str(q.question),
      resolutionCriteria:
        str(q.market_info_resolution_criteria) && q.market_info_resolution_criteria !== "N/A"
          ? str(q.market_info_resolution_criteria)
          : str(q.resolution_criteria),
      background: str(q.background) === "N/A" ? "" : str(q.background),
      url: str(q.url),
      freezeDatetime: str(q.freeze_datetime),
      freezeValue,
      resolvedTo,
      resolutionDate: str(r.resolution_date),
      closeDatetime: close && close !== "N/A" ? close : null,
    });
  }
  return out;
}

/** Loads the 57 resolved binary market questions of the 2024-07-21 set. */
export function loadForecastQuestions(dir: string = defaultForecastDir()): ForecastQuestion[] {
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown;
  return joinForecastSets(read("2024-07-21-human.json"), read("2024-07-21_resolution_set.json"));
}

// ---------------------------------------------------------------------------------------------
// Markets seeded at a price

export interface SeedOptions {
  marketId: bigint;
  liquidity: bigint;
  feeBps: bigint;
  /** The price of Yes (outcome 1) to seed at, in (0, 1). */
  price: number;
  /** Unix seconds of the seeding trade. */
  now: bigint;
  closeTime: bigint;
  question?: string | undefined;
  resolutionCriteria?: string | undefined;
  background?: string | undefined;
}

export interface SeededMarket {
  market: SimMarket;
  /** Yes price after seeding, exact (WAD). */
  priceWad: bigint;
  price: number;
  /** The seeding trade: which outcome was bought, how many shares, for how much. */
  seed: { outcome: number; shares: bigint; cost: bigint };
}

/**
 * A fresh binary market (No = 0, Yes = 1) created as on-chain, then moved to `price` by one buy:
 * of Yes if price > 1/2 (to Yes price = price), else of No (to No price = 1 − price), sized with
 * `tradeToProbability` and executed with exact quotes. The Yes price lands within one share's
 * price step of the target (≈ p(1 − p)/b per base unit).
 */
export function seedBinaryMarket(options: SeedOptions): SeededMarket {
  const market = new SimMarket({
    marketId: options.marketId,
    liquidity: options.liquidity,
    feeBps: options.feeBps,
    closeTime: options.closeTime,
    question: options.question,
    resolutionCriteria: options.resolutionCriteria,
    background: options.background,
  });
  const p = options.price;
  if (!(p > 0 && p < 1)) throw new RangeError(`seed price must be in (0, 1), got ${p}`);
  const outcome = p > 0.5 ? 1 : 0;
  const target = numberToWad(outcome === 1 ? p : 1 - p);
  const trade = tradeToProbability(market.state, market.supplies, BigInt(outcome), target);
  let cost = 0n;
  if (trade.side === "buy" && trade.shares > 0n) {
    cost = market.buy(outcome, trade.shares, 1n << 200n, options.now).cost;
  }
  const priceWad = market.pricesWad()[1] ?? 0n;
  return {
    market,
    priceWad,
    price: wadToNumber(priceWad),
    seed: { outcome, shares: trade.side === "buy" ? trade.shares : 0n, cost },
  };
}

// ---------------------------------------------------------------------------------------------
// Belief sources for the backtest

/** The exact Yes price of a market view (the contract's `price`), as a number. */
export function yesPrice(view: MarketView): number {
  const q = view.supplies[view.yesOutcome] ?? 0n;
  return wadToNumber(priceWad(view.state.logSum, q, view.state.liquidity));
}

/**
 * A belief source for the backtest, by name:
 *
 * - `market`: the market's own price (no information: must not trade);
 * - `noisy[:σ]`: the price moved by Gaussian noise in log-odds, logit p + σ·N(0, 1) (σ default 1),
 *   seeded per question (`seed`), so it is reproducible and independent of the order;
 * - `perfect[:c]`: the real outcome with confidence c (default 1, clamped to 1 − 1e-4): hindsight,
 *   an upper bound;
 * - `constant:x`: always x.
 *
 * Returns null for an unknown name. `outcomeOf(marketId)` gives the real outcome (for `perfect`);
 * `keyOf(marketId)` the question key (for the per-question seed).
 */
export function backtestSource(
  spec: string,
  lookups: {
    outcomeOf: (marketId: bigint) => 0 | 1 | undefined;
    keyOf: (marketId: bigint) => string;
  },
  seed = 1,
): BeliefSource | null {
  const [name, arg] = spec.split(":", 2) as [string, string | undefined];
  const num = arg === undefined ? undefined : Number(arg);
  if (arg !== undefined && !Number.isFinite(num)) return null;
  const source = (id: string, f: (view: MarketView) => Belief | null): BeliefSource => ({
    id,
    weight: 1,
    believe: async (view) => f(view),
  });
  switch (name) {
    case "market":
      return source("market", (view) => {
        const p = yesPrice(view);
        return makeBelief("market", p, `the market price, ${p}`);
      });
    case "noisy": {
      const sigma = num ?? 1;
      if (!(sigma >= 0)) return null;
      return source(`noisy:${sigma}`, (view) => {
        const random = mulberry32(hashSeed(lookups.keyOf(view.marketId), seed));
        const p0 = clampProbability(yesPrice(view));
        const p = sigmoid(logit(p0) + sigma * gaussian(random));
        return makeBelief(
          `noisy:${sigma}`,
          p,
          `market price ${p0} with log-odds noise σ = ${sigma}`,
        );
      });
    }
    case "perfect": {
      const c = num ?? 1;
      if (!(c >= 0.5 && c <= 1)) return null;
      return source(`perfect:${c}`, (view) => {
        const o = lookups.outcomeOf(view.marketId);
        if (o === undefined) return null;
        return makeBelief(`perfect:${c}`, o === 1 ? c : 1 - c, `hindsight: resolved ${o}`);
      });
    }
    case "constant": {
      if (num === undefined || !(num >= 0 && num <= 1)) return null;
      return source(`constant:${num}`, () => makeBelief(`constant:${num}`, num, "a constant"));
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The run

export interface BacktestParams {
  /** LMSR b of each market, base units. Default 1,000 tokens of 6 decimals. */
  liquidity: bigint;
  /** Market fee. Default 100 bps (as the seeded demo markets). */
  feeBps: bigint;
  /** The agent's vault cash at the start, base units. Default 10,000 tokens. */
  bankroll: bigint;
  /** Limits (expiry and market list are set by the run). */
  maxPerTrade: bigint;
  maxPerDay: bigint;
  maxExposurePerMarket: bigint;
  maxTotalExposure: bigint | undefined;
  sizing: SizingConfig;
  /** Trades per market at most (each decision re-reads the moved market). Default 10. */
  maxTradesPerMarket: number;
  /** Seconds between markets (all trade at the freeze time plus this × index). Default 60. */
  marketIntervalSeconds: bigint;
  /** Base units per token, for the report. Default 1e6. */
  unit: bigint;
}

const T = 1_000_000n;
export const DEFAULT_BACKTEST: BacktestParams = {
  liquidity: 1_000n * T,
  feeBps: 100n,
  bankroll: 10_000n * T,
  maxPerTrade: 100n * T,
  maxPerDay: 10_000n * T,
  maxExposurePerMarket: 150n * T,
  maxTotalExposure: 10_000n * T,
  sizing: {
    kellyFraction: 0.25,
    minEdge: 0.02,
    slippageBps: 50n,
    minCost: T,
    extremeBeliefs: "clamp",
  },
  maxTradesPerMarket: 10,
  marketIntervalSeconds: 60n,
  unit: T,
};

export interface BacktestTrade {
  action: "buy" | "sell";
  outcome: number;
  shares: string;
  /** Cost (buy) or proceeds (sell), tokens. */
  amount: number;
  boundBy: string;
  priceBefore: number;
  priceAfter: number;
}

export interface BacktestQuestionResult {
  key: string;
  question: string;
  freezeValue: number;
  /** The seeded market's Yes price (exact, as a number). */
  marketPrice: number;
  belief: number | null;
  beliefRationale: string | null;
  outcome: 0 | 1;
  resolutionDate: string;
  trades: BacktestTrade[];
  /** Why the last decision was a skip. */
  stop: string;
  /** Tokens. */
  spent: number;
  proceeds: number;
  payout: number;
  pnl: number;
  /** Net spending the vault recorded (tokens) and its cap. */
  exposure: number;
  /** Shares held at settlement, [No, Yes], base units. */
  held: [string, string];
}

export interface Scores {
  n: number;
  brier: { belief: number; market: number };
  logLoss: { belief: number; market: number };
}

export interface BacktestReport {
  source: string;
  params: Record<string, unknown>;
  questions: number;
  /** Questions where the source gave a belief (the scores are over these). */
  withBelief: number;
  scores: Scores;
  trades: number;
  marketsTraded: number;
  /** Tokens. */
  spent: number;
  pnl: number;
  /** P&L / total spent. */
  returnOnSpent: number | null;
  /** Over the equity curve: start, after trading (open positions at their exact liquidation value), then after each settlement in resolution-date order. Tokens and fraction of the peak. */
  maxDrawdown: { amount: number; fraction: number };
  largestPosition: { key: string | null; exposure: number; cap: number };
  largestTrade: { cost: number; cap: number };
  dailySpent: { max: number; cap: number };
  /** Loss can never exceed this: min(bankroll, total cap, markets × per-market cap, windows × daily cap). */
  lossBound: number;
  boundBy: Record<string, number>;
  skipReasons: Record<string, number>;
  /** Largest |Yes price − freeze value| after seeding. */
  seedError: number;
  results: BacktestQuestionResult[];
}

export interface BacktestOptions {
  questions: readonly ForecastQuestion[];
  /** Builds the source once the run knows the market ids. */
  source: BeliefSource | ((lookups: BacktestLookups) => BeliefSource);
  params?: Partial<BacktestParams> | undefined;
  log?: ((message: string) => void) | undefined;
}

export interface BacktestLookups {
  outcomeOf: (marketId: bigint) => 0 | 1 | undefined;
  keyOf: (marketId: bigint) => string;
  questionOf: (marketId: bigint) => ForecastQuestion | undefined;
}

const DAY_S = 86_400n;
const toSeconds = (iso: string): bigint => BigInt(Math.floor(Date.parse(iso) / 1000));

export function brier(p: number, o: 0 | 1): number {
  return (p - o) ** 2;
}

/** −ln of the probability given to what happened, p clamped to [1e-4, 1 − 1e-4]. */
export function logLoss(p: number, o: 0 | 1): number {
  const c = clampProbability(p);
  return -Math.log(o === 1 ? c : 1 - c);
}

/** Runs the backtest. Throws only if the simulated vault reverts (a trader bug) or on bad data. */
export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const params: BacktestParams = {
    ...DEFAULT_BACKTEST,
    ...(options.params ?? {}),
    sizing: { ...DEFAULT_BACKTEST.sizing, ...(options.params?.sizing ?? {}) },
  };
  const questions = [...options.questions];
  const byId = new Map<bigint, ForecastQuestion>();
  for (const [i, q] of questions.entries()) byId.set(BigInt(i + 1), q);
  const lookups: BacktestLookups = {
    outcomeOf: (id) => byId.get(id)?.resolvedTo,
    keyOf: (id) => byId.get(id)?.key ?? String(id),
    questionOf: (id) => byId.get(id),
  };
  const source = typeof options.source === "function" ? options.source(lookups) : options.source;
  const unit = Number(params.unit);
  const tokens = (x: bigint) => Number(x) / unit;

  const start = questions.length
    ? questions.reduce(
        (a, q) => minBigint(a, toSeconds(q.freezeDatetime)),
        toSeconds(questions[0]?.freezeDatetime ?? "1970-01-01"),
      )
    : 0n;
  const policy: TradingPolicy = {
    maxPerTrade: params.maxPerTrade,
    maxPerDay: params.maxPerDay,
    maxExposurePerMarket: params.maxExposurePerMarket,
    maxTotalExposure: params.maxTotalExposure,
    expiry: start + 3650n * DAY_S,
    allowedMarkets: "all",
  };
  const vault = new SimVault(params.bankroll, policy);
  const results: BacktestQuestionResult[] = [];
  const markets: { q: ForecastQuestion; market: SimMarket; result: BacktestQuestionResult }[] = [];
  const boundBy: Record<string, number> = {};
  const skipReasons: Record<string, number> = {};
  let largestTrade = 0n;
  let maxDaily = 0n;
  let seedError = 0;
  let firstTrade: bigint | null = null;
  let lastTrade: bigint | null = null;

  for (const [index, q] of questions.entries()) {
    const marketId = BigInt(index + 1);
    let now = start + BigInt(index) * params.marketIntervalSeconds;
    const close = q.closeDatetime
      ? toSeconds(q.closeDatetime)
      : toSeconds(`${q.resolutionDate}T00:00:00Z`);
    const seedPrice = Math.min(0.999, Math.max(0.001, q.freezeValue));
    const seeded = seedBinaryMarket({
      marketId,
      liquidity: params.liquidity,
      feeBps: params.feeBps,
      price: seedPrice,
      now,
      closeTime: close > now + DAY_S ? close : now + DAY_S,
      question: q.question,
      resolutionCriteria: q.resolutionCriteria,
      background: q.background,
    });
    seedError = Math.max(seedError, Math.abs(seeded.price - seedPrice));
    const market = seeded.market;
    let belief: Belief | null = null;
    let failure: string | null = null;
    try {
      belief = await source.believe(market.view(), { now, log: options.log });
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      options.log?.(`${q.key}: ${failure}`);
    }
    const pooled = belief
      ? pool([{ belief, weight: source.weight > 0 ? source.weight : 1 }])
      : null;
    const result: BacktestQuestionResult = {
      key: q.key,
      question: q.question,
      freezeValue: q.freezeValue,
      marketPrice: seeded.price,
      belief: belief?.p ?? null,
      beliefRationale: belief?.rationale ?? failure,
      outcome: q.resolvedTo,
      resolutionDate: q.resolutionDate,
      trades: [],
      stop: "",
      spent: 0,
      proceeds: 0,
      payout: 0,
      pnl: 0,
      exposure: 0,
      held: ["0", "0"],
    };
    let spent = 0n;
    let proceeds = 0n;
    for (let step = 0; step < params.maxTradesPerMarket; step++) {
      const decision: TradeDecision = decideTrade({
        market: market.view(),
        belief: pooled,
        holdings: vault.holdings(market),
        policy,
        usage: vault.usage(marketId),
        now,
        config: params.sizing,
      });
      if (decision.action === "skip") {
        result.stop = decision.reason;
        skipReasons[decision.boundBy] = (skipReasons[decision.boundBy] ?? 0) + 1;
        break;
      }
      boundBy[decision.boundBy] = (boundBy[decision.boundBy] ?? 0) + 1;
      const before = market.price(1);
      const amount = vault.execute(market, decision, now); // throws if a limit would be broken
      if (decision.action === "buy") {
        spent += amount;
        if (amount > largestTrade) largestTrade = amount;
      } else proceeds += amount;
      if (vault.windowSpent > maxDaily) maxDaily = vault.windowSpent;
      firstTrade ??= now;
      lastTrade = now;
      result.trades.push({
        action: decision.action,
        outcome: decision.outcome ?? -1,
        shares: decision.shares.toString(),
        amount: tokens(amount),
        boundBy: decision.boundBy,
        priceBefore: before,
        priceAfter: market.price(1),
      });
      now += 1n;
      if (step === params.maxTradesPerMarket - 1) result.stop = "maxTradesPerMarket";
    }
    result.spent = tokens(spent);
    result.proceeds = tokens(proceeds);
    result.exposure = tokens(vault.exposure.get(marketId) ?? 0n);
    results.push(result);
    markets.push({ q, market, result });
  }

  // --- Settlement, in resolution-date order, and the equity curve ----------------------------
  const liquidation = (m: SimMarket): bigint => {
    const held = vault.holdings(m).shares;
    let v = 0n;
    held.forEach((h, k) => {
      if (h > 0n) v += quoteSell(m.state, m.supplies[k] ?? 0n, h).proceeds;
    });
    return v;
  };
  const open = new Map<bigint, bigint>();
  for (const { market } of markets) open.set(market.marketId, liquidation(market));
  const sumOpen = () => [...open.values()].reduce((a, v) => a + v, 0n);
  const equity: bigint[] = [params.bankroll, vault.cash + sumOpen()];
  const order = [...markets].sort(
    (a, b) =>
      a.q.resolutionDate.localeCompare(b.q.resolutionDate) || a.q.key.localeCompare(b.q.key),
  );
  for (const { q, market, result } of order) {
    const held = vault.holdings(market).shares;
    result.held = [String(held[0] ?? 0n), String(held[1] ?? 0n)];
    market.resolve(q.resolvedTo);
    const payout = vault.redeem(market);
    result.payout = tokens(payout);
    result.pnl = result.payout + result.proceeds - result.spent;
    open.delete(market.marketId);
    equity.push(vault.cash + sumOpen());
  }
  let peak = equity[0] ?? 0n;
  let dd = 0n;
  let ddFraction = 0;
  for (const e of equity) {
    if (e > peak) peak = e;
    if (peak - e > dd) {
      dd = peak - e;
      ddFraction = Number(dd) / Number(peak);
    }
  }

  // --- Scores over the questions with a belief ----------------------------------------------
  const scored = results.filter((r) => r.belief !== null);
  const mean = (xs: number[]) =>
    xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : Number.NaN;
  const scores: Scores = {
    n: scored.length,
    brier: {
      belief: mean(scored.map((r) => brier(r.belief ?? 0, r.outcome))),
      market: mean(scored.map((r) => brier(r.marketPrice, r.outcome))),
    },
    logLoss: {
      belief: mean(scored.map((r) => logLoss(r.belief ?? 0, r.outcome))),
      market: mean(scored.map((r) => logLoss(r.marketPrice, r.outcome))),
    },
  };

  let largest: { key: string | null; exposure: bigint } = { key: null, exposure: 0n };
  for (const { q, market } of markets) {
    const e = vault.exposure.get(market.marketId) ?? 0n;
    if (e > largest.exposure) largest = { key: q.key, exposure: e };
  }
  const windows =
    firstTrade === null || lastTrade === null ? 0n : (lastTrade - firstTrade) / DAY_S + 1n;
  const bounds = [
    params.bankroll,
    BigInt(questions.length) * params.maxExposurePerMarket,
    windows * params.maxPerDay,
  ];
  if (params.maxTotalExposure !== undefined) bounds.push(params.maxTotalExposure);
  const lossBound = bounds.reduce(minBigint);
  const totalSpent = results.reduce((a, r) => a + r.spent, 0);
  const pnl = tokens(vault.cash - params.bankroll);

  return {
    source: source.id,
    params: {
      liquidity: tokens(params.liquidity),
      feeBps: Number(params.feeBps),
      bankroll: tokens(params.bankroll),
      maxPerTrade: tokens(params.maxPerTrade),
      maxPerDay: tokens(params.maxPerDay),
      maxExposurePerMarket: tokens(params.maxExposurePerMarket),
      maxTotalExposure:
        params.maxTotalExposure === undefined ? null : tokens(params.maxTotalExposure),
      kellyFraction: params.sizing.kellyFraction,
      minEdge: params.sizing.minEdge,
      slippageBps: Number(params.sizing.slippageBps),
      maxTradesPerMarket: params.maxTradesPerMarket,
      marketIntervalSeconds: Number(params.marketIntervalSeconds),
    },
    questions: questions.length,
    withBelief: scored.length,
    scores,
    trades: results.reduce((a, r) => a + r.trades.length, 0),
    marketsTraded: results.filter((r) => r.trades.length > 0).length,
    spent: totalSpent,
    pnl,
    returnOnSpent: totalSpent > 0 ? pnl / totalSpent : null,
    maxDrawdown: { amount: tokens(dd), fraction: ddFraction },
    largestPosition: {
      key: largest.key,
      exposure: tokens(largest.exposure),
      cap: tokens(params.maxExposurePerMarket),
    },
    largestTrade: { cost: tokens(largestTrade), cap: tokens(params.maxPerTrade) },
    dailySpent: { max: tokens(maxDaily), cap: tokens(params.maxPerDay) },
    lossBound: tokens(lossBound),
    boundBy,
    skipReasons,
    seedError,
    results,
  };
}
