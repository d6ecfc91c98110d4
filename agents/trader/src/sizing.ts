/**
 * Sizing: from a belief and a market's exact state to one trade decision, within the holder's
 * limits. Pure and deterministic; never throws (bad input gives a skip decision with its reason).
 *
 * For outcome i with price pᵢ (the contract's `price`, exact) and belief πᵢ:
 *
 * 1. **Target** — the trade that moves pᵢ to πᵢ (never past it). LMSR closed form: the supply at
 *    which the price is π is q'ᵢ/b = L + ln(π(1 − p)/(1 − π)), so Δ = q'ᵢ − qᵢ; for a binary
 *    market, Δ = b · (logit π − logit p). `tradeToProbability` of @mandate/lmsr evaluates it
 *    with the contract's own arithmetic and adjusts by whole shares.
 * 2. **Fractional Kelly** — shares pay 1 if their outcome happens. Buying Δ shares of i costs
 *    C(Δ) (the exact fee-inclusive `quoteBuy`), leaving wealth Wₖ(Δ) = B − C(Δ) + hₖ + Δ·[k = i]
 *    if outcome k happens (B the vault cash, hₖ the shares held). Kelly (λ = 1) maximises
 *    Σₖ πₖ ln Wₖ(Δ); fractional Kelly λ maximises Σₖ πₖ u(Wₖ) with the CRRA utility
 *    u(W) = W^(1−γ)/(1−γ), γ = 1/λ (the usual reading of fractional Kelly as risk aversion).
 *    C is convex, so the objective is concave in Δ and the optimum is where the marginal share
 *    stops paying:
 *
 *        πᵢ Wᵢ^−γ = C'(Δ) · Σₖ πₖ Wₖ^−γ,     C'(Δ) = pᵢ(Δ) · (1 + fee),
 *
 *    pᵢ(Δ) being the price after the trade; found by bisection on Δ with exact quotes. At a
 *    fixed price c (b → ∞), with no holdings and no fee, it spends the fraction
 *
 *        f = c·K / (1 + c·K),   K = R^λ − 1,   R = π(1 − c) / ((1 − π) c)
 *
 *    of B: for λ = 1 the textbook f = (π − c)/(1 − c), and ≈ λ times it for small edges. It
 *    depends only on the final position (holdings included), so deciding again after a fill
 *    adds nothing, and Kelly never pushes the price past the belief when nothing else is held.
 *    Sells mirror it: selling s held shares of i pays P(s) (exact `quoteSell`); the trader sells
 *    while the marginal proceeds pᵢ(s)(1 − fee) · Σₖ πₖ Wₖ^−γ exceed πᵢ Wᵢ^−γ, i.e. down to the
 *    position its belief implies.
 * 3. **Caps** (buys): the cost, fee included, must fit `maxPerTrade`, what is left of `maxPerDay`
 *    in the vault's daily window, what is left of `maxExposurePerMarket` (net spending), of the
 *    off-chain `maxTotalExposure`, and the cash (bankroll). Each becomes the largest number of
 *    shares whose exact quote fits.
 *
 * The decision takes the smallest candidate and names it in `boundBy`. It buys only when the
 * edge πᵢ − pᵢ is at least `minEdge`, and sells (an outcome it holds) only when the edge has
 * reversed, πᵢ − pᵢ ≤ −minEdge; sells spend nothing, so no cap bounds them (an agent sell lowers
 * the market's exposure on-chain). `maxCost` = cost + slippage, never above the tightest cap;
 * `minProceeds` = proceeds − slippage.
 */
import {
  BPS,
  LmsrError,
  largestFitting,
  MAX_FEE_BPS,
  type Market,
  numberToWad,
  priceFloat,
  pricesWad,
  priceWad,
  quoteBuy,
  quoteBuyWithCollateral,
  quoteSell,
  tradeToProbability,
  WAD,
  wadToNumber,
} from "@mandate/lmsr";
import { applyConstraints, type BeliefConstraint } from "./beliefs/delegate.js";
import type { PoolComponent, PooledBelief, SourceFailure } from "./beliefs/pool.js";
import {
  type LimitUsage,
  marketAllowed,
  policyProblem,
  remainingExposure,
  remainingToday,
  remainingTotal,
  type TradingPolicy,
  usageProblem,
} from "./limits.js";
import { minBigint } from "./prob.js";
import type { MarketView } from "./types.js";

/** A rule that bounded a trade's size. */
export type BoundRule =
  | "target"
  | "kelly"
  | "maxPerTrade"
  | "maxPerDay"
  | "maxExposure"
  | "maxTotalExposure"
  | "bankroll"
  | "position";

