/**
 * Differential tests against decimal.js at 60 significant digits.
 *
 * 1. The math primitives `expNeg` and `ln`, over random and adversarial inputs: their error
 *    must stay below `EXP_ERR` / `LN_ERR` ulps, which the library adds or subtracts to obtain
 *    certain bounds.
 * 2. The market arithmetic, over states built by replaying buys through the mirror from a fresh
 *    market (so every stored log-sum is what the contract would store), including extreme ones
 *    (a price of 1e-9, q/b up to 100, b from 1e9 to 2^96 − 1, 256 outcomes). Every probe trade
 *    is compared with the exact LMSR cost b·(ln Σ exp(q'_j/b) − ln Σ exp(q_j/b)), asserting
 *    (1) no rounding favours the trader, (2) |b·ΔL − exact| / exact ≤ 1e-15 for trades of at
 *    least 1e12 base units, (3) the stored log-sum never falls below the exact one.
 *    A further family replays sells too: there (1) is only bounded by b·(stored L − exact L),
 *    and sells lowering L by more than 50 are exempt from (2); both are measured and reported.
 * 3. Round trips to q/b from 40 to 100 and back, documenting how the precision of the stored
 *    log-sum degrades after deep sells (market-favouring, solvent).
 *
 * The measured figures are printed on one line and written to `differential-report.json`.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Decimal } from "decimal.js";
import { afterAll, describe, expect, it } from "vitest";
import { D, dec, ExpCache, fromX128, TWO_128 } from "../test/exact.js";
import { Rng } from "../test/rng.js";
import { CI, runs } from "../test/runs.js";
import { SimMarket } from "../test/sim.js";
import { createMarketFunding } from "./createMarketFunding.js";
import { LmsrError } from "./errors.js";
import { EXP_ERR, EXP_ZERO_BOUND, expNeg, LN_ERR, LN2_X192, ln, ONE, SQRT2_X128 } from "./math.js";
import { priceWad } from "./priceWad.js";
import { quoteBuy } from "./quoteBuy.js";
import { quoteBuyWithCollateral } from "./quoteBuyWithCollateral.js";
import { quoteSell } from "./quoteSell.js";

const REPORT = fileURLToPath(new URL("../differential-report.json", import.meta.url));
/** Relative-error assertion (2) covers trades whose exact cost is at least this. */
const REL_ERR_MIN_TRADE = new D("1e12");
const REL_ERR_BOUND = 1e-15;
/**
 * Sells that lower the log-sum by more than this are "deep" (see the report): the bound (2) is
 * not asserted for them, only that they never favour the trader.
 */
const DEEP_SELL_DROP = 50n << 128n;

const report: Record<string, unknown> = { ci: CI, precisionDigits: D.precision };

afterAll(() => {
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
});

const ln2X128 = LN2_X192 >> 64n;
const createLogSum = (n: bigint): bigint => createMarketFunding(n, 1n).logSum;
const ulpsOf = (computed: bigint, exact: Decimal): Decimal => dec(computed).minus(exact).abs();

