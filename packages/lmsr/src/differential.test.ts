/**
 * Differential tests against decimal.js at 60 significant digits.
 *
 * 1. The math primitives `expNeg` and `ln`, over random and adversarial inputs: their error
 *    must stay below `EXP_ERR` / `LN_ERR` ulps, which the library adds or subtracts to obtain
 *    certain bounds.
 * 2. The market arithmetic, over states built by replaying trades through the mirror from a
 *    fresh market (so every stored log-sum is what the contract would store). Families:
 *    ordinary markets with 6-decimal (b 1e9..1e12) and 18-decimal (b 1e21..1e24) collateral, a
 *    price of 1e-9, q/b from 49 to 49.99 on one outcome (just under MAX_LOG_SUM = 50, the highest
 *    the market supports), 256 outcomes, the largest liquidity (2^96 − 1), and two families
 *    whose replays also sell (random buys and sells; deep round trips from q/b ≈ 49 and back).
 *    Every probe trade is compared with exact arithmetic, and for EVERY family it is asserted
 *    that:
 *    (a) no rounding favours the trader against the exact LMSR cost from the contract's actual
 *        state (q, stored L, b): b·ln(1 + e^(q'/b − L) − e^(q/b − L)). This is the rounding
 *        guarantee of the library;
 *    (b) the stored log-sum (after every replayed trade and every probe) is never below the
 *        exact log-sum ln Σ exp(q_j/b) of the supplies;
 *    (c) against the exact cost from the supplies alone, b·(ln Σ exp(q'_j/b) − ln Σ exp(q_j/b)):
 *        no probe favours the trader on states replayed from buys only; on states with sells
 *        any favour is bounded by b·(stored L − exact L) of the state (measured and reported);
 *    (d) the cost before rounding to an integer, b·ΔL, is within a relative 1e-15 of the exact
 *        cost from the supplies for trades of at least 1e12 base units, sells included;
 *    and that no buy is rejected (LogSumOutOfRange) unless its exact new log-sum exceeds 50.
 * 3. Round trips to q/b = 40, 45, 49 (and 49.99) and back: the loss relative to the amount paid
 *    stays ≤ 1e-12 and the log-sum excess they leave ≤ 1e-15; repeated round trips (reported:
 *    the excess accumulates); buys that would take the log-sum above 50 are rejected.
 *
 * The measured figures are printed on one line per section and written to
 * `differential-report.json`.
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
import { LmsrError, LogSumOutOfRangeError } from "./errors.js";
import {
  EXP_ERR,
  EXP_ZERO_BOUND,
  expNeg,
  LN_ERR,
  LN2_X192,
  ln,
  MAX_LOG_SUM,
  ONE,
  SQRT2_X128,
} from "./math.js";
import { priceWad } from "./priceWad.js";
import { quoteBuy } from "./quoteBuy.js";
import { quoteBuyWithCollateral } from "./quoteBuyWithCollateral.js";
import { quoteSell } from "./quoteSell.js";

const REPORT = fileURLToPath(new URL("../differential-report.json", import.meta.url));
/** Relative-error assertion (d) covers trades whose exact cost is at least this. */
const REL_ERR_MIN_TRADE = new D("1e12");
const REL_ERR_BOUND = 1e-15;
/** Round trips to q/b ≤ 49.99 and back lose at most this fraction of the amount paid. */
const ROUND_TRIP_LOSS_BOUND = 1e-12;
/** Sells lowering the log-sum by more than this are reported apart as "deep" (all asserted). */
const DEEP_SELL_DROP = 40n << 128n;
const MAX_LOG_SUM_D = fromX128(MAX_LOG_SUM);

const report: Record<string, unknown> = { ci: CI, precisionDigits: D.precision };

afterAll(() => {
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
});

const ln2X128 = LN2_X192 >> 64n;
const createLogSum = (n: bigint): bigint => createMarketFunding(n, 1n).logSum;
const ulpsOf = (computed: bigint, exact: Decimal): Decimal => dec(computed).minus(exact).abs();
const maxOf = (a: Decimal, b: Decimal): Decimal => (b.gt(a) ? b : a);

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
  /** Builds the state by replaying trades; returns nothing, mutates the market. */
  build: (m: SimMarket, rng: Rng, check: () => void) => void;
  probes: number;
};

/** Figures of one family (and, merged, of all). */
class Stats {
  states = 0;
  /** States whose replay included sells. */
  statesWithSells = 0;
  replayedTrades = 0;
  probes = { buy: 0, sell: 0, buyWithCollateral: 0 };
  /** Probes on states whose history includes sells. */
  mixedProbes = 0;
  rejected = { logSumOutOfRange: 0, other: 0 };
  /** (a) Probes favouring the trader against exact arithmetic on the stored state. */
  favourVsStored: string[] = [];
  maxChargedMinusExactStored = new D(0);
  /** (c) Probes on buy-only states favouring the trader against the exact cost from supplies. */
  favourVsSupplies: string[] = [];
  /** (c) On states with sells: how many favour the trader, by how much at most. */
  mixedFavouring = 0;
  mixedMaxFavour = new D(0);
  mixedMaxFavourRelative = new D(0);
  /** (c) Probes favouring the trader by more than b·(stored L − exact L) of their state. */
  favourBeyondBound: string[] = [];
  /** (b) */
  logSumBelowExact: string[] = [];
  /** Rejected buys whose exact new log-sum (from the stored state) is not above 50. */
  spuriousRejections: string[] = [];
  /** (d) */
  relErrViolations: string[] = [];
  maxRelErr = new D(0);
  maxRelErrSell = new D(0);
  relErrSamples = 0;
  relErrSellSamples = 0;
  /** (d) against the stored state, i.e. the library's own rounding alone. */
  maxRelErrVsStored = new D(0);
  maxBuyExcess = new D(0); // charged net − exact (supplies), base units
  maxSellShortfall = new D(0); // exact (supplies) − paid gross, base units
  minLogSumExcessUlps: Decimal | undefined;
  maxLogSumExcessUlps = new D(0);
  deepSells = 0;
  deepSellMaxRelErr = new D(0);
  minPriceWad: bigint | undefined;
  /** States with a price within a factor 2 of 1e-9. */
  nanoPriceStates = 0;
  maxQOverB = 0;
  maxLogSum = 0n;
  maxOutcomes = 0;
  minB: bigint | undefined;
  maxB = 0n;