/** Why no trade. */
export type SkipReason =
  | "invalidInput"
  | "marketNotOpen"
  | "marketClosed"
  | "policyExpired"
  | "marketNotAllowed"
  | "collateralNotAllowed"
  | "noBelief"
  | "invalidBelief"
  | "noTrade"
  | "edgeBelowThreshold"
  | "emptyBankroll"
  | "limitReached"
  | "kellyZero"
  | "belowMinimum"
  | "priceMoved"
  | "quoteFailed"
  // Raised at execution time (the chain runtime), never by `decideTrade`:
  /** The key is not (or no longer) the agent of the holder's vault policy. */
  | "notAgent"
  /** The trade's deadline passed before it was mined. */
  | "deadlinePassed"
  /** Another trade on this market is still in flight (sent, not yet settled). */
  | "tradePending"
  /** The chain (RPC) did not answer. */
  | "rpcUnavailable"
  /** The vault or the market refused the trade for another reason (named in the record). */
  | "rejected";

export interface SizingConfig {
  /** λ in (0, 1]: the Kelly fraction; null for no Kelly bound (target and caps only). */
  kellyFraction: number | null;
  /** Smallest |π − p| worth trading. */
  minEdge: number;
  /** Slippage allowed on `maxCost` / `minProceeds`, basis points (≤ 10,000). */
  slippageBps: bigint;
  /** Smallest buy cost worth sending, base units. */
  minCost: bigint;
  /**
   * A source that gave exactly 0 or 1 (clamped to [1e-4, 1 − 1e-4] by `makeBelief`): "clamp"
   * trades on the clamped value; "skip" skips the market (`invalidBelief`). The chain runtime
   * uses "skip": certainty is bad input, not a belief to stake money on.
   */
  extremeBeliefs: "clamp" | "skip";
}

export const DEFAULT_SIZING: SizingConfig = {
  kellyFraction: 0.25,
  minEdge: 0.02,
  slippageBps: 50n,
  minCost: 1n,
  extremeBeliefs: "clamp",
};

/** The agent's cash in the vault and its shares of each outcome of this market. */
export interface Holdings {
  cash: bigint;
  shares: readonly bigint[];
}

export interface DecideInput {
  market: MarketView;
  /** The pooled belief in `market.yesOutcome` (null if no source answered). */
  belief: PooledBelief | null;
  /**
   * Categorical markets: π for every outcome (summing to 1). When set it is used instead of
   * [1 − p, p]; constraints still bound the yesOutcome component.
   */
  beliefVector?: readonly number[] | undefined;
  holdings: Holdings;
  policy: TradingPolicy;
  usage: LimitUsage;
  /** Unix seconds. */
  now: bigint;
  config?: Partial<SizingConfig> | undefined;
  constraints?: readonly BeliefConstraint[] | undefined;
}

/** One candidate size: the most shares a rule allows. */
export interface SizeCandidate {
  rule: BoundRule;
  shares: bigint;
  /** The spending limit behind a cap, base units. */
  limit?: bigint | undefined;
}

/** The record of one decision: everything needed to audit it. bigints in base units / WAD. */
export interface TradeDecision {
  action: "buy" | "sell" | "skip";
  marketId: bigint | null;
  /** The outcome traded (or considered), null if none got that far. */
  outcome: number | null;
  outcomeLabel: string | null;
  /** Unix seconds. */
  at: bigint;
  belief: {
    /** P(yesOutcome) after constraints (what was sized on). */
    p: number | null;
    /** P(yesOutcome) as pooled, before constraints. */
    pooledP: number | null;
    method: string | null;
    /** Each source, its weight and its belief. */
    components: PoolComponent[];
    failures: SourceFailure[];
    /** What constraints changed. */
    adjustments: string[];
    /** π used for the traded outcome. */
    outcomeP: number | null;
    /** The Kelly fraction λ sized with (null: no Kelly bound). */
    kellyFraction: number | null;
  };
  /** The outcome's price when decided, exact (WAD) and as a number. */
  priceWad: bigint | null;
  price: number | null;
  /** π − p for the outcome. */
  edge: number | null;
  shares: bigint;
  /** Buy: exact cost, fee included (`quoteBuy`). */
  cost: bigint;
  /** Buy: fee part of cost; sell: fee kept by the market. */
  fee: bigint;
  /** Buy: the most the trade may cost (slippage), never above the tightest cap. */
  maxCost: bigint;
  /** Sell: exact proceeds after fee (`quoteSell`). */
  proceeds: bigint;
  /** Sell: the least the trade must pay (slippage). */
  minProceeds: bigint;
  slippageBps: bigint;
  /** The outcome's price after the trade, exact. */
  priceAfterWad: bigint | null;
  /** The rule that bounded the size, or why nothing was traded. */
  boundBy: BoundRule | SkipReason;
  /** Every candidate size. */
  candidates: SizeCandidate[];
  skipReason: SkipReason | null;
  /** Plain-words account of the decision. */
  reason: string;
}