describe("expNeg and ln against decimal.js", () => {
  it(`expNeg stays within EXP_ERR (${EXP_ERR}) ulps`, () => {
    const rng = new Rng(101);
    const inputs: bigint[] = [0n, 1n, ONE, EXP_ZERO_BOUND - 1n];
    const count = runs(2_000, 12_000);
    for (let i = 0; i < count; i++) {
      const kind = i % 5;
      if (kind === 0) inputs.push(rng.uniform(0n, EXP_ZERO_BOUND - 1n));
      else if (kind === 1) inputs.push(rng.logUniform(1n, EXP_ZERO_BOUND - 1n));
      else if (kind === 2) inputs.push(rng.uniform(0n, 4n * ONE));
      else if (kind === 3) {
        // Around the range-reduction boundaries k·ln 2.
        const k = BigInt(rng.int(1, 129));
        const a = k * ln2X128 + rng.uniform(-1000n, 1000n);
        if (a >= 0n && a < EXP_ZERO_BOUND) inputs.push(a);
      } else inputs.push(EXP_ZERO_BOUND - rng.logUniform(1n, 20n * ONE));
    }
    let maxUlps = new D(0);
    let worst = 0n;
    for (const a of inputs) {
      const exact = fromX128(a).neg().exp().mul(TWO_128);
      const err = ulpsOf(expNeg(a), exact);
      if (err.gt(maxUlps)) {
        maxUlps = err;
        worst = a;
      }
    }
    report.expNeg = { samples: inputs.length, maxUlps: maxUlps.toNumber(), worstInput: `${worst}` };
    expect(maxUlps.lt(Number(EXP_ERR))).toBe(true);
  });

  it(`ln stays within LN_ERR (${LN_ERR}) ulps`, () => {
    const rng = new Rng(102);
    const inputs: bigint[] = [1n, 2n, ONE - 1n, ONE, ONE + 1n, (1n << 255n) - 1n, SQRT2_X128];
    const count = runs(2_000, 12_000);
    for (let i = 0; i < count; i++) {
      const kind = i % 5;
      if (kind === 0) inputs.push(rng.logUniform(1n, (1n << 255n) - 1n));
      else if (kind === 1) inputs.push(rng.uniform(ONE / 2n, 4n * ONE));
      else if (kind === 2) {
        // Near 1.0, where ln is small and its relative error matters most.
        const d = rng.logUniform(1n, 1n << 120n);
        inputs.push(rng.int(0, 1) === 0 ? ONE + d : ONE - d);
      } else if (kind === 3) {
        // Around powers of two and the √2 switch, scaled by 2^k.
        const k = rng.int(-127, 126);
        const base = rng.int(0, 1) === 0 ? ONE : SQRT2_X128;
        const y = (k >= 0 ? base << BigInt(k) : base >> BigInt(-k)) + rng.uniform(-64n, 64n);
        if (y > 0n && y < 1n << 255n) inputs.push(y);
      } else inputs.push(rng.uniform(1n, 200n * ONE));
    }
    let maxUlps = new D(0);
    let worst = 0n;
    for (const y of inputs) {
      const exact = fromX128(y).ln().mul(TWO_128);
      const err = ulpsOf(ln(y), exact);
      if (err.gt(maxUlps)) {
        maxUlps = err;
        worst = y;
      }
    }
    report.ln = { samples: inputs.length, maxUlps: maxUlps.toNumber(), worstInput: `${worst}` };
    expect(maxUlps.lt(Number(LN_ERR))).toBe(true);
  });
});

// ------------------------------------------------------------------------------------ market

type Scenario = {
  family: string;
  /** True if the replay also sells (the log-sum falls), not only buys. */
  mixed?: boolean;
  n: number;
  b: bigint;
  feeBps: bigint;
  /** Builds the state by replaying buys; returns nothing, mutates the market. */
  build: (m: SimMarket, rng: Rng, check: () => void) => void;
  probes: number;
};

class Stats {
  states = 0;
  replayedTrades = 0;
  probes = { buy: 0, sell: 0, buyWithCollateral: 0 };
  rejected = 0;
  traderFavouring: string[] = [];
  /** Trader-favouring probes in states whose history includes sells (reported, see below). */
  mixedFavouring = 0;
  mixedProbes = 0;
  mixedMaxFavour = new D(0);
  mixedMaxFavourRelative = new D(0);
  /** Probes favouring the trader by more than b·(stored L − exact L) of their state. */
  favourBeyondBound: string[] = [];

  /**
   * Rounding direction of one probe. `amount` is what the trader pays (buy) or receives
   * (sell); `bound` is b·(stored L − exact L) of the state, the most the probe can favour the
   * trader by: a buy is charged ≥ b·(L' − L) ≥ b·(exact L' − L) = exact − bound.
   */
  noteDirection(
    tag: string,
    side: "buy" | "sell",
    amount: Decimal,
    exact: Decimal,
    mixed: boolean,
    bound: Decimal,
  ) {
    if (mixed) this.mixedProbes++;
    const favour = side === "buy" ? exact.minus(amount) : amount.minus(exact);
    if (favour.lte(0)) return;
    if (favour.gt(bound)) this.favourBeyondBound.push(`${tag}: by ${favour} > ${bound}`);
    if (!mixed) {
      this.traderFavouring.push(`${tag}: by ${favour}`);
      return;
    }
    this.mixedFavouring++;
    if (favour.gt(this.mixedMaxFavour)) this.mixedMaxFavour = favour;
    const relative = favour.div(exact);
    if (relative.gt(this.mixedMaxFavourRelative)) this.mixedMaxFavourRelative = relative;
  }
  logSumBelowExact: string[] = [];
  relErrViolations: string[] = [];
  maxRelErr = new D(0);
  relErrSamples = 0;
  maxBuyExcess = new D(0); // charged net − exact, base units
  maxSellShortfall = new D(0); // exact − paid gross, base units (non-deep sells)
  minLogSumExcessUlps: Decimal | undefined;
  maxLogSumExcessUlps = new D(0);
  deepSells = 0;
  deepSellMaxRelErr = new D(0);
  deepSellMaxLogSumExcessUlps = new D(0);
  minPriceWad: bigint | undefined;
  /** States with a price within a factor 2 of 1e-9. */
  nanoPriceStates = 0;
  maxQOverB = 0;
  maxOutcomes = 0;
  minB: bigint | undefined;
  maxB = 0n;