  /**
   * Rounding direction of one probe. `amount` is what the trader pays (buy) or receives
   * (sell). (a) against `exactStored`, the exact cost on the stored state: never favourable.
   * (c) against `exact`, the exact cost from the supplies: never favourable on buy-only
   * states; elsewhere at most `bound` = b·(stored L − exact L) of the state, since a buy is
   * charged ≥ b·(L' − L) ≥ b·(exact L' − L) = exact − bound.
   */
  noteDirection(
    tag: string,
    side: "buy" | "sell",
    amount: Decimal,
    exact: Decimal,
    exactStored: Decimal,
    mixed: boolean,
    bound: Decimal,
  ) {
    const favourStored = side === "buy" ? exactStored.minus(amount) : amount.minus(exactStored);
    if (favourStored.gt(0)) this.favourVsStored.push(`${tag}: by ${favourStored}`);
    const favour = side === "buy" ? exact.minus(amount) : amount.minus(exact);
    if (favour.lte(0)) return;
    if (favour.gt(bound)) this.favourBeyondBound.push(`${tag}: by ${favour} > ${bound}`);
    if (!mixed) {
      this.favourVsSupplies.push(`${tag}: by ${favour}`);
      return;
    }
    this.mixedFavouring++;
    this.mixedMaxFavour = maxOf(this.mixedMaxFavour, favour);
    this.mixedMaxFavourRelative = maxOf(this.mixedMaxFavourRelative, favour.div(exact));
  }

  noteLogSum(where: string, stored: bigint, exactLogSum: Decimal) {
    if (stored > this.maxLogSum) this.maxLogSum = stored;
    const excess = fromX128(stored).minus(exactLogSum).mul(TWO_128);
    if (excess.lt(0)) this.logSumBelowExact.push(`${where}: excess ${excess.toString()} ulps`);
    if (this.minLogSumExcessUlps === undefined || excess.lt(this.minLogSumExcessUlps)) {
      this.minLogSumExcessUlps = excess;
    }
    this.maxLogSumExcessUlps = maxOf(this.maxLogSumExcessUlps, excess);
  }

  /**
   * (d): `computed` is b·ΔL before rounding, `exact` the exact cost from the supplies,
   * `exactStored` the exact cost on the stored state.
   */
  noteRelErr(
    where: string,
    side: "buy" | "sell",
    computed: Decimal,
    exact: Decimal,
    exactStored: Decimal,
  ): Decimal | undefined {
    if (exact.lt(REL_ERR_MIN_TRADE)) return undefined;
    const rel = computed.minus(exact).abs().div(exact);
    this.relErrSamples++;
    this.maxRelErr = maxOf(this.maxRelErr, rel);
    if (side === "sell") {
      this.relErrSellSamples++;
      this.maxRelErrSell = maxOf(this.maxRelErrSell, rel);
    }
    const relStored = computed.minus(exactStored).abs().div(exactStored);
    this.maxRelErrVsStored = maxOf(this.maxRelErrVsStored, relStored);
    if (rel.gt(REL_ERR_BOUND)) this.relErrViolations.push(`${where}: ${rel.toExponential(3)}`);
    return rel;
  }