/**
 * Decides one trade for one market. Never throws and never returns a buy whose cost, or whose
 * `maxCost`, exceeds a limit.
 */
export function decideTrade(input: DecideInput): TradeDecision {
  const record = emptyRecord(input);
  try {
    return decide(input, record);
  } catch (e) {
    return skip(record, "invalidInput", `could not decide: ${message(e)}`);
  }
}

function emptyRecord(input: DecideInput): TradeDecision {
  const belief = input?.belief ?? null;
  return {
    action: "skip",
    marketId: typeof input?.market?.marketId === "bigint" ? input.market.marketId : null,
    outcome: null,
    outcomeLabel: null,
    at: typeof input?.now === "bigint" ? input.now : 0n,
    belief: {
      p: null,
      pooledP: belief && typeof belief.p === "number" ? belief.p : null,
      method: belief?.method ?? null,
      components: Array.isArray(belief?.components) ? [...belief.components] : [],
      failures: Array.isArray(belief?.failures) ? [...belief.failures] : [],
      adjustments: [],
      outcomeP: null,
      kellyFraction: null,
    },
    priceWad: null,
    price: null,
    edge: null,
    shares: 0n,
    cost: 0n,
    fee: 0n,
    maxCost: 0n,
    proceeds: 0n,
    minProceeds: 0n,
    slippageBps: 0n,
    priceAfterWad: null,
    boundBy: "invalidInput",
    candidates: [],
    skipReason: "invalidInput",
    reason: "",
  };
}

function skip(record: TradeDecision, reason: SkipReason, detail: string): TradeDecision {
  return {
    ...record,
    action: "skip",
    shares: 0n,
    cost: 0n,
    fee: 0n,
    maxCost: 0n,
    proceeds: 0n,
    minProceeds: 0n,
    priceAfterWad: null,
    boundBy: reason,
    skipReason: reason,
    reason: `skip (${reason}): ${detail}`,
  };
}

function message(e: unknown): string {
  return e instanceof LmsrError ? e.shortMessage : e instanceof Error ? e.message : String(e);
}

function resolveConfig(config: Partial<SizingConfig> | undefined): SizingConfig | string {
  const c = { ...DEFAULT_SIZING, ...(config ?? {}) };
  if (c.kellyFraction !== null && !(c.kellyFraction > 0 && c.kellyFraction <= 1)) {
    return `kellyFraction must be in (0, 1] or null, got ${c.kellyFraction}`;
  }
  if (!(Number.isFinite(c.minEdge) && c.minEdge >= 0 && c.minEdge < 1)) {
    return `minEdge must be in [0, 1), got ${c.minEdge}`;
  }
  if (typeof c.slippageBps !== "bigint" || c.slippageBps < 0n || c.slippageBps > BPS) {
    return `slippageBps must be a bigint in [0, 10000], got ${String(c.slippageBps)}`;
  }
  if (typeof c.minCost !== "bigint" || c.minCost < 0n) {
    return `minCost must be a bigint ≥ 0, got ${String(c.minCost)}`;
  }
  if (c.extremeBeliefs !== "clamp" && c.extremeBeliefs !== "skip") {
    return `extremeBeliefs must be "clamp" or "skip", got ${String(c.extremeBeliefs)}`;
  }
  return c;
}