  noteLogSum(where: string, stored: bigint, exactLogSum: Decimal, deep = false) {
    const excess = fromX128(stored).minus(exactLogSum).mul(TWO_128);
    if (excess.lt(0)) this.logSumBelowExact.push(`${where}: excess ${excess.toString()} ulps`);
    if (deep) {
      if (excess.gt(this.deepSellMaxLogSumExcessUlps)) this.deepSellMaxLogSumExcessUlps = excess;
      return;
    }
    if (this.minLogSumExcessUlps === undefined || excess.lt(this.minLogSumExcessUlps)) {
      this.minLogSumExcessUlps = excess;
    }
    if (excess.gt(this.maxLogSumExcessUlps)) this.maxLogSumExcessUlps = excess;
  }

  noteRelErr(where: string, computed: Decimal, exact: Decimal) {
    if (exact.lt(REL_ERR_MIN_TRADE)) return;
    const rel = computed.minus(exact).abs().div(exact);
    this.relErrSamples++;
    if (rel.gt(this.maxRelErr)) this.maxRelErr = rel;
    if (rel.gt(REL_ERR_BOUND)) this.relErrViolations.push(`${where}: ${rel.toExponential(3)}`);
  }
}

function scenarios(rng: Rng): Scenario[] {
  const list: Scenario[] = [];
  const fees = [0n, 0n, 30n, 100n, 1_000n];
  const b6 = () => rng.logUniform(10n ** 9n, 10n ** 12n);
  const b18 = () => rng.logUniform(10n ** 21n, 10n ** 24n);
  const scale = runs(1, 4);

  // Random buys: the bulk of ordinary markets, in both collateral scales.
  const randomBuys =
    (trades: number, spread: number) => (m: SimMarket, r: Rng, check: () => void) => {
      for (let t = 0; t < trades; t++) {
        const shares = r.scaled(m.b, 0, spread) + 1n;
        if (tryTrade(() => m.buy(r.int(0, m.n - 1), shares))) check();
      }
    };
  for (let i = 0; i < 125 * scale; i++) {
    const n = rng.pick([2, 2, 3, 4, 5, 8, 16, 32]);
    const b = i % 2 === 0 ? b6() : b18();
    list.push({
      family: "random",
      n,
      b,
      feeBps: rng.pick(fees),
      build: randomBuys(rng.int(0, 25), rng.pick([0.1, 1, 3])),
      probes: 60,
    });
  }

  // A price of about 1e-9: one outcome at q/b ≈ ln(1e9) + ln(n − 1) above the others.
  for (let i = 0; i < 25 * scale; i++) {
    const n = rng.pick([2, 3, 4, 10]);
    const b = i % 2 === 0 ? b6() : b18();
    const lead = Math.log(1e9) + Math.log(n - 1) + (rng.float() - 0.5) * 0.2;
    list.push({
      family: "price1e-9",
      n,
      b,
      feeBps: rng.pick(fees),
      build: (m, r, check) => {
        const chunks = r.int(1, 4);
        const total = BigInt(Math.floor(lead * 2 ** 40));
        for (let c = 0; c < chunks; c++) {
          m.buy(0, ((m.b * total) >> 40n) / BigInt(chunks));
          check();
        }
        randomBuys(r.int(0, 5), 0.01)(m, r, check);
      },
      probes: 60,
    });
  }

  // q/b up to 100 on one outcome (prices of the others down to e^-100), others below 10.
  for (let i = 0; i < 25 * scale; i++) {
    const n = rng.pick([2, 3, 5]);
    const b = i % 2 === 0 ? b6() : b18();
    const top = i === 0 ? 100 : 60 + rng.float() * 40;
    list.push({
      family: "qOverB100",
      n,
      b,
      feeBps: rng.pick(fees),
      build: (m, r, check) => {
        for (let j = 1; j < m.n; j++) {
          tryTrade(() => m.buy(j, r.scaled(m.b, 0, 10) + 1n));
          check();
        }
        const chunks = r.int(1, 5);
        for (let c = 0; c < chunks; c++) {
          m.buy(0, r.scaled(m.b, top / chunks, top / chunks) + 1n);
          check();
        }
      },
      probes: 60,
    });
  }

  // 256 outcomes: spread buys, sometimes with a leader.
  for (let i = 0; i < 8 * scale; i++) {
    const b = i % 2 === 0 ? b6() : b18();
    list.push({
      family: "outcomes256",
      n: 256,
      b,
      feeBps: rng.pick(fees),
      build: (m, r, check) => {
        randomBuys(r.int(20, 80), 2)(m, r, check);
        if (i % 4 === 3) {
          m.buy(r.int(0, 255), r.scaled(m.b, 10, 30));
          check();
        }
      },
      probes: 60,
    });
  }

  // Buys and sells: replays in which the log-sum also falls (q/b up to about 20).
  for (let i = 0; i < 30 * scale; i++) {
    const n = rng.pick([2, 3, 5, 12]);
    const b = i % 3 === 0 ? b6() : i % 3 === 1 ? b18() : (1n << 96n) - 1n;
    list.push({
      family: "mixed",
      mixed: true,
      n,
      b,
      feeBps: rng.pick(fees),
      build: (m, r, check) => {
        const trades = r.int(5, 30);
        for (let t = 0; t < trades; t++) {
          const j = r.int(0, m.n - 1);
          const q = m.supply(j);
          const ok =
            r.int(0, 2) === 0 && q > 0n
              ? tryTrade(() => m.sell(j, r.int(0, 3) === 0 ? q : r.uniform(1n, q)))
              : tryTrade(() => m.buy(j, r.scaled(m.b, 0, 8) + 1n));
          if (ok) check();
        }
      },
      probes: 60,
    });
  }

  // The largest liquidity the contract accepts.
  for (let i = 0; i < 4 * scale; i++) {
    list.push({
      family: "maxLiquidity",
      n: rng.pick([2, 7]),
      b: (1n << 96n) - 1n - rng.uniform(0n, 10n ** 6n),
      feeBps: rng.pick(fees),
      build: randomBuys(rng.int(0, 10), 3),
      probes: 60,
    });
  }
  return list;
}