  merge(o: Stats) {
    this.states += o.states;
    this.statesWithSells += o.statesWithSells;
    this.replayedTrades += o.replayedTrades;
    this.probes.buy += o.probes.buy;
    this.probes.sell += o.probes.sell;
    this.probes.buyWithCollateral += o.probes.buyWithCollateral;
    this.mixedProbes += o.mixedProbes;
    this.rejected.logSumOutOfRange += o.rejected.logSumOutOfRange;
    this.rejected.other += o.rejected.other;
    this.favourVsStored.push(...o.favourVsStored);
    this.maxChargedMinusExactStored = maxOf(
      this.maxChargedMinusExactStored,
      o.maxChargedMinusExactStored,
    );
    this.favourVsSupplies.push(...o.favourVsSupplies);
    this.mixedFavouring += o.mixedFavouring;
    this.mixedMaxFavour = maxOf(this.mixedMaxFavour, o.mixedMaxFavour);
    this.mixedMaxFavourRelative = maxOf(this.mixedMaxFavourRelative, o.mixedMaxFavourRelative);
    this.favourBeyondBound.push(...o.favourBeyondBound);
    this.logSumBelowExact.push(...o.logSumBelowExact);
    this.spuriousRejections.push(...o.spuriousRejections);
    this.relErrViolations.push(...o.relErrViolations);
    this.maxRelErr = maxOf(this.maxRelErr, o.maxRelErr);
    this.maxRelErrSell = maxOf(this.maxRelErrSell, o.maxRelErrSell);
    this.relErrSamples += o.relErrSamples;
    this.relErrSellSamples += o.relErrSellSamples;
    this.maxRelErrVsStored = maxOf(this.maxRelErrVsStored, o.maxRelErrVsStored);
    this.maxBuyExcess = maxOf(this.maxBuyExcess, o.maxBuyExcess);
    this.maxSellShortfall = maxOf(this.maxSellShortfall, o.maxSellShortfall);
    if (
      o.minLogSumExcessUlps !== undefined &&
      (this.minLogSumExcessUlps === undefined || o.minLogSumExcessUlps.lt(this.minLogSumExcessUlps))
    ) {
      this.minLogSumExcessUlps = o.minLogSumExcessUlps;
    }
    this.maxLogSumExcessUlps = maxOf(this.maxLogSumExcessUlps, o.maxLogSumExcessUlps);
    this.deepSells += o.deepSells;
    this.deepSellMaxRelErr = maxOf(this.deepSellMaxRelErr, o.deepSellMaxRelErr);
    if (
      o.minPriceWad !== undefined &&
      (this.minPriceWad === undefined || o.minPriceWad < this.minPriceWad)
    ) {
      this.minPriceWad = o.minPriceWad;
    }
    this.nanoPriceStates += o.nanoPriceStates;
    this.maxQOverB = Math.max(this.maxQOverB, o.maxQOverB);
    if (o.maxLogSum > this.maxLogSum) this.maxLogSum = o.maxLogSum;
    this.maxOutcomes = Math.max(this.maxOutcomes, o.maxOutcomes);
    if (o.minB !== undefined && (this.minB === undefined || o.minB < this.minB)) this.minB = o.minB;
    if (o.maxB > this.maxB) this.maxB = o.maxB;
  }

  get probeCount(): number {
    return this.probes.buy + this.probes.sell + this.probes.buyWithCollateral;
  }

  toReport() {
    const sig = (x: Decimal, digits: number) => x.toSignificantDigits(digits).toString();
    return {
      states: this.states,
      statesWithSells: this.statesWithSells,
      replayedTrades: this.replayedTrades,
      probes: this.probeCount,
      probesBySide: { ...this.probes },
      probesOnStatesWithSells: this.mixedProbes,
      rejectedProbes: { ...this.rejected },
      spuriousRejections: this.spuriousRejections.length,
      traderFavouringVsStoredState: this.favourVsStored.length,
      maxBuyChargedMinusExactStoredState: sig(this.maxChargedMinusExactStored, 25),
      logSumBelowExact: this.logSumBelowExact.length,
      traderFavouringVsSuppliesBuyOnlyStates: this.favourVsSupplies.length,
      traderFavouringVsSuppliesAfterSells: this.mixedFavouring,
      maxFavourVsSuppliesAfterSellsBaseUnits: sig(this.mixedMaxFavour, 6),
      maxFavourVsSuppliesAfterSellsRelative: this.mixedMaxFavourRelative.toNumber(),
      favourBeyondBound: this.favourBeyondBound.length,
      maxRelativeError: this.maxRelErr.toNumber(),
      maxRelativeErrorSells: this.maxRelErrSell.toNumber(),
      maxRelativeErrorVsStoredState: this.maxRelErrVsStored.toNumber(),
      relativeErrorSamples: this.relErrSamples,
      relativeErrorSellSamples: this.relErrSellSamples,
      relativeErrorViolations: this.relErrViolations.length,
      maxBuyChargedMinusExact: sig(this.maxBuyExcess, 25),
      maxSellExactMinusPaid: sig(this.maxSellShortfall, 25),
      minLogSumExcessUlps: this.minLogSumExcessUlps?.toSignificantDigits(6).toString(),
      maxLogSumExcessUlps: sig(this.maxLogSumExcessUlps, 6),
      maxLogSumExcess: fromX128(1n).mul(this.maxLogSumExcessUlps).toSignificantDigits(4).toNumber(),
      deepSells: this.deepSells,
      deepSellMaxRelativeError: this.deepSellMaxRelErr.toNumber(),
      minPriceWad: `${this.minPriceWad}`,
      statesWithPriceNear1e9: this.nanoPriceStates,
      maxQOverB: this.maxQOverB,
      /** Over states and accepted probes; 50 − maxLogSum is the smallest headroom reached. */
      maxLogSum: fromX128(this.maxLogSum).toSignificantDigits(15).toNumber(),
      minHeadroomToMaxLogSum: fromX128(MAX_LOG_SUM - this.maxLogSum)
        .toSignificantDigits(4)
        .toNumber(),
      maxOutcomes: this.maxOutcomes,
      liquidityRange: [`${this.minB}`, `${this.maxB}`],
    };
  }
}