function decide(input: DecideInput, base: TradeDecision): TradeDecision {
  let record = base;
  const { market, holdings, policy, usage, now } = input;
  if (!market || typeof market !== "object") return skip(record, "invalidInput", "no market");
  if (typeof now !== "bigint") return skip(record, "invalidInput", "now must be a bigint");
  const cfg = resolveConfig(input.config);
  if (typeof cfg === "string") return skip(record, "invalidInput", cfg);
  record = { ...record, slippageBps: cfg.slippageBps };

  // --- The market -------------------------------------------------------------------------
  const n = market.supplies?.length ?? 0;
  if (n < 2 || n > 256 || market.outcomes?.length !== n) {
    return skip(
      record,
      "invalidInput",
      `market has ${n} supplies and ${market.outcomes?.length} outcome labels`,
    );
  }
  if (!Number.isInteger(market.yesOutcome) || market.yesOutcome < 0 || market.yesOutcome >= n) {
    return skip(record, "invalidInput", `yesOutcome ${market.yesOutcome} is not an outcome`);
  }
  if (market.status === "closed") {
    return skip(
      record,
      "marketClosed",
      `the market is closed (trading stopped at ${market.closeTime})`,
    );
  }
  if (market.status !== "open") {
    return skip(record, "marketNotOpen", `the market is ${market.status}`);
  }
  if (typeof market.closeTime !== "bigint" || now >= market.closeTime) {
    return skip(record, "marketClosed", `trading stopped at ${market.closeTime} (now ${now})`);
  }
  let prices: bigint[];
  try {
    prices = pricesWad(market.state.logSum, market.supplies, market.state.liquidity);
    const fee = market.state.feeBps;
    if (typeof fee !== "bigint" || fee < 0n || fee > MAX_FEE_BPS) {
      return skip(record, "invalidInput", `market fee ${String(fee)} bps is out of range`);
    }
  } catch (e) {
    return skip(record, "invalidInput", `market state: ${message(e)}`);
  }

  // --- The policy -------------------------------------------------------------------------
  const policyError = policyProblem(policy) ?? usageProblem(usage);
  if (policyError) return skip(record, "invalidInput", policyError);
  if (now >= policy.expiry) {
    return skip(record, "policyExpired", `the agent's policy expired at ${policy.expiry}`);
  }
  if (!marketAllowed(policy, market.marketId)) {
    return skip(record, "marketNotAllowed", `market ${market.marketId} is not on the allowed list`);
  }
  if (
    policy.collateral &&
    market.collateral &&
    policy.collateral.toLowerCase() !== market.collateral.toLowerCase()
  ) {
    return skip(
      record,
      "collateralNotAllowed",
      `the market trades ${market.collateral}, the policy allows ${policy.collateral}`,
    );
  }
  if (
    !holdings ||
    typeof holdings.cash !== "bigint" ||
    holdings.cash < 0n ||
    holdings.shares?.length !== n ||
    holdings.shares.some(
      (h, i) => typeof h !== "bigint" || h < 0n || h > (market.supplies[i] ?? 0n),
    )
  ) {
    return skip(
      record,
      "invalidInput",
      "holdings must give cash ≥ 0 and 0 ≤ shares ≤ supply per outcome",
    );
  }

  // --- The belief -------------------------------------------------------------------------
  const belief = input.belief;
  if (!belief) {
    const failed = record.belief.failures.map((f) => `${f.source}: ${f.error}`).join("; ");
    return skip(record, "noBelief", `no source gave a belief${failed ? ` (${failed})` : ""}`);
  }
  if (cfg.extremeBeliefs === "skip") {
    const certain = record.belief.components.find(
      (c) => c.clampedFrom === 0 || c.clampedFrom === 1,
    );
    if (certain) {
      return skip(
        record,
        "invalidBelief",
        `${certain.source} gave a belief of exactly ${certain.clampedFrom}: certainty is not traded (it would stake everything); set a probability strictly between 0 and 1`,
      );
    }
  }
  const pYes = belief.p;
  if (typeof pYes !== "number" || !Number.isFinite(pYes) || pYes <= 0 || pYes >= 1) {
    return skip(
      record,
      "invalidBelief",
      `belief ${pYes} is not strictly between 0 and 1 (beliefs are clamped to [1e-4, 1 − 1e-4] by their sources)`,
    );
  }
  const priceNum = prices.map(wadToNumber);
  const yes = market.yesOutcome;
  const constrained = applyConstraints(pYes, priceNum[yes] ?? 0, input.constraints ?? []);
  record = {
    ...record,
    belief: { ...record.belief, p: constrained.p, adjustments: constrained.adjustments },
  };
  if (constrained.noTrade) {
    return skip(record, "noTrade", constrained.adjustments.join("; "));
  }
  let pi: number[];
  if (input.beliefVector) {
    const v = input.beliefVector;
    const sum = v.reduce((a, x) => a + x, 0);
    if (
      v.length !== n ||
      v.some((x) => !Number.isFinite(x) || x <= 0 || x >= 1) ||
      Math.abs(sum - 1) > 1e-6
    ) {
      return skip(
        record,
        "invalidBelief",
        "beliefVector must give every outcome a π in (0, 1), summing to 1",
      );
    }
    pi = [...v];
    const vy = v[yes] ?? 0;
    if (constrained.p !== pYes && vy < 1) {
      // Move the yes component to the constrained value, scaling the others to keep Σ = 1.
      const scale = (1 - constrained.p) / (1 - vy);
      pi = v.map((x, k) => (k === yes ? constrained.p : x * scale));
    }
  } else if (n === 2) {
    pi = [0, 0];
    pi[yes] = constrained.p;
    pi[1 - yes] = 1 - constrained.p;
  } else {
    return skip(record, "invalidBelief", "a categorical market needs a beliefVector");
  }

  const edges = pi.map((x, k) => x - (priceNum[k] ?? 0));

  const ctx: SizeContext = { market, prices, priceNum, pi, edges, cfg, input };

  // --- Sell an outcome whose edge reversed -------------------------------------------------
  let sellOutcome = -1;
  for (let k = 0; k < n; k++) {
    const e = edges[k] ?? 0;
    if ((holdings.shares[k] ?? 0n) > 0n && e <= -cfg.minEdge) {
      if (sellOutcome < 0 || e < (edges[sellOutcome] ?? 0)) sellOutcome = k;
    }
  }
  if (sellOutcome >= 0) return sizeSell(ctx, outcomeRecord(record, ctx, sellOutcome), sellOutcome);

  // --- Or buy the outcome with the largest edge --------------------------------------------
  let best = 0;
  for (let k = 1; k < n; k++) if ((edges[k] ?? 0) > (edges[best] ?? 0)) best = k;
  const withOutcome = outcomeRecord(record, ctx, best);
  const edge = edges[best] ?? 0;
  if (edge < cfg.minEdge) {
    return skip(
      withOutcome,
      "edgeBelowThreshold",
      `best edge ${fmt(edge)} on ${withOutcome.outcomeLabel} (belief ${fmt(pi[best] ?? 0)} vs price ${fmt(priceNum[best] ?? 0)}) is below ${cfg.minEdge}`,
    );
  }
  return sizeBuy(ctx, withOutcome, best);
}