/** Runs a trade, ignoring the contract's own rejections (a replay that would revert). */
function tryTrade(trade: () => unknown): boolean {
  try {
    trade();
    return true;
  } catch (error) {
    if (error instanceof LmsrError) return false;
    throw error;
  }
}

describe("market arithmetic against decimal.js", () => {
  it("never favours the trader, matches exact LMSR to 1e-15, keeps L ≥ exact", {
    timeout: 600_000,
  }, () => {
    const rng = new Rng(2024);
    const stats = new Stats();
    const started = performance.now();

    for (const [s, sc] of scenarios(rng).entries()) {
      const m = new SimMarket(sc.n, sc.b, sc.feeBps);
      const cache = new ExpCache(sc.b);
      const where = `${sc.family}#${s} n=${sc.n} b=${sc.b}`;
      // (3) after every replayed trade, the stored log-sum is at or above the exact one.
      const check = () => {
        stats.replayedTrades++;
        stats.noteLogSum(`${where} replay`, m.logSum, cache.logSum(m.supplies));
      };
      stats.noteLogSum(`${where} create`, m.logSum, cache.logSum(m.supplies));
      sc.build(m, rng, check);
      stats.states++;
      stats.maxOutcomes = Math.max(stats.maxOutcomes, m.n);
      stats.minB = stats.minB === undefined || sc.b < stats.minB ? sc.b : stats.minB;
      if (sc.b > stats.maxB) stats.maxB = sc.b;
      let nano = false;
      for (const q of m.supplies) {
        stats.maxQOverB = Math.max(stats.maxQOverB, Number((q * 1000n) / sc.b) / 1000);
        const p = priceWad(m.logSum, q, sc.b);
        if (stats.minPriceWad === undefined || p < stats.minPriceWad) stats.minPriceWad = p;
        if (p >= 5n * 10n ** 8n && p <= 2n * 10n ** 9n) nano = true;
      }
      if (nano) stats.nanoPriceStates++;

      const S = cache.sum(m.supplies);
      const bD = dec(sc.b);
      const mixed = sc.mixed === true;
      // b·(stored L − exact L), plus a hair for the 60-digit reference itself.
      const bound = bD.mul(fromX128(m.logSum).minus(S.ln())).plus("1e-20");
      const rest = new Map<number, Decimal>();
      // Σ_{j≠i} exp(q_j/b): subtract when safe, else add up from scratch.
      const restSum = (i: number): Decimal => {
        let r = rest.get(i);
        if (r === undefined) {
          const e = cache.exp(m.supply(i));
          r = e.lt(S.div(2))
            ? S.minus(e)
            : cache.sum(m.supplies, { index: i, supply: 0n }).minus(1);
          rest.set(i, r);
        }
        return r;
      };
      // Exact ln S' − ln S when outcome i moves to qNew.
      const exactDelta = (i: number, qNew: bigint): Decimal =>
        restSum(i).plus(cache.exp(qNew)).div(S).ln();

      for (let k = 0; k < sc.probes; k++) {
        const i = rng.int(0, m.n - 1);
        const q = m.supply(i);
        const kind = rng.pick(["buy", "buy", "sell", "buyWithCollateral"] as const);
        const tag = `${where} probe ${k} ${kind} outcome ${i} q=${q} L=${m.logSum}`;
        if (kind === "buy") {
          const shares =
            rng.int(0, 9) === 0 ? rng.logUniform(1n, 10n ** 6n) : rng.logUniform(1n, sc.b * 20n);
          let r: ReturnType<typeof quoteBuy>;
          try {
            r = quoteBuy(m.market, q, shares);
          } catch (error) {
            if (!(error instanceof LmsrError)) throw error;
            stats.rejected++;
            continue;
          }
          stats.probes.buy++;
          const delta = exactDelta(i, q + shares);
          const exact = bD.mul(delta);
          // (1) charged (before fee, so a fortiori after) ≥ exact.
          stats.noteDirection(`${tag} shares=${shares}`, "buy", dec(r.net), exact, mixed, bound);
          const excess = dec(r.net).minus(exact);
          if (excess.gt(stats.maxBuyExcess)) stats.maxBuyExcess = excess;
          // (2) before rounding to an integer, b·ΔL is within 1e-15 of exact.
          stats.noteRelErr(
            `${tag} shares=${shares}`,
            bD.mul(fromX128(r.newLogSum - m.logSum)),
            exact,
          );
          // (3)
          stats.noteLogSum(tag, r.newLogSum, S.ln().plus(delta));
        } else if (kind === "sell") {
          if (q === 0n) continue;
          const shares = rng.int(0, 3) === 0 ? q : rng.logUniform(1n, q);
          const r = quoteSell(m.market, q, shares);
          stats.probes.sell++;
          const delta = exactDelta(i, q - shares).neg();
          const exact = bD.mul(delta);
          stats.noteDirection(`${tag} shares=${shares}`, "sell", dec(r.gross), exact, mixed, bound);
          const computed = bD.mul(fromX128(m.logSum - r.newLogSum));
          const deep = m.logSum - r.newLogSum > DEEP_SELL_DROP;
          if (deep) {
            stats.deepSells++;
            const rel = computed.minus(exact).abs().div(exact);
            if (rel.gt(stats.deepSellMaxRelErr)) stats.deepSellMaxRelErr = rel;
          } else {
            const shortfall = exact.minus(dec(r.gross));
            if (shortfall.gt(stats.maxSellShortfall)) stats.maxSellShortfall = shortfall;
            stats.noteRelErr(`${tag} shares=${shares}`, computed, exact);
          }
          stats.noteLogSum(tag, r.newLogSum, S.ln().minus(delta), deep);
        } else {
          const collateralIn = rng.logUniform(1n, sc.b * 10n);
          let r: ReturnType<typeof quoteBuyWithCollateral>;
          try {
            r = quoteBuyWithCollateral(m.market, q, collateralIn);
          } catch (error) {
            if (!(error instanceof LmsrError)) throw error;
            stats.rejected++;
            continue;
          }
          stats.probes.buyWithCollateral++;
          const delta = exactDelta(i, q + r.shares);
          const exact = bD.mul(delta);
          // The whole budget net of fee must cover the exact cost of the shares.
          const net = collateralIn - r.fee;
          stats.noteDirection(
            `${tag} collateralIn=${collateralIn}`,
            "buy",
            dec(net),
            exact,
            mixed,
            bound,
          );
          stats.noteRelErr(
            `${tag} collateralIn=${collateralIn}`,
            bD.mul(fromX128(r.newLogSum - m.logSum)),
            exact,
          );
          stats.noteLogSum(tag, r.newLogSum, S.ln().plus(delta));
        }
      }
    }

    const probes = stats.probes.buy + stats.probes.sell + stats.probes.buyWithCollateral;
    const seconds = (performance.now() - started) / 1000;
    report.market = {
      probes,
      probesOnBuyReplayedStates: probes - stats.mixedProbes,
      probesBySide: stats.probes,
      rejectedProbes: stats.rejected,
      states: stats.states,
      replayedTrades: stats.replayedTrades,
      traderFavouring: stats.traderFavouring.length,
      traderFavouringNote: "probes on states replayed from buys only",
      statesWithSells: {
        note:
          "replays that also sell: the log-sum excess a sell leaves (see deepSellRoundTrips) " +
          "can make a later trade cheaper than exact, never by more than b·(stored L − exact L)",
        probes: stats.mixedProbes,
        traderFavouring: stats.mixedFavouring,
        maxFavourBaseUnits: stats.mixedMaxFavour.toSignificantDigits(6).toString(),
        maxFavourRelative: stats.mixedMaxFavourRelative.toNumber(),
      },
      favourBeyondBound: stats.favourBeyondBound.length,
      logSumBelowExact: stats.logSumBelowExact.length,
      maxRelativeError: stats.maxRelErr.toNumber(),
      relativeErrorSamples: stats.relErrSamples,
      relativeErrorMinTrade: REL_ERR_MIN_TRADE.toNumber(),
      maxBuyChargedMinusExact: stats.maxBuyExcess.toSignificantDigits(25).toString(),
      maxSellExactMinusPaid: stats.maxSellShortfall.toSignificantDigits(25).toString(),
      minLogSumExcessUlps: stats.minLogSumExcessUlps?.toSignificantDigits(6).toString(),
      maxLogSumExcessUlps: stats.maxLogSumExcessUlps.toSignificantDigits(6).toString(),
      minPriceWad: `${stats.minPriceWad}`,
      statesWithPriceNear1e9: stats.nanoPriceStates,
      maxQOverB: stats.maxQOverB,
      maxOutcomes: stats.maxOutcomes,
      liquidityRange: [`${stats.minB}`, `${stats.maxB}`],
      deepSells: {
        note: "sells lowering the log-sum by more than 50: bound (2) not asserted",
        count: stats.deepSells,
        maxRelativeError: stats.deepSellMaxRelErr.toNumber(),
        maxLogSumExcess: fromX128(1n).mul(stats.deepSellMaxLogSumExcessUlps).toNumber(),
      },
      seconds: Math.round(seconds * 10) / 10,
    };
    const e = report.expNeg as { maxUlps: number } | undefined;
    const l = report.ln as { maxUlps: number } | undefined;
    console.log(
      `[lmsr differential] expNeg max ${e?.maxUlps.toFixed(3)} ulps, ln max ${l?.maxUlps.toFixed(3)} ulps; ` +
        `${probes} probes on ${stats.states} states (${stats.replayedTrades} replayed trades): ` +
        `trader-favouring ${stats.traderFavouring.length} (buy-replayed states; ${stats.mixedFavouring} of ${stats.mixedProbes} after sells, max ${stats.mixedMaxFavour.toSignificantDigits(3)} base units), ` +
        `L below exact ${stats.logSumBelowExact.length}, ` +
        `max rel err ${stats.maxRelErr.toExponential(3)} (${stats.relErrSamples} trades ≥ 1e12), ` +
        `max charged−exact ${stats.maxBuyExcess.toSignificantDigits(4)}, max exact−paid ${stats.maxSellShortfall.toSignificantDigits(4)}, ` +
        `deep sells ${stats.deepSells} (max rel err ${stats.deepSellMaxRelErr.toExponential(3)}), ${seconds.toFixed(1)} s`,
    );

    expect(stats.traderFavouring).toEqual([]);
    expect(stats.favourBeyondBound).toEqual([]);
    expect(stats.logSumBelowExact).toEqual([]);
    expect(stats.relErrViolations).toEqual([]);
    // At least 10,000 probes on states replayed from buys alone.
    expect(probes - stats.mixedProbes).toBeGreaterThanOrEqual(10_000);
    expect(stats.maxOutcomes).toBe(256);
    expect(stats.maxQOverB).toBeGreaterThanOrEqual(99);
    expect(stats.nanoPriceStates).toBeGreaterThan(0);
    // Buys overcharge by the integer ceiling only: below 1 base unit plus a hair. (Sells that
    // lower L by tens underpay by more in base units, yet within the relative bound (2).)
    expect(stats.maxBuyExcess.lt(1.000001)).toBe(true);
  });
});