function scenarios(rng: Rng): Scenario[] {
  const list: Scenario[] = [];
  const fees = [0n, 0n, 30n, 100n, 1_000n];
  const b6 = () => rng.logUniform(10n ** 9n, 10n ** 12n);
  const b18 = () => rng.logUniform(10n ** 21n, 10n ** 24n);
  const maxB = (1n << 96n) - 1n;
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
    const six = i % 2 === 0;
    list.push({
      family: six ? "random6" : "random18",
      n,
      b: six ? b6() : b18(),
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

  // The highest q/b the market supports: one outcome (the leader) at q/b from 49 to 49.99, just
  // under MAX_LOG_SUM = 50; the others lower (below 10, or up to 8 below the leader, so that
  // L = ln Σ e^(q_j/b) stays under 50). The others' prices go down to e^-49.99 ≈ 2e-22.
  const buyOthers = (m: SimMarket, r: Rng, check: () => void, top: number, leader: number) => {
    const othersMax = r.int(0, 1) === 0 ? 10 : top - 8;
    for (let j = 0; j < m.n; j++) {
      if (j === leader) continue;
      if (tryTrade(() => m.buy(j, r.scaled(m.b, 0, othersMax) + 1n))) check();
    }
  };
  const buyLeader = (m: SimMarket, r: Rng, check: () => void, top: number, leader: number) => {
    const target = (m.b * BigInt(Math.floor(top * 2 ** 40))) >> 40n;
    const chunks = r.int(1, 5);
    for (let c = chunks; c > 0; c--) {
      const q = m.supply(leader);
      const shares = c === 1 ? target - q : (target - q) / BigInt(c) + r.scaled(m.b, 0, 1);
      if (shares <= 0n || q + shares > target) continue;
      m.buy(leader, shares);
      check();
    }
  };
  const nearCapTop = (i: number, r: Rng) => (i === 0 ? 49.99 : 49 + 0.99 * r.float());
  for (let i = 0; i < 25 * scale; i++) {
    const n = rng.pick([2, 3, 5]);
    const b = i % 2 === 0 ? b6() : b18();
    const top = nearCapTop(i, rng);
    list.push({
      family: "qOverB49",
      n,
      b,
      feeBps: rng.pick(fees),
      build: (m, r, check) => {
        const leader = r.int(0, m.n - 1);
        buyOthers(m, r, check, top, leader);
        buyLeader(m, r, check, top, leader);
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

  // Buys and sells: replays in which the log-sum also falls (buys above the cap are skipped).
  for (let i = 0; i < 30 * scale; i++) {
    const n = rng.pick([2, 3, 5, 12]);
    const b = i % 3 === 0 ? b6() : i % 3 === 1 ? b18() : maxB;
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

  // Deep sells from the cap: one to three round trips of the leader to q/b from 49 to 49.99 and
  // back (the whole supply, or most of it), for half the states one more buy back to the cap,
  // then a few small trades. Every deep sell leaves the stored L above the exact log-sum by up
  // to ~4e-16 (see deepSellRoundTrips).
  for (let i = 0; i < 20 * scale; i++) {
    const n = rng.pick([2, 3, 5]);
    const b = i % 3 === 0 ? b6() : i % 3 === 1 ? b18() : maxB - rng.uniform(0n, 10n ** 6n);
    const top = nearCapTop(i, rng);
    list.push({
      family: "qOverB49Sells",
      mixed: true,
      n,
      b,
      feeBps: rng.pick(fees),
      build: (m, r, check) => {
        const leader = r.int(0, m.n - 1);
        buyOthers(m, r, check, top, leader);
        const trips = r.int(1, 3);
        for (let t = 0; t < trips; t++) {
          buyLeader(m, r, check, t === 0 ? top : 49 + 0.99 * r.float(), leader);
          const q = m.supply(leader);
          m.sell(leader, r.int(0, 2) === 0 ? q - r.scaled(q, 0, 0.1) : q);
          check();
        }
        // Half the states end back at the cap, where the probes sell deep again.
        if (r.int(0, 1) === 0) buyLeader(m, r, check, 49 + 0.99 * r.float(), leader);
        for (let t = r.int(0, 4); t > 0; t--) {
          const j = r.int(0, m.n - 1);
          const q = m.supply(j);
          const ok =
            r.int(0, 1) === 0 && q > 0n
              ? tryTrade(() => m.sell(j, r.uniform(1n, q)))
              : tryTrade(() => m.buy(j, r.scaled(m.b, 0, 3) + 1n));
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
      b: maxB - rng.uniform(0n, 10n ** 6n),
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

const FAMILIES = [
  "random6",
  "random18",
  "price1e-9",
  "qOverB49",
  "outcomes256",
  "mixed",
  "qOverB49Sells",
  "maxLiquidity",
] as const;

describe("market arithmetic against decimal.js", () => {
  it("never favours the trader, matches exact LMSR to 1e-15, keeps L ≥ exact", {
    timeout: 600_000,
  }, () => {
    const rng = new Rng(2024);
    const byFamily = new Map<string, Stats>(FAMILIES.map((f) => [f, new Stats()]));
    const started = performance.now();

    for (const [s, sc] of scenarios(rng).entries()) {
      const stats = byFamily.get(sc.family);
      if (stats === undefined) throw new Error(`unknown family ${sc.family}`);
      const m = new SimMarket(sc.n, sc.b, sc.feeBps);
      const cache = new ExpCache(sc.b);
      const where = `${sc.family}#${s} n=${sc.n} b=${sc.b}`;
      // (b) after every replayed trade, the stored log-sum is at or above the exact one.
      const check = () => {
        stats.replayedTrades++;
        stats.noteLogSum(`${where} replay`, m.logSum, cache.logSum(m.supplies));
      };
      stats.noteLogSum(`${where} create`, m.logSum, cache.logSum(m.supplies));
      sc.build(m, rng, check);
      const mixed = sc.mixed === true;
      stats.states++;
      if (mixed) stats.statesWithSells++;
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
      const L = fromX128(m.logSum);
      // e^L: the sum Σ exp(q_j/b) the stored log-sum stands for.
      const eL = L.exp();
      // b·(stored L − exact L), plus a hair for the 60-digit reference itself.
      const bound = bD.mul(L.minus(S.ln())).plus("1e-20");
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
      // Exact ln S' − ln S from the supplies when outcome i moves to qNew.
      const exactDelta = (i: number, qNew: bigint): Decimal =>
        restSum(i).plus(cache.exp(qNew)).div(S).ln();
      // Exact L' − L on the stored state (q, L, b): ln(1 + e^(q'/b − L) − e^(q/b − L)).
      const storedDelta = (i: number, qNew: bigint): Decimal =>
        cache
          .exp(qNew)
          .minus(cache.exp(m.supply(i)))
          .div(eL)
          .plus(1)
          .ln();
      const headroom = MAX_LOG_SUM - m.logSum;

      for (let k = 0; k < sc.probes; k++) {
        const i = rng.int(0, m.n - 1);
        const q = m.supply(i);
        const kind = rng.pick(["buy", "buy", "sell", "buyWithCollateral"] as const);
        const tag = `${where} probe ${k} ${kind} outcome ${i} q=${q} L=${m.logSum}`;
        if (kind === "buy") {
          const size = rng.int(0, 9);
          // Small; up to 20·b; or up to the supply q/b = 50 (near the cap, mostly accepted).
          const shares =
            size === 0
              ? rng.logUniform(1n, 10n ** 6n)
              : size <= 5
                ? rng.logUniform(1n, sc.b * 20n)
                : rng.logUniform(1n, sc.b * 50n > q + 1n ? sc.b * 50n - q : 1n);
          let r: ReturnType<typeof quoteBuy>;
          try {
            r = quoteBuy(m.market, q, shares);
          } catch (error) {
            if (!(error instanceof LmsrError)) throw error;
            if (error instanceof LogSumOutOfRangeError) {
              stats.rejected.logSumOutOfRange++;
              // Rejected only if the exact new log-sum on the stored state exceeds 50 (up to
              // the library's own rounding, a few tens of ulps).
              const exactNew = L.plus(storedDelta(i, q + shares));
              if (exactNew.lt(MAX_LOG_SUM_D.minus("1e-30"))) {
                stats.spuriousRejections.push(`${tag} shares=${shares}: exact L' ${exactNew}`);
              }
            } else stats.rejected.other++;
            continue;
          }
          stats.probes.buy++;
          if (mixed) stats.mixedProbes++;
          const delta = exactDelta(i, q + shares);
          const exact = bD.mul(delta);
          const exactStored = bD.mul(storedDelta(i, q + shares));
          // (a), (c): charged (before fee, so a fortiori after) ≥ exact.
          const t = `${tag} shares=${shares}`;
          stats.noteDirection(t, "buy", dec(r.net), exact, exactStored, mixed, bound);
          stats.maxBuyExcess = maxOf(stats.maxBuyExcess, dec(r.net).minus(exact));
          stats.maxChargedMinusExactStored = maxOf(
            stats.maxChargedMinusExactStored,
            dec(r.net).minus(exactStored),
          );
          // (d) before rounding to an integer, b·ΔL is within 1e-15 of exact.
          const computed = bD.mul(fromX128(r.newLogSum - m.logSum));
          stats.noteRelErr(t, "buy", computed, exact, exactStored);
          // (b)
          stats.noteLogSum(tag, r.newLogSum, S.ln().plus(delta));
        } else if (kind === "sell") {
          if (q === 0n) continue;
          const shares = rng.int(0, 3) === 0 ? q : rng.logUniform(1n, q);
          const r = quoteSell(m.market, q, shares);
          stats.probes.sell++;
          if (mixed) stats.mixedProbes++;
          const delta = exactDelta(i, q - shares).neg();
          const exact = bD.mul(delta);
          const exactStored = bD.mul(storedDelta(i, q - shares).neg());
          const t = `${tag} shares=${shares}`;
          stats.noteDirection(t, "sell", dec(r.gross), exact, exactStored, mixed, bound);
          stats.maxSellShortfall = maxOf(stats.maxSellShortfall, exact.minus(dec(r.gross)));
          const computed = bD.mul(fromX128(m.logSum - r.newLogSum));
          const rel = stats.noteRelErr(t, "sell", computed, exact, exactStored);
          if (m.logSum - r.newLogSum > DEEP_SELL_DROP) {
            stats.deepSells++;
            if (rel !== undefined) stats.deepSellMaxRelErr = maxOf(stats.deepSellMaxRelErr, rel);
          }
          stats.noteLogSum(tag, r.newLogSum, S.ln().minus(delta));
        } else {
          // Up to 10·b, or up to what would take L to about 50 (near the cap, mostly accepted).
          const room = (headroom * sc.b) >> 128n;
          const collateralIn =
            rng.int(0, 1) === 0 || room < 2n
              ? rng.logUniform(1n, sc.b * 10n)
              : rng.logUniform(1n, room);
          let r: ReturnType<typeof quoteBuyWithCollateral>;
          try {
            r = quoteBuyWithCollateral(m.market, q, collateralIn);
          } catch (error) {
            if (!(error instanceof LmsrError)) throw error;
            if (error instanceof LogSumOutOfRangeError) stats.rejected.logSumOutOfRange++;
            else stats.rejected.other++;
            continue;
          }
          stats.probes.buyWithCollateral++;
          if (mixed) stats.mixedProbes++;
          const delta = exactDelta(i, q + r.shares);
          const exact = bD.mul(delta);
          const exactStored = bD.mul(storedDelta(i, q + r.shares));
          // The whole budget net of fee must cover the exact cost of the shares.
          const net = collateralIn - r.fee;
          const t = `${tag} collateralIn=${collateralIn}`;
          stats.noteDirection(t, "buy", dec(net), exact, exactStored, mixed, bound);
          const computed = bD.mul(fromX128(r.newLogSum - m.logSum));
          stats.noteRelErr(t, "buy", computed, exact, exactStored);
          stats.noteLogSum(tag, r.newLogSum, S.ln().plus(delta));
        }
      }
    }

    const all = new Stats();
    for (const f of byFamily.values()) all.merge(f);
    const probes = all.probeCount;
    const seconds = (performance.now() - started) / 1000;
    const families = Object.fromEntries([...byFamily].map(([f, st]) => [f, st.toReport()]));
    let worstFamily = "";
    for (const [f, st] of byFamily) if (st.maxRelErr.eq(all.maxRelErr)) worstFamily = f;
    report.market = {
      assertions:
        "for every family: (a) traderFavouringVsStoredState = 0 (exact LMSR on the stored " +
        "state); (b) logSumBelowExact = 0; (c) traderFavouringVsSuppliesBuyOnlyStates = 0 and " +
        "favourBeyondBound = 0 (b·(stored L − exact L)); (d) relativeErrorViolations = 0 " +
        "(|b·ΔL − exact| / exact ≤ 1e-15 for exact ≥ 1e12 base units, sells included); " +
        "spuriousRejections = 0",
      ...all.toReport(),
      probesOnBuyReplayedStates: probes - all.mixedProbes,
      relativeErrorBound: REL_ERR_BOUND,
      relativeErrorMinTrade: REL_ERR_MIN_TRADE.toNumber(),
      maxRelativeErrorFamily: worstFamily,
      deepSellNote:
        "deepSells: sells lowering the log-sum by more than 40 (asserted like the rest)",
      families,
      seconds: Math.round(seconds * 10) / 10,
    };
    const e = report.expNeg as { maxUlps: number } | undefined;
    const l = report.ln as { maxUlps: number } | undefined;
    const perFamily = [...byFamily]
      .map(([f, st]) => `${f} ${st.maxRelErr.toExponential(2)}`)
      .join(", ");
    console.log(
      `[lmsr differential] expNeg max ${e?.maxUlps.toFixed(3)} ulps, ln max ${l?.maxUlps.toFixed(3)} ulps; ` +
        `${probes} probes on ${all.states} states (${all.replayedTrades} replayed trades, ${all.probes.sell} sells probed, ${all.deepSells} deep): ` +
        `trader-favouring vs stored state ${all.favourVsStored.length}, vs supplies ${all.favourVsSupplies.length} on buy-only states ` +
        `(${all.mixedFavouring} of ${all.mixedProbes} after sells, max ${all.mixedMaxFavour.toSignificantDigits(3)} base units, beyond bound ${all.favourBeyondBound.length}), ` +
        `L below exact ${all.logSumBelowExact.length}, spurious rejections ${all.spuriousRejections.length} (${all.rejected.logSumOutOfRange} above cap), ` +
        `max rel err ${all.maxRelErr.toExponential(3)} in ${worstFamily} (${all.relErrSamples} trades ≥ 1e12; sells ${all.maxRelErrSell.toExponential(3)}) [${perFamily}], ` +
        `max charged−exact ${all.maxBuyExcess.toSignificantDigits(4)}, max exact−paid ${all.maxSellShortfall.toSignificantDigits(4)}, ` +
        `max q/b ${all.maxQOverB}, ${seconds.toFixed(1)} s`,
    );

    // (a) The rounding guarantee, on every state of every family.
    expect(all.favourVsStored).toEqual([]);
    // (b)
    expect(all.logSumBelowExact).toEqual([]);
    // (c)
    expect(all.favourVsSupplies).toEqual([]);
    expect(all.favourBeyondBound).toEqual([]);
    // (d), sells included.
    expect(all.relErrViolations).toEqual([]);
    expect(all.spuriousRejections).toEqual([]);
    expect(all.maxLogSum).toBeLessThanOrEqual(MAX_LOG_SUM);
    // Every family was built and measured, sells included.
    for (const [f, st] of byFamily) {
      expect(st.states, f).toBeGreaterThan(0);
      expect(st.probeCount, f).toBeGreaterThan(0);
      expect(st.relErrSamples, f).toBeGreaterThan(0);
    }
    for (const f of ["mixed", "qOverB49Sells", "qOverB49"]) {
      expect(byFamily.get(f)?.relErrSellSamples, f).toBeGreaterThan(0);
    }
    expect(byFamily.get("qOverB49Sells")?.deepSells).toBeGreaterThan(0);
    // At least 10,000 probes, and 10,000 on states replayed from buys alone.
    expect(probes).toBeGreaterThanOrEqual(10_000);
    expect(probes - all.mixedProbes).toBeGreaterThanOrEqual(10_000);
    expect(all.maxOutcomes).toBe(256);
    // Just under the cap: q/b ≥ 49.9 reached, 50 never.
    expect(all.maxQOverB).toBeGreaterThanOrEqual(49.9);
    expect(all.maxQOverB).toBeLessThan(50);
    expect(all.nanoPriceStates).toBeGreaterThan(0);
    // Buys overcharge by the integer ceiling only: below 1 base unit plus a hair.
    expect(all.maxBuyExcess.lt(1.000001)).toBe(true);
    expect(all.maxChargedMinusExactStored.lt(1.000001)).toBe(true);
  });
});

// ------------------------------------------------------------------------ deep round trips

/** Round trip: buy `shares` of outcome 0 of `m`, sell them back; returns what was paid and got. */
function roundTrip(m: SimMarket, shares: bigint) {
  const paid = m.buy(0, shares).cost;
  const proceeds = m.sell(0, shares).proceeds;
  return { paid, proceeds, loss: paid - proceeds };
}

/** Checks the market is solvent: the pool covers b·L ≥ every outcome's supply. */
function expectSolvent(m: SimMarket) {
  expect(dec(m.pool).gte(dec(m.b).mul(fromX128(m.logSum)).floor())).toBe(true);
  for (const q of m.supplies) expect(m.pool).toBeGreaterThanOrEqual(q);
}

/** A follow-up buy of b shares of outcome 1: (exact − charged) / exact, from the supplies. */
function followUp(m: SimMarket, cache: ExpCache) {
  const before = m.supplies.slice();
  const r = m.buy(1, m.b);
  const exact = dec(m.b).mul(cache.logSum(m.supplies).minus(cache.logSum(before)));
  return { cost: r.cost, exactMinusCharged: exact.minus(dec(r.net)), exact };
}

describe("deep sell round trips under MAX_LOG_SUM = 50", () => {
  const liquidities: [string, bigint][] = [
    ["1e9", 10n ** 9n],
    ["1e12", 10n ** 12n],
    ["1e21", 10n ** 21n],
    ["1e24", 10n ** 24n],
    ["2^96-1", (1n << 96n) - 1n],
  ];
  const tops: [number, bigint][] = [
    [40, 40_00n],
    [45, 45_00n],
    [49, 49_00n],
    [49.99, 49_99n],
  ];
  const rows: Record<string, unknown>[] = [];
  const repeated: Record<string, unknown>[] = [];
  const capChecks: string[] = [];

  afterAll(() => {
    report.deepSellRoundTrips = {
      note:
        "fresh 2-outcome market: buy then sell qOverB·b shares of outcome 0, then buy b shares " +
        "of outcome 1. The sell resolves the other outcome's weight (about e^-qOverB of the sum, " +
        "against an X128 ulp of 2^-128 ≈ e^-88.7) to about e^qOverB·2^-128·(a few tens) ≤ 4.1e-16, " +
        "the log-sum excess it leaves. Asserted: lossRelative ≤ 1e-12 (for b = 1e9 one base unit " +
        "of integer rounding is already 2e-11: there the loss is asserted ≤ 2 base units), " +
        "logSumExcess in [0, 1e-15], solvency, and traders as a whole never paying less than exact.",
      rows,
      repeatedRoundTrips: {
        note:
          "b = 1e24, 2 outcomes: k successive round trips to q/b = 49 (or 49.99) and back. Each " +
          "leaves ≈ 1.5e-16 (4.1e-16) more excess in the stored log-sum (market-favouring: the " +
          "round-tripper pays it); a later trade is then priced against L with a relative error " +
          "of about 0.75 × the excess, which exceeds 1e-15 after enough such round trips (see " +
          "tripsUntilRelErrAboveBound). It stays bounded by b·excess, and the rounding is exact " +
          "on the stored state.",
        tripsUntilRelErrAboveBound: Object.fromEntries(
          [49, 49.99].map((top) => [
            top,
            repeated.find(
              (r) => r.qOverB === top && (r.followUpRelativeError as number) > REL_ERR_BOUND,
            )?.trips,
          ]),
        ),
        rows: repeated.filter((r) => [1, 2, 3, 4, 5, 9, 10, 20].includes(r.trips as number)),
      },
      capChecks,
    };
    const firstAbove = (top: number) =>
      repeated.find((r) => r.qOverB === top && (r.followUpRelativeError as number) > REL_ERR_BOUND)
        ?.trips ?? "none of 20";
    const line = rows
      .filter((r) => r.b === "1e24")
      .map(
        (r) =>
          `${r.qOverB}: loss ${r.roundTripLoss} (${(r.lossRelative as number).toExponential(2)}), L excess ${(r.logSumExcess as number).toExponential(2)}`,
      )
      .join("; ");
    console.log(
      `[lmsr differential] round trips, b = 1e24 — ${line}; max loss relative over b ≥ 1e12: ` +
        `${Math.max(...rows.filter((r) => r.b !== "1e9").map((r) => r.lossRelative as number)).toExponential(2)}; ` +
        `repeated round trips: follow-up rel err > 1e-15 after ${firstAbove(49)} trips to 49, ` +
        `${firstAbove(49.99)} to 49.99 (10 trips to 49: L excess ${(repeated[9]?.logSumExcess as number | undefined)?.toExponential(2)}); ` +
        `${capChecks.length} cap rejections checked`,
    );
  });

  it("round trips to q/b = 40, 45, 49 and back lose at most 1e-12 of the amount paid", () => {
    for (const [bName, b] of liquidities) {
      for (const [top, topCenti] of tops) {
        const m = new SimMarket(2, b);
        const cache = new ExpCache(b);
        const { paid, proceeds, loss } = roundTrip(m, (b * topCenti) / 100n);
        const lossRelative = dec(loss).div(dec(paid));
        const excess = fromX128(m.logSum).minus(cache.logSum(m.supplies));
        // Never favours the trader; market-favouring and solvent.
        expect(proceeds).toBeLessThanOrEqual(paid);
        expectSolvent(m);
        expect(excess.gte(0)).toBe(true);
        // The X128 log-sum resolves the other outcome's weight to 1e-15 up to the cap.
        expect(excess.lte(REL_ERR_BOUND), `${bName} ${top}`).toBe(true);
        if (b >= 10n ** 12n)
          expect(lossRelative.lte(ROUND_TRIP_LOSS_BOUND), `${bName} ${top}`).toBe(true);
        // b = 1e9: the buy's ceiling and the sell's floor, one base unit each, dominate.
        else expect(loss, `${bName} ${top}`).toBeLessThanOrEqual(2n);
        const priceSum = priceWad(m.logSum, 0n, b) * 2n;
        const follow = followUp(m, cache);
        // Over the whole sequence traders never pay less than b·(exact L_end − stored L_start).
        const totalPaid = dec(loss + follow.cost);
        const exactTotal = dec(b).mul(cache.logSum(m.supplies).minus(fromX128(createLogSum(2n))));
        expect(totalPaid.gte(exactTotal)).toBe(true);
        rows.push({
          b: bName,
          qOverB: top,
          paid: `${paid}`,
          roundTripLoss: `${loss}`,
          lossRelative: lossRelative.toNumber(),
          logSumExcess: excess.toSignificantDigits(4).toNumber(),
          priceSumWad: `${priceSum}`,
          followUpBuyExactMinusCharged: follow.exactMinusCharged.toSignificantDigits(6).toString(),
          followUpRelativeError: follow.exactMinusCharged
            .div(follow.exact)
            .toSignificantDigits(4)
            .toNumber(),
        });
      }
    }
  });

  it("repeated round trips to q/b = 49 and 49.99 accumulate the excess linearly (reported)", () => {
    const b = 10n ** 24n;
    for (const [top, topCenti] of [tops[2], tops[3]] as [number, bigint][]) {
      const m = new SimMarket(2, b);
      const cache = new ExpCache(b);
      let totalLoss = 0n;
      for (let trips = 1; trips <= 20; trips++) {
        const { paid, loss } = roundTrip(m, (b * topCenti) / 100n);
        totalLoss += loss;
        expect(dec(loss).div(dec(paid)).lte(ROUND_TRIP_LOSS_BOUND)).toBe(true);
        expectSolvent(m);
        const excess = fromX128(m.logSum).minus(cache.logSum(m.supplies));
        expect(excess.gte(0)).toBe(true);
        // No blow-up: at most ~1.5e-16 per round trip to 49, ~4.1e-16 to 49.99.
        expect(excess.lte((top === 49 ? 2e-16 : 5e-16) * trips)).toBe(true);
        const after = m.clone();
        const follow = followUp(after, cache);
        // The follow-up may be charged less than exact, never by more than b·excess.
        expect(follow.exactMinusCharged.lte(dec(b).mul(excess))).toBe(true);
        const exactTotal = dec(b).mul(
          cache.logSum(after.supplies).minus(fromX128(createLogSum(2n))),
        );
        expect(dec(totalLoss + follow.cost).gte(exactTotal)).toBe(true);
        repeated.push({
          qOverB: top,
          trips,
          lastRoundTripLoss: `${loss}`,
          logSumExcess: excess.toSignificantDigits(4).toNumber(),
          followUpRelativeError: follow.exactMinusCharged
            .div(follow.exact)
            .toSignificantDigits(4)
            .toNumber(),
        });
      }
    }
  });

  it("rejects buys that would take the log-sum above 50", () => {
    const expectCapped = (label: string, trade: () => unknown) => {
      let thrown: unknown;
      try {
        trade();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, label).toBeInstanceOf(LogSumOutOfRangeError);
      const e = thrown as LogSumOutOfRangeError;
      expect(e.maxLogSum).toBe(MAX_LOG_SUM);
      expect(e.logSum).toBeGreaterThan(MAX_LOG_SUM);
      expect(e.contractError).toBe("LogSumOutOfRange");
      capChecks.push(label);
    };
    for (const [bName, b] of liquidities) {
      for (const n of [2, 5, 256]) {
        const m = new SimMarket(n, b);
        // q/b = 50 on a fresh market: L = 50 + ln(1 + (n − 1)·e^-50) > 50.
        expectCapped(`${bName} n=${n} buy 50·b`, () => m.buy(0, 50n * b));
        expectCapped(`${bName} n=${n} buy 60·b`, () => m.buy(0, 60n * b));
        // Just under: accepted, and the market is left where a rejected trade found it.
        expect(m.logSum).toBe(createMarketFunding(BigInt(n), b).logSum);
        m.buy(0, (b * 4_999n) / 100n);
        const L = m.logSum;
        expect(L).toBeLessThanOrEqual(MAX_LOG_SUM);
        expect(fromX128(MAX_LOG_SUM - L).lt(0.011)).toBe(true);
        // One more tenth of b on the leader, or another outcome up to 49.99 (L + ln 2).
        expectCapped(`${bName} n=${n} leader +0.1·b`, () => m.buy(0, b / 10n));
        expectCapped(`${bName} n=${n} other to 49.99·b`, () => m.buy(1, (b * 4_999n) / 100n));
        // A budget of b buys about one more unit of q/b on the leader.
        expectCapped(`${bName} n=${n} collateral b`, () => m.buyWithCollateral(0, b));
        expect(m.logSum).toBe(L);
        // The headroom left (≈ 0.01·b) still buys.
        expect(() => quoteBuy(m.market, m.supply(0), b / 1_000n)).not.toThrow();
      }
    }
  });
});