interface SizeContext {
  market: MarketView;
  prices: bigint[];
  priceNum: number[];
  pi: number[];
  edges: number[];
  cfg: SizingConfig;
  input: DecideInput;
}

function outcomeRecord(record: TradeDecision, ctx: SizeContext, i: number): TradeDecision {
  return {
    ...record,
    outcome: i,
    outcomeLabel: ctx.market.outcomes[i] ?? `outcome ${i}`,
    priceWad: ctx.prices[i] ?? null,
    price: ctx.priceNum[i] ?? null,
    edge: ctx.edges[i] ?? null,
    belief: {
      ...record.belief,
      outcomeP: ctx.pi[i] ?? null,
      kellyFraction: ctx.cfg.kellyFraction,
    },
  };
}

/** On a tie, the first rule in this order is named. */
const ORDER: readonly BoundRule[] = [
  "position",
  "target",
  "kelly",
  "maxPerTrade",
  "maxPerDay",
  "maxExposure",
  "maxTotalExposure",
  "bankroll",
];

function smallest(candidates: SizeCandidate[]): SizeCandidate {
  let best: SizeCandidate | undefined;
  for (const rule of ORDER) {
    for (const c of candidates) {
      if (c.rule === rule && (best === undefined || c.shares < best.shares)) best = c;
    }
  }
  if (!best) throw new Error("no size candidate");
  return best;
}