describe("precision limit: selling back from q/b far above 50", () => {
  it("stays market-favouring and solvent; records how far prices drift", () => {
    // A round trip buy-then-sell of `top`·b shares of one outcome of a fresh 2-outcome market.
    // With L ≈ top, one X128 ulp of L is a relative error of 2^-128 in Σ exp(q_j/b) ≈ e^top,
    // i.e. an absolute error of e^top·2^-128 in the other outcomes' share of the sum, which is
    // about 1 here: above top ≈ 55 the sell cannot resolve it, pays less than exact, and leaves
    // L above the exact log-sum, so every price sits below its exact value afterwards.
    const b = 10n ** 24n;
    const rows: Record<string, unknown>[] = [];
    for (const top of [40n, 50n, 55n, 60n, 70n, 80n, 90n, 100n]) {
      const m = new SimMarket(2, b);
      const cache = new ExpCache(b);
      const paid = m.buy(0, top * b).cost;
      const sold = m.sell(0, top * b);
      const exactLogSum = cache.logSum(m.supplies);
      const excess = fromX128(m.logSum).minus(exactLogSum);
      // Never favours the trader: the round trip costs at least nothing.
      expect(sold.proceeds).toBeLessThanOrEqual(paid);
      // Solvent: the pool covers b·L ≥ every outcome's supply.
      expect(dec(m.pool).gte(dec(b).mul(fromX128(m.logSum)).floor())).toBe(true);
      expect(excess.gte(0)).toBe(true);
      const priceSum = priceWad(m.logSum, 0n, b) * 2n;
      // A follow-up buy of b shares of the other outcome, charged vs exact.
      const before = m.supplies.slice();
      const follow = m.buy(1, b);
      const exactFollow = dec(b).mul(cache.logSum(m.supplies).minus(cache.logSum(before)));
      rows.push({
        qOverB: Number(top),
        roundTripLoss: `${paid - sold.proceeds}`,
        logSumExcess: excess.toSignificantDigits(4).toNumber(),
        priceSumWad: `${priceSum}`,
        followUpBuyExactMinusCharged: exactFollow
          .minus(dec(follow.net))
          .toSignificantDigits(6)
          .toString(),
      });
      // Over the whole sequence traders never pay less than b·(exact L_end − stored L_start):
      // what they paid telescopes to at least b·(L_end − L_start), and L_end ≥ exact.
      const totalPaid = dec(paid - sold.proceeds + follow.cost);
      const exactTotal = dec(b).mul(cache.logSum(m.supplies).minus(fromX128(createLogSum(2n))));
      expect(totalPaid.gte(exactTotal)).toBe(true);
      if (top <= 40n) expect(excess.lt(1e-15)).toBe(true);
    }
    report.deepSellRoundTrips = {
      note:
        "fresh 2-outcome market, b = 1e24: buy then sell qOverB·b shares of outcome 0; " +
        "then buy b shares of outcome 1. The sell cannot resolve the other outcomes' weight " +
        "(about e^-qOverB of the sum, against an X128 ulp of 2^-128 ≈ e^-88.7), so the stored L " +
        "ends above the exact log-sum by ≈ e^qOverB·2^-128·(a few tens): every price sits below " +
        "its exact value and the follow-up buy is charged less than the exact LMSR cost, paid " +
        "for by the round-tripper's loss. The market stays solvent and traders as a whole never " +
        "pay less than exact.",
      rows,
    };
  });
});
