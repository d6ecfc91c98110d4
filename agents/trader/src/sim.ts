/**
 * An in-memory market and vault with the chain's exact arithmetic (@mandate/lmsr) and the vault's
 * limit checks (`ITradingVault`), for the backtest and tests. The vault reverts, like the
 * contract, on any agent buy above a limit: a trader decision that trips one is a bug.
 */
import {
  createMarketFunding,
  type Market,
  pricesWad,
  quoteBuy,
  quoteSell,
  wadToNumber,
} from "@mandate/lmsr";
import { DAY, type LimitUsage, marketAllowed, type TradingPolicy } from "./limits.js";
import type { Holdings, TradeDecision } from "./sizing.js";
import type { Address, MarketStatus, MarketView } from "./types.js";

/** A revert of the simulated vault or market, named after the contract's custom error. */
export class SimRevertError extends Error {
  override readonly name = "SimRevertError";
  readonly error: string;
  constructor(error: string, detail: string) {
    super(`${error}: ${detail}`);
    this.error = error;
  }
}

export interface SimMarketOptions {
  marketId: bigint;
  liquidity: bigint;
  feeBps: bigint;
  outcomes?: readonly string[] | undefined;
  yesOutcome?: number | undefined;
  closeTime: bigint;
  question?: string | undefined;
  resolutionCriteria?: string | undefined;
  background?: string | undefined;
  collateral?: Address | undefined;
}

/** A market in the singleton, created as `createMarket` would (L = ln n, funded with b·ln n). */
export class SimMarket {
  readonly marketId: bigint;
  readonly outcomes: readonly string[];
  readonly yesOutcome: number;
  readonly closeTime: bigint;
  readonly text: {
    question: string;
    resolutionCriteria?: string | undefined;
    background?: string | undefined;
  };
  readonly collateral: Address | undefined;
  state: Market;
  supplies: bigint[];
  status: MarketStatus = "open";
  resolvedOutcome: number | null = null;

  constructor(options: SimMarketOptions) {
    const outcomes = options.outcomes ?? ["No", "Yes"];
    const { funding, logSum } = createMarketFunding(BigInt(outcomes.length), options.liquidity);
    this.marketId = options.marketId;
    this.outcomes = outcomes;
    this.yesOutcome = options.yesOutcome ?? (outcomes.length === 2 ? 1 : 0);
    this.closeTime = options.closeTime;
    this.text = {
      question: options.question ?? `market ${options.marketId}`,
      resolutionCriteria: options.resolutionCriteria,
      background: options.background,
    };
    this.collateral = options.collateral;
    this.state = { liquidity: options.liquidity, logSum, feeBps: options.feeBps, pool: funding };
    this.supplies = outcomes.map(() => 0n);
  }

  /** What the trader reads. */
  view(): MarketView {
    return {
      marketId: this.marketId,
      question: this.text.question,
      resolutionCriteria: this.text.resolutionCriteria,
      background: this.text.background,
      outcomes: this.outcomes,
      yesOutcome: this.yesOutcome,
      state: { ...this.state },
      supplies: [...this.supplies],
      status: this.status,
      closeTime: this.closeTime,
      collateral: this.collateral,
    };
  }

  pricesWad(): bigint[] {
    return pricesWad(this.state.logSum, this.supplies, this.state.liquidity);
  }

  price(outcome: number): number {
    return wadToNumber(this.pricesWad()[outcome] ?? 0n);
  }

  private open(now: bigint) {
    if (this.status !== "open" || now >= this.closeTime) {
      throw new SimRevertError("MarketNotOpen", `market ${this.marketId} is ${this.status}`);
    }
  }

  /** `buy`: exactly `shares`, paying at most `maxCost` (fee included). */
  buy(
    outcome: number,
    shares: bigint,
    maxCost: bigint,
    now: bigint,
  ): { cost: bigint; fee: bigint } {
    this.open(now);
    const q = this.supplies[outcome];
    if (q === undefined) throw new SimRevertError("OutcomeOutOfRange", `${outcome}`);
    const quote = quoteBuy(this.state, q, shares);
    if (quote.cost > maxCost) {
      throw new SimRevertError("CostAboveMax", `cost ${quote.cost} > maxCost ${maxCost}`);
    }
    this.supplies[outcome] = q + shares;
    this.state = {
      ...this.state,
      logSum: quote.newLogSum,
      pool: (this.state.pool ?? 0n) + quote.cost,
    };
    return { cost: quote.cost, fee: quote.fee };
  }

  /** `sell`: exactly `shares`, receiving at least `minProceeds`. */
  sell(outcome: number, shares: bigint, minProceeds: bigint, now: bigint): { proceeds: bigint } {
    this.open(now);
    const q = this.supplies[outcome];
    if (q === undefined) throw new SimRevertError("OutcomeOutOfRange", `${outcome}`);
    const quote = quoteSell(this.state, q, shares);
    if (quote.proceeds < minProceeds) {
      throw new SimRevertError("ProceedsBelowMin", `${quote.proceeds} < ${minProceeds}`);
    }
    this.supplies[outcome] = q - shares;
    this.state = {
      ...this.state,
      logSum: quote.newLogSum,
      pool: (this.state.pool ?? 0n) - quote.proceeds,
    };
    return { proceeds: quote.proceeds };
  }

  resolve(outcome: number) {
    this.status = "resolved";
    this.resolvedOutcome = outcome;
  }
}