function sizeBuy(ctx: SizeContext, record: TradeDecision, i: number): TradeDecision {
  const { market, cfg, input } = ctx;
  const { policy, usage, holdings, now } = input;
  const m = market.state;
  const q = market.supplies[i] ?? 0n;
  if (holdings.cash <= 0n)
    return skip(record, "emptyBankroll", "the vault holds no cash for the agent");

  const limits: { rule: BoundRule; limit: bigint }[] = [
    { rule: "maxPerTrade", limit: policy.maxPerTrade },
    { rule: "maxPerDay", limit: remainingToday(policy, usage, now) },
    { rule: "maxExposure", limit: remainingExposure(policy, usage) },
  ];
  const total = remainingTotal(policy, usage);
  if (total !== undefined) limits.push({ rule: "maxTotalExposure", limit: total });
  limits.push({ rule: "bankroll", limit: holdings.cash });
  for (const { rule, limit } of limits) {
    if (limit === 0n) {
      return skip(record, "limitReached", `${rule} is used up: nothing left to spend`);
    }
  }

  const candidates: SizeCandidate[] = [];
  const pi = ctx.pi[i] ?? 0;
  const target = tradeToProbability(m, market.supplies, BigInt(i), toWad(pi));
  candidates.push({ rule: "target", shares: target.side === "buy" ? target.shares : 0n });
  const spendShares = new Map<BoundRule, bigint>();
  for (const { rule, limit } of limits) {
    const shares = maxSharesForCost(m, q, limit);
    spendShares.set(rule, shares);
    candidates.push({ rule, shares, limit });
  }
  if (cfg.kellyFraction !== null) {
    const hi = spendShares.get("bankroll") ?? 0n;
    candidates.push({
      rule: "kelly",
      shares: kellyBuyShares(m, q, i, ctx.pi, holdings, hi, cfg.kellyFraction),
    });
  }
  const bound = smallest(candidates);
  const sized = { ...record, candidates };
  if (bound.shares === 0n) {
    if (bound.rule === "kelly") {
      return skip(
        sized,
        "kellyZero",
        `the ${cfg.kellyFraction}-Kelly position is already held, or fees and price impact eat the edge`,
      );
    }
    if (bound.rule === "target") {
      return skip(sized, "edgeBelowThreshold", "the price is already at the belief");
    }
    return skip(
      sized,
      "limitReached",
      `what is left of ${bound.rule} (${bound.limit}) buys no share`,
    );
  }

  const quote = quoteBuy(m, q, bound.shares);
  const tightest = limits.map((l) => l.limit).reduce(minBigint);
  if (quote.cost > tightest) {
    // Cannot happen (each cap's shares were sized on the same quote); refuse rather than exceed.
    return skip(
      sized,
      "invalidInput",
      `internal: cost ${quote.cost} above the tightest limit ${tightest}`,
    );
  }
  if (quote.cost < cfg.minCost) {
    if (bound.limit !== undefined) {
      // A cap that leaves less than the smallest trade worth sending is a limit reached.
      return skip(
        sized,
        "limitReached",
        `what is left of ${bound.rule} (${bound.limit}) buys less than the minimum trade ${cfg.minCost}`,
      );
    }
    return skip(sized, "belowMinimum", `cost ${quote.cost} is below the minimum ${cfg.minCost}`);
  }
  const slip = (quote.cost * cfg.slippageBps + BPS - 1n) / BPS;
  const maxCost = minBigint(quote.cost + slip, tightest);
  const priceAfterWad = priceWad(quote.newLogSum, q + bound.shares, m.liquidity);
  const avg = Number(quote.cost) / Number(bound.shares);
  return {
    ...sized,
    action: "buy",
    shares: bound.shares,
    cost: quote.cost,
    fee: quote.fee,
    maxCost,
    priceAfterWad,
    boundBy: bound.rule,
    skipReason: null,
    reason:
      `buy ${bound.shares} shares of ${record.outcomeLabel} for ${quote.cost} (avg ${fmt(avg)} per share, fee included): ` +
      `belief ${fmt(pi)} vs price ${fmt(record.price ?? 0)} (edge ${fmt(record.edge ?? 0)}); ` +
      `bounded by ${bound.rule}${bound.limit !== undefined ? ` (${bound.limit})` : ""}; ` +
      `price after ${fmt(wadToNumber(priceAfterWad))}`,
  };
}

