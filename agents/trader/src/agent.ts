/**
 * The trader's loop, behind interfaces: read → believe → decide → re-check → execute → record.
 * Chain access (`TraderChain`) is injected: the lead wires it to the vault with @mandate/sdk; the
 * tests and the backtest use the in-memory `SimMarket` / `SimVault`.
 */
import { createHash } from "node:crypto";
import type { BeliefConstraint } from "./beliefs/delegate.js";
import { gatherBeliefs } from "./beliefs/pool.js";
import type { BeliefSource } from "./beliefs/types.js";
import type { LimitUsage, TradingPolicy } from "./limits.js";
import {
  decideTrade,
  type Holdings,
  recheckDecision,
  type SizingConfig,
  type TradeDecision,
} from "./sizing.js";
import type { MarketView } from "./types.js";

/** What executing a decision on-chain returned. */
export interface ExecutionReceipt {
  /** Transaction hash, or a simulator id. */
  txHash: string;
  /** Buy: cost paid; sell: proceeds received (base units). */
  amount: bigint;
}

/** Everything the trader needs from the chain (the user's vault and the market singleton). */
export interface TraderChain {
  /** Unix seconds (the chain's clock). */
  now(): Promise<bigint>;
  /** Markets to consider (the policy's allowed list, or every open market). */
  listMarkets(): Promise<readonly MarketView[]>;
  /** A fresh read of one market. */
  readMarket(marketId: bigint): Promise<MarketView>;
  /** `policyOf(user)` (plus the trader's off-chain total cap). */
  readPolicy(): Promise<TradingPolicy>;
  /** `dailyWindow`, `exposureOf(user, marketId)` and the sum of exposures. */
  readUsage(marketId: bigint): Promise<LimitUsage>;
  /** `collateralBalance(user, collateral)` and `shareBalance(user, marketId, i)` for each i. */
  readHoldings(market: MarketView): Promise<Holdings>;
  /**
   * Sends `vault.buy(user, marketId, outcome, shares, maxCost, deadline)` or
   * `vault.sell(user, marketId, outcome, shares, minProceeds, deadline)` and waits for it.
   * Must be idempotent per `decisionId`: a retried id is never sent twice.
   */
  execute(decision: TradeDecision, decisionId: string, deadline: bigint): Promise<ExecutionReceipt>;
}

/** Where decisions go (a log file, a database, the web app). */
export interface DecisionSink {
  record(entry: DecisionLogEntry): void | Promise<void>;
}

export interface DecisionLogEntry {
  id: string;
  decision: TradeDecision;
  status: "skipped" | "executed" | "failed";
  receipt?: ExecutionReceipt | undefined;
  error?: string | undefined;
}

export interface TraderOptions {
  chain: TraderChain;
  sources: readonly BeliefSource[];
  /** Constraints per market, e.g. from the delegate's intended vote (`delegateConstraint`). */
  constraintsFor?: ((market: MarketView) => Promise<readonly BeliefConstraint[]>) | undefined;
  config?: Partial<SizingConfig> | undefined;
  /** Seconds a sent trade stays valid (deadline = now + this). Default 300. */
  deadlineSeconds?: bigint | undefined;
  sink?: DecisionSink | undefined;
  log?: ((message: string) => void) | undefined;
  /** Decide only; never execute. */
  dryRun?: boolean | undefined;
}

/** A stable id for a decision: sha256 of its market, outcome, action, size and time. */
export function decisionId(d: TradeDecision): string {
  const key = [d.marketId, d.outcome, d.action, d.shares, d.cost, d.proceeds, d.at].join("|");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

/** JSON-safe copy of a decision (bigints as decimal strings). */
export function decisionToJson(d: TradeDecision): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Record<string, unknown>;
}

/**
 * One pass over the markets: at most one trade per market. Returns every decision, skips
 * included. A failure in one market is logged and does not stop the others.
 */
export async function runTraderOnce(options: TraderOptions): Promise<TradeDecision[]> {
  const { chain, sources } = options;
  const log = options.log ?? (() => {});
  const out: TradeDecision[] = [];
  const markets = await chain.listMarkets();
  for (const market of markets) {
    const now = await chain.now();
    let decision: TradeDecision;
    try {
      const { pooled } = await gatherBeliefs(sources, market, { now, log });
      const [policy, usage, holdings, constraints] = await Promise.all([
        chain.readPolicy(),
        chain.readUsage(market.marketId),
        chain.readHoldings(market),
        options.constraintsFor?.(market) ?? Promise.resolve([]),
      ]);
      decision = decideTrade({
        market,
        belief: pooled,
        holdings,
        policy,
        usage,
        now,
        config: options.config,
        constraints,
      });
      if (decision.action !== "skip" && !options.dryRun) {
        const fresh = await chain.readMarket(market.marketId);
        decision = recheckDecision(decision, fresh, await chain.now());
      }
    } catch (e) {
      log(`market ${market.marketId}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const id = decisionId(decision);
    out.push(decision);
    if (decision.action === "skip" || options.dryRun) {
      await options.sink?.record({ id, decision, status: "skipped" });
      log(`market ${market.marketId}: ${decision.reason}`);
      continue;
    }
    try {
      const deadline = (await chain.now()) + (options.deadlineSeconds ?? 300n);
      const receipt = await chain.execute(decision, id, deadline);
      await options.sink?.record({ id, decision, status: "executed", receipt });
      log(`market ${market.marketId}: ${decision.reason} (tx ${receipt.txHash})`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await options.sink?.record({ id, decision, status: "failed", error });
      log(`market ${market.marketId}: execution failed: ${error}`);
    }
  }
  return out;
}