/** One user's vault account with one agent policy. */
export class SimVault {
  cash: bigint;
  policy: TradingPolicy;
  windowStart = 0n;
  windowSpent = 0n;
  readonly exposure = new Map<bigint, bigint>();
  readonly shares = new Map<bigint, bigint[]>();

  constructor(cash: bigint, policy: TradingPolicy) {
    this.cash = cash;
    this.policy = policy;
  }

  holdings(market: SimMarket): Holdings {
    return { cash: this.cash, shares: [...this.sharesOf(market)] };
  }

  private sharesOf(market: SimMarket): bigint[] {
    let s = this.shares.get(market.marketId);
    if (!s) {
      s = market.outcomes.map(() => 0n);
      this.shares.set(market.marketId, s);
    }
    return s;
  }

  totalExposure(): bigint {
    let t = 0n;
    for (const e of this.exposure.values()) t += e;
    return t;
  }

  usage(marketId: bigint): LimitUsage {
    return {
      windowStart: this.windowStart,
      windowSpent: this.windowSpent,
      marketExposure: this.exposure.get(marketId) ?? 0n,
      totalExposure: this.totalExposure(),
    };
  }

  private agentChecks(market: SimMarket, now: bigint) {
    if (now >= this.policy.expiry) {
      throw new SimRevertError("VaultAgentExpired", `${this.policy.expiry} <= ${now}`);
    }
    if (!marketAllowed(this.policy, market.marketId)) {
      throw new SimRevertError("VaultMarketNotAllowed", `${market.marketId}`);
    }
  }

  /** An agent `buy`, with the vault's checks in the vault's order (and the off-chain total cap). */
  agentBuy(
    market: SimMarket,
    outcome: number,
    shares: bigint,
    maxCost: bigint,
    now: bigint,
  ): bigint {
    this.agentChecks(market, now);
    const q = market.supplies[outcome] ?? 0n;
    const { cost } = quoteBuy(market.state, q, shares);
    if (cost > maxCost)
      throw new SimRevertError("CostAboveMax", `cost ${cost} > maxCost ${maxCost}`);
    if (cost > this.policy.maxPerTrade) {
      throw new SimRevertError("VaultTradeAboveLimit", `${cost} > ${this.policy.maxPerTrade}`);
    }
    let start = this.windowStart;
    let spent = this.windowSpent;
    if (start === 0n || now >= start + DAY) {
      start = now;
      spent = 0n;
    }
    if (spent + cost > this.policy.maxPerDay) {
      throw new SimRevertError(
        "VaultDailyLimitExceeded",
        `${spent + cost} > ${this.policy.maxPerDay}`,
      );
    }
    const exposure = (this.exposure.get(market.marketId) ?? 0n) + cost;
    if (exposure > this.policy.maxExposurePerMarket) {
      throw new SimRevertError(
        "VaultExposureLimitExceeded",
        `${exposure} > ${this.policy.maxExposurePerMarket}`,
      );
    }
    const total = this.policy.maxTotalExposure;
    if (total !== undefined && this.totalExposure() + cost > total) {
      throw new SimRevertError(
        "TraderTotalExposureExceeded",
        `${this.totalExposure() + cost} > ${total}`,
      );
    }
    if (cost > this.cash) {
      throw new SimRevertError("VaultInsufficientBalance", `${this.cash} < ${cost}`);
    }
    market.buy(outcome, shares, maxCost, now);
    this.cash -= cost;
    this.windowStart = start;
    this.windowSpent = spent + cost;
    this.exposure.set(market.marketId, exposure);
    const held = this.sharesOf(market);
    held[outcome] = (held[outcome] ?? 0n) + shares;
    return cost;
  }

  /** An agent `sell`: lowers the market's exposure by the proceeds, never below 0. */
  agentSell(
    market: SimMarket,
    outcome: number,
    shares: bigint,
    minProceeds: bigint,
    now: bigint,
  ): bigint {
    this.agentChecks(market, now);
    const held = this.sharesOf(market);
    if ((held[outcome] ?? 0n) < shares) {
      throw new SimRevertError("VaultInsufficientShares", `${held[outcome]} < ${shares}`);
    }
    const { proceeds } = market.sell(outcome, shares, minProceeds, now);
    held[outcome] = (held[outcome] ?? 0n) - shares;
    this.cash += proceeds;
    const e = this.exposure.get(market.marketId) ?? 0n;
    this.exposure.set(market.marketId, e > proceeds ? e - proceeds : 0n);
    return proceeds;
  }

  /** Executes a decision (buy or sell). Throws `SimRevertError` where the chain would revert. */
  execute(market: SimMarket, decision: TradeDecision, now: bigint): bigint {
    if (decision.outcome === null) throw new SimRevertError("NoOutcome", "decision has no outcome");
    if (decision.action === "buy") {
      return this.agentBuy(market, decision.outcome, decision.shares, decision.maxCost, now);
    }
    if (decision.action === "sell") {
      return this.agentSell(market, decision.outcome, decision.shares, decision.minProceeds, now);
    }
    return 0n;
  }

  /** Redeems every share of a resolved market: one base unit per winning share. */
  redeem(market: SimMarket): bigint {
    if (market.status !== "resolved" || market.resolvedOutcome === null) {
      throw new SimRevertError("MarketNotResolved", `${market.marketId}`);
    }
    const held = this.sharesOf(market);
    const payout = held[market.resolvedOutcome] ?? 0n;
    for (let k = 0; k < held.length; k++) held[k] = 0n;
    this.cash += payout;
    return payout;
  }
}