function sizeSell(ctx: SizeContext, record: TradeDecision, i: number): TradeDecision {
  const { market, cfg, input } = ctx;
  const m = market.state;
  const q = market.supplies[i] ?? 0n;
  const held = input.holdings.shares[i] ?? 0n;
  const pi = ctx.pi[i] ?? 0;
  const candidates: SizeCandidate[] = [{ rule: "position", shares: held }];
  const target = tradeToProbability(m, market.supplies, BigInt(i), toWad(pi));
  candidates.push({ rule: "target", shares: target.side === "sell" ? target.shares : 0n });
  if (cfg.kellyFraction !== null) {
    candidates.push({
      rule: "kelly",
      shares: kellySellShares(m, q, i, ctx.pi, input.holdings, cfg.kellyFraction),
    });
  }
  const bound = smallest(candidates);
  const sized = { ...record, candidates };
  if (bound.shares === 0n) {
    return skip(
      sized,
      bound.rule === "kelly" ? "kellyZero" : "edgeBelowThreshold",
      `the ${bound.rule} bound leaves nothing to sell`,
    );
  }
  const quote = quoteSell(m, q, bound.shares);
  if (quote.proceeds === 0n) {
    return skip(sized, "belowMinimum", `selling ${bound.shares} shares pays nothing`);
  }
  const slip = (quote.proceeds * cfg.slippageBps + BPS - 1n) / BPS;
  const priceAfterWad = priceWad(quote.newLogSum, q - bound.shares, m.liquidity);
  return {
    ...sized,
    action: "sell",
    shares: bound.shares,
    proceeds: quote.proceeds,
    fee: quote.fee,
    minProceeds: quote.proceeds - slip,
    priceAfterWad,
    boundBy: bound.rule,
    skipReason: null,
    reason:
      `sell ${bound.shares} of ${held} shares of ${record.outcomeLabel} for ${quote.proceeds}: ` +
      `the edge reversed, belief ${fmt(pi)} vs price ${fmt(record.price ?? 0)} (edge ${fmt(record.edge ?? 0)}); ` +
      `bounded by ${bound.rule}; price after ${fmt(wadToNumber(priceAfterWad))}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Exact-quote searches

/** A probability as a WAD target strictly inside (0, 1e18). */
function toWad(p: number): bigint {
  const w = numberToWad(p);
  return w <= 0n ? 1n : w >= WAD ? WAD - 1n : w;
}

/** The most shares of an outcome with supply `supply` whose exact cost (fee included) ≤ `budget`. */
export function maxSharesForCost(market: Market, supply: bigint, budget: bigint): bigint {
  if (budget <= 0n) return 0n;
  let guess = 0n;
  try {
    guess = quoteBuyWithCollateral(market, supply, budget).shares;
  } catch {
    guess = 0n;
  }
  const fits = (s: bigint): boolean => {
    if (s === 0n) return true;
    try {
      return quoteBuy(market, supply, s).cost <= budget;
    } catch (e) {
      if (e instanceof LmsrError) return false;
      throw e;
    }
  };
  // No outcome can hold more than 2^128 shares; the gallop stops far earlier.
  return largestFitting(fits, guess, (1n << 128n) - 1n - supply);
}

/**
 * Σₖ πₖ · wₖ^−γ (marginal utility of one unit of wealth, up to a constant), or Infinity if a
 * possible outcome leaves no wealth.
 */
function marginalUtility(pi: readonly number[], w: readonly number[], gamma: number): number {
  let s = 0;
  for (let k = 0; k < pi.length; k++) {
    const p = pi[k] ?? 0;
    if (p <= 0) continue;
    const wk = w[k] ?? 0;
    if (wk <= 0) return Number.POSITIVE_INFINITY;
    s += p * wk ** -gamma;
  }
  return s;
}

/**
 * Kelly-optimal number of shares of outcome i to buy, at most `max`: the largest Δ after which one
 * more share still raises Σₖ πₖ u(Wₖ), u the CRRA utility with γ = 1/λ (log for λ = 1; see
 * the header). Wealth is scaled by the current wealth so that w^−γ stays in range.
 */
export function kellyBuyShares(
  market: Market,
  supply: bigint,
  i: number,
  pi: readonly number[],
  holdings: Holdings,
  max: bigint,
  kellyFraction = 1,
): bigint {
  const gamma = 1 / kellyFraction;
  const scale = wealthScale(holdings);
  const cash = Number(holdings.cash) / scale;
  const h = holdings.shares.map((x) => Number(x) / scale);
  const feeUp = 1 + Number(market.feeBps) / 10_000;
  const pii = pi[i] ?? 0;
  const good = (d: bigint): boolean => {
    let cost = 0;
    let pAfter: number;
    if (d === 0n) {
      pAfter = priceFloat(market.logSum, supply, market.liquidity);
    } else {
      try {
        const quote = quoteBuy(market, supply, d);
        cost = Number(quote.cost) / scale;
        pAfter = priceFloat(quote.newLogSum, supply + d, market.liquidity);
      } catch (e) {
        if (e instanceof LmsrError) return false;
        throw e;
      }
    }
    const dd = Number(d) / scale;
    const w = h.map((hk, k) => cash - cost + hk + (k === i ? dd : 0));
    const mu = marginalUtility(pi, w, gamma);
    const wi = w[i] ?? 0;
    if (!Number.isFinite(mu) || wi <= 0) return false;
    return pii * wi ** -gamma - pAfter * feeUp * mu > 0;
  };
  if (max <= 0n || !good(0n)) return 0n;
  // The largest Δ after which one more share still pays: one base unit short of the optimum, so
  // that deciding again at the optimum buys nothing rather than dust.
  return largestFitting(good, 0n, max);
}

/**
 * Kelly-optimal number of held shares of outcome i to sell: the largest s after which selling one
 * more share still raises Σₖ πₖ u(Wₖ). At most the shares held.
 */
export function kellySellShares(
  market: Market,
  supply: bigint,
  i: number,
  pi: readonly number[],
  holdings: Holdings,
  kellyFraction = 1,
): bigint {
  const held = holdings.shares[i] ?? 0n;
  const gamma = 1 / kellyFraction;
  const scale = wealthScale(holdings);
  const cash = Number(holdings.cash) / scale;
  const h = holdings.shares.map((x) => Number(x) / scale);
  const feeDown = 1 - Number(market.feeBps) / 10_000;
  const pii = pi[i] ?? 0;
  const good = (s: bigint): boolean => {
    let proceeds = 0;
    let pAfter: number;
    if (s === 0n) {
      pAfter = priceFloat(market.logSum, supply, market.liquidity);
    } else {
      try {
        const quote = quoteSell(market, supply, s);
        proceeds = Number(quote.proceeds) / scale;
        pAfter = priceFloat(quote.newLogSum, supply - s, market.liquidity);
      } catch (e) {
        if (e instanceof LmsrError) return false;
        throw e;
      }
    }
    const ss = Number(s) / scale;
    const w = h.map((hk, k) => cash + proceeds + hk - (k === i ? ss : 0));
    const wi = w[i] ?? 0;
    if (wi <= 0) return false;
    return pAfter * feeDown * marginalUtility(pi, w, gamma) - pii * wi ** -gamma > 0;
  };
  if (held <= 0n || !good(0n)) return 0n;
  return largestFitting(good, 0n, held);
}

/** Cash plus the largest holding: the wealth in the best case, to scale wealth to about 1. */
function wealthScale(holdings: Holdings): number {
  let maxHeld = 0n;
  for (const x of holdings.shares) if (x > maxHeld) maxHeld = x;
  const s = Number(holdings.cash + maxHeld);
  return s > 0 ? s : 1;
}

// ---------------------------------------------------------------------------------------------
// Before sending

/**
 * Re-checks a decision against the market as it is now, just before sending it. Returns the
 * decision with its quote refreshed, or a `priceMoved` skip when the price has moved past the
 * belief or the exact quote no longer fits `maxCost` / `minProceeds`, or a skip when the market
 * is no longer open. Never throws.
 */
export function recheckDecision(
  decision: TradeDecision,
  market: MarketView,
  now: bigint,
): TradeDecision {
  if (decision.action === "skip" || decision.outcome === null) return decision;
  try {
    if (market.status === "closed")
      return skip(decision, "marketClosed", `the market closed at ${market.closeTime}`);
    if (market.status !== "open")
      return skip(decision, "marketNotOpen", `the market is ${market.status}`);
    if (now >= market.closeTime)
      return skip(decision, "marketClosed", `trading stopped at ${market.closeTime}`);
    const i = decision.outcome;
    const q = market.supplies[i];
    if (q === undefined) return skip(decision, "invalidInput", `outcome ${i} is not in the market`);
    const price = priceWad(market.state.logSum, q, market.state.liquidity);
    const belief = decision.belief.outcomeP ?? 0;
    const beliefWad = toWad(belief);
    if (decision.action === "buy") {
      if (price >= beliefWad) {
        return skip(
          decision,
          "priceMoved",
          `the price moved to ${fmt(wadToNumber(price))}, at or past the belief ${fmt(belief)}`,
        );
      }
      const quote = quoteBuy(market.state, q, decision.shares);
      if (quote.cost > decision.maxCost) {
        return skip(
          decision,
          "priceMoved",
          `the cost rose to ${quote.cost}, above maxCost ${decision.maxCost}`,
        );
      }
      return {
        ...decision,
        cost: quote.cost,
        fee: quote.fee,
        priceWad: price,
        price: wadToNumber(price),
        priceAfterWad: priceWad(quote.newLogSum, q + decision.shares, market.state.liquidity),
      };
    }
    if (price <= beliefWad) {
      return skip(
        decision,
        "priceMoved",
        `the price moved to ${fmt(wadToNumber(price))}, at or past the belief ${fmt(belief)}`,
      );
    }
    if (decision.shares > q)
      return skip(decision, "priceMoved", "the supply fell below the shares to sell");
    const quote = quoteSell(market.state, q, decision.shares);
    if (quote.proceeds < decision.minProceeds) {
      return skip(
        decision,
        "priceMoved",
        `the proceeds fell to ${quote.proceeds}, below minProceeds ${decision.minProceeds}`,
      );
    }
    return {
      ...decision,
      proceeds: quote.proceeds,
      fee: quote.fee,
      priceWad: price,
      price: wadToNumber(price),
      priceAfterWad: priceWad(quote.newLogSum, q - decision.shares, market.state.liquidity),
    };
  } catch (e) {
    return skip(decision, "quoteFailed", message(e));
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
