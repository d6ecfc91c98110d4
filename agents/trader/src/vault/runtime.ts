/**
 * The trader's runtime on a real chain: one pass over every market, then again every interval.
 *
 * A pass:
 * 1. reads the holder's vault policy: nothing is traded unless it names this key as the agent;
 * 2. settles what earlier runs left in flight (`TradeExecutor.resume`): a market whose trade is
 *    still unsettled is not traded again until it is;
 * 3. for every market: a resolved one with shares in the vault is redeemed (a decision record and
 *    an intent per outcome, idempotent); an open one gets beliefs (pooled in log-odds), the AI
 *    delegate's constraint when it is a proposal market, fresh vault holdings and limits, a
 *    decision (`decideTrade`, exact-0/1 beliefs skipped), a re-check against a fresh read
 *    (`recheckDecision`), then the trade through the vault with `maxCost` / `minProceeds` from
 *    the exact quote and a deadline;
 * 4. persists every decision record (identical consecutive ones once), the belief per market
 *    (for the track record), the market's status and the vault's position.
 *
 * A failure in one market is logged in one line and does not stop the others; a failure of the
 * whole pass (the RPC) is logged and retried with backoff by `runTraderLoop`.
 */
import { createHash } from "node:crypto";
import type { IntentRecord, TraderScope, TraderStore } from "@mandate/delegate";
import { priceFloat } from "@mandate/lmsr";
import type { VaultBalances, VaultPolicy } from "@mandate/sdk";
import { getAddress, zeroAddress } from "viem";
import { decisionId, decisionToJson } from "../agent.js";
import { type BeliefConstraint, delegateConstraint } from "../beliefs/delegate.js";
import { gatherBeliefs, type PooledBelief } from "../beliefs/pool.js";
import type { BeliefSource } from "../beliefs/types.js";
import type { LimitUsage, TradingPolicy } from "../limits.js";
import {
  decideTrade,
  recheckDecision,
  type SizingConfig,
  type SkipReason,
  type TradeDecision,
} from "../sizing.js";
import type { MarketView } from "../types.js";
import type { ChainMarket, VaultChain } from "./chain.js";
import {
  createTradeExecutor,
  type ExecutionOutcome,
  type ExecutorHooks,
  errorText,
  type TradeExecutor,
} from "./executor.js";

export const DEFAULT_DEADLINE_SECONDS = 300n;
export const DEFAULT_INTERVAL_MS = 5_000;
/**
 * Smallest buy worth sending, base units (0.01 of a 6-decimal token): what is left of a cap
 * below it is "limit reached", not a dust trade.
 */
export const DEFAULT_MIN_COST = 10_000n;
/** A belief (or price) that moved less than this since the stored one is not stored again. */
export const BELIEF_TOLERANCE = 1e-4;

export interface RuntimeHooks extends ExecutorHooks {
  /** Called after deciding a trade and before the re-check (tests move the price here). */
  beforeRecheck?: ((decision: TradeDecision) => void | Promise<void>) | undefined;
  /** Called after the re-check, just before sending (tests move the price here). */
  beforeSend?: ((decision: TradeDecision) => void | Promise<void>) | undefined;
}

export interface TraderRuntimeOptions {
  store: TraderStore;
  chain: VaultChain;
  /** The belief sources, asked again every pass (a beliefs file may have changed). */
  sources: () => readonly BeliefSource[] | Promise<readonly BeliefSource[]>;
  /** The AI delegate whose recorded votes constrain proposal markets. */
  delegate?: { id: bigint; name: string } | null | undefined;
  config?: Partial<SizingConfig> | undefined;
  /** Seconds a trade stays valid (deadline = now + this). Default 300. */
  deadlineSeconds?: bigint | undefined;
  receiptTimeoutMs?: number | undefined;
  /** Decide and record, send nothing. */
  dryRun?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
  hooks?: RuntimeHooks | undefined;
  signal?: AbortSignal | undefined;
}

/** What happened to one market in a pass. */
export interface PassEntry {
  marketId: bigint;
  action: "buy" | "sell" | "redeem" | "skip";
  /** executed: confirmed on-chain; skipped: a skip decision; printed: dry run. */
  status:
    | "executed"
    | "skipped"
    | "printed"
    | "refused"
    | "failed"
    | "unsettled"
    | "duplicate"
    | "error";
  skipReason: SkipReason | null;
  reason: string;
  txHash?: string | undefined;
  amount?: bigint | undefined;
  shares?: bigint | undefined;
  decision?: TradeDecision | undefined;
}

export interface PassResult {
  /** Why nothing was traded at all (not this key's vault, no agent), or null. */
  blocked: string | null;
  markets: number;
  entries: PassEntry[];
  /** Intents from earlier runs settled at the start of the pass. */
  resumed: ExecutionOutcome[];
  /** Transactions confirmed in this pass (trades and redeems, resumed ones included). */
  confirmed: number;
  errors: number;
}

export interface TraderRuntime {
  readonly scope: TraderScope;
  pass(): Promise<PassResult>;
}

/**
 * What makes two consecutive decisions "the same" for the store and the log. A trade is always new
 * (its time is part of it). A skip is the same when its reason (numbers aside), outcome, and the
 * belief and price to 0.01 are: a belief that drifts (the tally model moves with the clock) or a
 * price that barely moves does not write a row and a log line every pass.
 */
function fingerprintOf(d: TradeDecision, dryRun: boolean): string {
  const round = (x: number | null, digits: number) =>
    x === null ? null : Number(x.toFixed(digits));
  const words = d.reason.replace(/\d+(\.\d+)?(e-?\d+)?/g, "#");
  const key =
    d.action === "skip"
      ? [d.action, d.outcome, d.skipReason, words, round(d.belief.p, 2), round(d.price, 2), dryRun]
      : [
          d.action,
          d.outcome,
          d.boundBy,
          d.shares,
          d.cost,
          d.maxCost,
          d.proceeds,
          d.minProceeds,
          d.priceWad,
          round(d.belief.p, 9),
          words,
          dryRun,
          d.at,
        ];
  const text = JSON.stringify(key, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

function priceOf(market: MarketView, outcome: number): number | null {
  try {
    return priceFloat(market.state.logSum, market.supplies[outcome] ?? 0n, market.state.liquidity);
  } catch {
    return null;
  }
}

export function createTraderRuntime(options: TraderRuntimeOptions): TraderRuntime {
  const { store, chain } = options;
  const log = options.log ?? (() => {});
  const dryRun = options.dryRun === true;
  const scope: TraderScope = {
    vault: getAddress(chain.addresses.tradingVault),
    agent: chain.agent,
    user: chain.user,
  };
  const scopeKey = `${scope.vault}:${scope.user}:${scope.agent}`.toLowerCase();
  const executor: TradeExecutor = createTradeExecutor({
    store,
    chain,
    scope,
    receiptTimeoutMs: options.receiptTimeoutMs,
    hooks: options.hooks,
  });
  const deadlineSeconds = options.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
  let lastBlocked: string | null = null;
  /** Decisions the vault refused, by market: the same decision is not sent again. */
  const refused = new Map<bigint, string>();

  async function record(
    market: MarketView,
    d: TradeDecision,
  ): Promise<{ created: boolean; id: number }> {
    const { decision, created } = await store.recordDecision({
      ...scope,
      marketId: market.marketId,
      action: d.action,
      outcome: d.outcome,
      skipReason: d.skipReason,
      boundBy: d.boundBy,
      belief: d.belief.p,
      pooledBelief: d.belief.pooledP,
      price: d.price,
      priceWad: d.priceWad,
      edge: d.edge,
      shares: d.shares,
      cost: d.cost,
      maxCost: d.maxCost,
      proceeds: d.proceeds,
      minProceeds: d.minProceeds,
      reason: d.reason,
      record: decisionToJson(d),
      decisionKey: decisionId(d),
      fingerprint: fingerprintOf(d, dryRun),
      dryRun,
      at: d.at,
    });
    return { created, id: decision.id };
  }

  /** Each source, its belief and its share of the pool, and what constraints changed. */
  function why(d: TradeDecision): string {
    const f = (x: number) => Number(x.toPrecision(3)).toString();
    const parts = d.belief.components.map((c) => `${c.source} ${f(c.p)} (weight ${f(c.share)})`);
    const all = [
      ...(parts.length ? [`sources: ${parts.join(", ")}`] : []),
      ...d.belief.adjustments,
    ];
    return all.length ? ` [${all.join("; ")}]` : "";
  }

  function tag(market: MarketView): string {
    const q = market.question.length > 48 ? `${market.question.slice(0, 47)}…` : market.question;
    return `market #${market.marketId} "${q}"`;
  }

  function skipDecision(base: TradeDecision, reason: SkipReason, detail: string): TradeDecision {
    return {
      ...base,
      action: "skip",
      boundBy: reason,
      skipReason: reason,
      reason: `skip (${reason}): ${detail}`,
    };
  }

  async function updatePosition(market: MarketView, balances: VaultBalances, at: bigint) {
    const position = balances.markets.find((m) => m.marketId === market.marketId);
    if (!position) return;
    const held = position.shares.some((s) => s > 0n) || position.exposure > 0n;
    const known = (await store.listPositions({ vault: scope.vault, user: scope.user })).some(
      (p) => p.marketId === market.marketId,
    );
    if (!held && !known) return;
    await store.upsertPosition({
      vault: scope.vault,
      user: scope.user,
      marketId: market.marketId,
      shares: position.shares,
      exposure: position.exposure,
      at,
    });
  }

  function logOutcome(
    market: MarketView,
    action: "buy" | "sell" | "redeem",
    d: TradeDecision,
    outcome: ExecutionOutcome,
  ): PassEntry {
    const base = {
      marketId: market.marketId,
      action,
      skipReason: null,
      decision: d,
    } as const;
    switch (outcome.status) {
      case "confirmed": {
        const what =
          action === "buy"
            ? `cost ${outcome.amount}`
            : action === "sell"
              ? `proceeds ${outcome.amount}`
              : `payout ${outcome.amount}`;
        log(
          `${tag(market)}: ${d.reason}${why(d)} → tx ${outcome.txHash.slice(0, 10)}… mined in block ${outcome.blockNumber} (${what})`,
        );
        return {
          ...base,
          status: "executed",
          reason: d.reason,
          txHash: outcome.txHash,
          amount: outcome.amount,
          shares: outcome.shares,
        };
      }
      case "refused":
        return {
          ...base,
          status: "refused",
          skipReason: outcome.skipReason,
          reason: outcome.error,
        };
      case "failed":
        log(`${tag(market)}: ${action} failed: ${outcome.error}`);
        return {
          ...base,
          status: "failed",
          reason: outcome.error,
          txHash: outcome.txHash ?? undefined,
        };
      case "unsettled":
        log(
          `${tag(market)}: ${action} ${outcome.intent.txHash ? `tx ${outcome.intent.txHash.slice(0, 10)}… ` : ""}not settled (${outcome.error}); the next pass checks the chain`,
        );
        return {
          ...base,
          status: "unsettled",
          reason: outcome.error,
          txHash: outcome.intent.txHash ?? undefined,
        };
      case "duplicate":
        log(`${tag(market)}: this decision was already ${outcome.intent.status}; not sent again`);
        return { ...base, status: "duplicate", reason: `already ${outcome.intent.status}` };
    }
  }

  function describeResumed(o: ExecutionOutcome): string {
    const i: IntentRecord = o.intent;
    const what = `${i.kind} of ${i.shares} shares (outcome ${i.outcome}) on market #${i.marketId}`;
    switch (o.status) {
      case "confirmed":
        return `resumed ${what}: tx ${o.txHash.slice(0, 10)}… was mined in block ${o.blockNumber}: confirmed (${o.amount})`;
      case "failed":
        return `resumed ${what}: failed: ${o.error}`;
      case "unsettled":
        return `resumed ${what}: still not settled (${o.error})`;
      default:
        return `resumed ${what}: ${o.status}`;
    }
  }

  async function redeemMarket(
    cm: ChainMarket,
    balances: VaultBalances,
    policy: VaultPolicy,
    now: bigint,
    entries: PassEntry[],
  ): Promise<number> {
    const market = cm.view;
    const position = balances.markets.find((m) => m.marketId === market.marketId);
    const held = position?.shares ?? [];
    const outcomes =
      market.status === "resolved"
        ? cm.resolvedOutcome !== null && (held[cm.resolvedOutcome] ?? 0n) > 0n
          ? [cm.resolvedOutcome]
          : []
        : held.flatMap((s, i) => (s > 0n ? [i] : []));
    const base = decideTrade({
      market,
      belief: null,
      holdings: { cash: balances.balance, shares: market.supplies.map((_, i) => held[i] ?? 0n) },
      policy: tradingPolicy(policy, balances),
      usage: { windowStart: 0n, windowSpent: 0n, marketExposure: 0n, totalExposure: 0n },
      now,
    });
    if (outcomes.length === 0) {
      const detail =
        market.status === "resolved"
          ? `the market is resolved (${market.outcomes[cm.resolvedOutcome ?? 0] ?? "?"}); no winning shares held`
          : "the market is invalid; no shares held";
      const d = skipDecision(base, "marketNotOpen", detail);
      const { created } = await record(market, d);
      if (created) log(`${tag(market)}: ${d.reason}`);
      entries.push({
        marketId: market.marketId,
        action: "skip",
        status: "skipped",
        skipReason: "marketNotOpen",
        reason: d.reason,
        decision: d,
      });
      return 0;
    }
    let confirmed = 0;
    for (const outcome of outcomes) {
      const shares = held[outcome] ?? 0n;
      const label = market.outcomes[outcome] ?? `outcome ${outcome}`;
      const redeemDecision: TradeDecision = {
        ...base,
        action: "skip",
        outcome,
        outcomeLabel: label,
        shares,
        skipReason: null,
        boundBy: "position",
        reason: `redeem ${shares} shares of ${label}: the market is ${market.status}`,
      };
      const { decision: row, created } = await store.recordDecision({
        ...scope,
        marketId: market.marketId,
        action: "redeem",
        outcome,
        skipReason: null,
        boundBy: "position",
        belief: null,
        pooledBelief: null,
        price: null,
        priceWad: null,
        edge: null,
        shares,
        cost: 0n,
        maxCost: 0n,
        proceeds: 0n,
        minProceeds: 0n,
        reason: redeemDecision.reason,
        record: { ...decisionToJson(redeemDecision), action: "redeem" },
        decisionKey: `redeem:${market.marketId}:${outcome}:${shares}`,
        fingerprint: `redeem:${market.marketId}:${outcome}:${shares}:${dryRun}`,
        dryRun,
        at: now,
      });
      if (dryRun) {
        if (created) log(`${tag(market)}: dry run: ${redeemDecision.reason}; nothing sent`);
        entries.push({
          marketId: market.marketId,
          action: "redeem",
          status: "printed",
          skipReason: null,
          reason: redeemDecision.reason,
        });
        continue;
      }
      const outcomeResult = await executor.execute({
        key: `${scopeKey}:redeem:${market.marketId}:${outcome}:${shares}:epoch${policy.epoch}`,
        decisionId: row.id,
        kind: "redeem",
        marketId: market.marketId,
        outcome,
        shares,
        limit: null,
        deadline: null,
      });
      if (outcomeResult.status === "confirmed") {
        confirmed++;
        await updatePosition(
          market,
          await chain.vault(policy.collateral, [market.marketId]),
          await chain.now(),
        );
        log(
          `${tag(market)}: redeemed ${shares} shares of ${label} for ${outcomeResult.amount} → tx ${outcomeResult.txHash.slice(0, 10)}… (block ${outcomeResult.blockNumber})`,
        );
        entries.push({
          marketId: market.marketId,
          action: "redeem",
          status: "executed",
          skipReason: null,
          reason: redeemDecision.reason,
          txHash: outcomeResult.txHash,
          amount: outcomeResult.amount,
          shares,
        });
      } else if (outcomeResult.status === "refused") {
        const s = skipDecision(
          base,
          outcomeResult.skipReason,
          `the vault refused the redeem: ${outcomeResult.error}`,
        );
        const { created } = await record(market, s);
        if (created) log(`${tag(market)}: ${s.reason}`);
        entries.push({
          marketId: market.marketId,
          action: "redeem",
          status: "refused",
          skipReason: outcomeResult.skipReason,
          reason: outcomeResult.error,
        });
      } else {
        entries.push(logOutcome(market, "redeem", redeemDecision, outcomeResult));
      }
    }
    return confirmed;
  }

  function tradingPolicy(policy: VaultPolicy, balances: VaultBalances): TradingPolicy {
    return {
      maxPerTrade: policy.maxPerTrade,
      maxPerDay: policy.maxPerDay,
      maxExposurePerMarket: policy.maxExposurePerMarket,
      expiry: policy.expiry,
      allowedMarkets: policy.allMarkets
        ? "all"
        : balances.markets.filter((m) => m.allowed).map((m) => m.marketId),
      collateral: getAddress(policy.collateral),
    };
  }

  async function tradeMarket(
    cm: ChainMarket,
    policy: VaultPolicy,
    totals: Map<bigint, bigint>,
    entries: PassEntry[],
  ): Promise<number> {
    const market = cm.view;
    const now = await chain.now();
    const balances = await chain.vault(policy.collateral, [market.marketId]);
    const position = balances.markets[0];
    // Beliefs are gathered (and a model asked) only for markets the trader may trade now.
    const open =
      market.status === "open" &&
      now < market.closeTime &&
      now < policy.expiry &&
      (policy.allMarkets || position?.allowed === true);
    let pooled: PooledBelief | null = null;
    const constraints: BeliefConstraint[] = [];
    if (open) {
      const sources = await options.sources();
      pooled = (await gatherBeliefs(sources, market, { now, log, signal: options.signal })).pooled;
      if (options.delegate && market.proposal) {
        const intent = await chain.delegateIntent(
          options.delegate.id,
          market.proposal.proposalId,
          options.delegate.name,
        );
        const c = intent ? delegateConstraint(intent) : null;
        if (c) constraints.push(c);
      }
    }
    const exposure = position?.exposure ?? 0n;
    totals.set(market.marketId, exposure);
    let totalExposure = 0n;
    for (const v of totals.values()) totalExposure += v;
    const usage: LimitUsage = {
      windowStart: balances.dailyWindow.start,
      windowSpent: balances.dailyWindow.lapsed ? 0n : balances.dailyWindow.spent,
      marketExposure: exposure,
      totalExposure,
    };
    let decision = decideTrade({
      market,
      belief: pooled,
      holdings: chain.holdings(market, balances),
      policy: tradingPolicy(policy, balances),
      usage,
      now,
      config: {
        minCost: DEFAULT_MIN_COST,
        ...(options.config ?? {}),
        extremeBeliefs: "skip",
      },
      constraints,
    });
    if (pooled && open) {
      await store.recordBelief({
        ...scope,
        marketId: market.marketId,
        p: pooled.p,
        constrainedP: decision.belief.p,
        price: priceOf(market, market.yesOutcome),
        components: pooled.components,
        at: now,
        // A belief that drifts by less than this (the tally model moves with the clock) extends
        // the stored one instead of writing a row every pass.
        tolerance: BELIEF_TOLERANCE,
      });
    }
    await updatePosition(market, balances, now);

    if (decision.action !== "skip" && !dryRun) {
      await options.hooks?.beforeRecheck?.(decision);
      const fresh = await chain.readMarket(market.marketId);
      decision = recheckDecision(decision, fresh.view, await chain.now());
    }
    const fingerprint = fingerprintOf({ ...decision, at: 0n }, dryRun);
    if (decision.action !== "skip" && refused.get(market.marketId) === fingerprint) {
      decision = skipDecision(
        decision,
        "rejected",
        "the vault refused this same trade before; waiting for the market or the limits to change",
      );
    }
    const row = await record(market, decision);
    if (decision.action === "skip") {
      if (row.created) log(`${tag(market)}: ${decision.reason}${why(decision)}`);
      entries.push({
        marketId: market.marketId,
        action: "skip",
        status: "skipped",
        skipReason: decision.skipReason,
        reason: decision.reason,
        decision,
      });
      return 0;
    }
    if (dryRun) {
      if (row.created)
        log(`${tag(market)}: dry run: ${decision.reason}${why(decision)}; nothing sent`);
      entries.push({
        marketId: market.marketId,
        action: decision.action,
        status: "printed",
        skipReason: null,
        reason: decision.reason,
        decision,
      });
      return 0;
    }
    await options.hooks?.beforeSend?.(decision);
    const id = decisionId(decision);
    const outcome = await executor.execute({
      key: `${scopeKey}:${id}`,
      decisionId: row.id,
      kind: decision.action,
      marketId: market.marketId,
      outcome: decision.outcome ?? 0,
      shares: decision.shares,
      limit: decision.action === "buy" ? decision.maxCost : decision.minProceeds,
      deadline: (await chain.now()) + deadlineSeconds,
    });
    if (outcome.status === "refused") {
      // The same decision is not sent again (a transient RPC failure is retried).
      if (outcome.skipReason !== "rpcUnavailable") refused.set(market.marketId, fingerprint);
      const s = skipDecision(
        decision,
        outcome.skipReason,
        `the vault refused the ${decision.action}: ${outcome.error}`,
      );
      const { created } = await record(market, s);
      if (created) log(`${tag(market)}: ${s.reason}`);
      entries.push({
        marketId: market.marketId,
        action: decision.action,
        status: "refused",
        skipReason: outcome.skipReason,
        reason: s.reason,
        decision: s,
      });
      return 0;
    }
    refused.delete(market.marketId);
    entries.push(logOutcome(market, decision.action, decision, outcome));
    if (outcome.status === "confirmed") {
      const after = await chain.vault(policy.collateral, [market.marketId]);
      totals.set(market.marketId, after.markets[0]?.exposure ?? exposure);
      await updatePosition(market, after, await chain.now());
      return 1;
    }
    return 0;
  }

  return {
    scope,
    async pass(): Promise<PassResult> {
      const result: PassResult = {
        blocked: null,
        markets: 0,
        entries: [],
        resumed: [],
        confirmed: 0,
        errors: 0,
      };
      const policy = await chain.policy();
      let blocked: string | null = null;
      if (policy.agent === zeroAddress) {
        blocked = `the vault of ${chain.user} has no agent: the holder must set a policy naming ${chain.agent}`;
      } else if (getAddress(policy.agent) !== chain.agent) {
        blocked = `the vault of ${chain.user} names ${getAddress(policy.agent)} as its agent, not this key (${chain.agent})`;
      }
      if (blocked) {
        if (blocked !== lastBlocked) log(`not trading: ${blocked}`);
        lastBlocked = blocked;
        result.blocked = blocked;
        return result;
      }
      if (lastBlocked) log(`the vault now names this key as its agent: trading`);
      lastBlocked = null;

      let busy = new Set<bigint>();
      if (!dryRun) {
        const resumed = await executor.resume();
        busy = resumed.busy;
        result.resumed = resumed.outcomes;
        for (const o of resumed.outcomes) {
          log(describeResumed(o));
          if (o.status === "confirmed") result.confirmed++;
        }
      }

      const markets = await chain.listMarkets();
      result.markets = markets.length;
      const all = await chain.vault(
        policy.collateral,
        markets.map((m) => m.view.marketId),
      );
      const totals = new Map<bigint, bigint>(all.markets.map((m) => [m.marketId, m.exposure]));
      for (const cm of markets) {
        if (options.signal?.aborted) break;
        const market = cm.view;
        try {
          await store.upsertMarket({
            vault: scope.vault,
            marketId: market.marketId,
            question: market.question,
            outcomes: market.outcomes,
            yesOutcome: market.yesOutcome,
            closeTime: market.closeTime,
            status: market.status,
            resolvedOutcome: cm.resolvedOutcome,
            proposalId: market.proposal?.proposalId ?? null,
          });
          if (busy.has(market.marketId)) {
            const now = await chain.now();
            const base = decideTrade({
              market,
              belief: null,
              holdings: chain.holdings(market, all),
              policy: tradingPolicy(policy, all),
              usage: { windowStart: 0n, windowSpent: 0n, marketExposure: 0n, totalExposure: 0n },
              now,
            });
            const d = skipDecision(
              base,
              "tradePending",
              "a trade on this market is still in flight; waiting for it to settle",
            );
            const { created } = await record(market, d);
            if (created) log(`${tag(market)}: ${d.reason}`);
            result.entries.push({
              marketId: market.marketId,
              action: "skip",
              status: "skipped",
              skipReason: "tradePending",
              reason: d.reason,
              decision: d,
            });
            continue;
          }
          if (market.status === "resolved" || market.status === "invalid") {
            result.confirmed += await redeemMarket(
              cm,
              all,
              policy,
              await chain.now(),
              result.entries,
            );
          } else {
            result.confirmed += await tradeMarket(cm, policy, totals, result.entries);
          }
        } catch (e) {
          result.errors++;
          const line = errorText(e, 240);
          log(`${tag(market)}: error: ${line}`);
          result.entries.push({
            marketId: market.marketId,
            action: "skip",
            status: "error",
            skipReason: null,
            reason: line,
          });
        }
      }
      return result;
    },
  };
}

export interface LoopOptions {
  once?: boolean | undefined;
  intervalMs?: number | undefined;
  signal?: AbortSignal | undefined;
  log?: ((line: string) => void) | undefined;
  /** Longest wait between retries after a failed pass (default 60 s). */
  maxBackoffMs?: number | undefined;
  /** Passes that may fail in a row with `once` before giving up (default 4). */
  onceAttempts?: number | undefined;
  /** First retry delay (default 1 s). */
  retryBaseMs?: number | undefined;
  /** Called after every pass: its result, or the one-line error of a pass that failed. */
  onStep?: ((step: LoopStep) => void) | undefined;
}

/** One pass of the loop, as `onStep` reports it. */
export type LoopStep = { ok: true; result: PassResult } | { ok: false; error: string };

export interface LoopResult {
  passes: number;
  last: PassResult | null;
  /** The last pass-level error, when the loop gave up (`once`). */
  error: string | null;
}

/**
 * Runs passes: once (`once`, retrying a failed pass with backoff a few times), or every
 * `intervalMs` until `signal` aborts. A failed pass (the RPC is down or stalls) is one log line
 * and a retry after a growing delay; the loop never stops on it.
 */
export async function runTraderLoop(
  runtime: TraderRuntime,
  options: LoopOptions = {},
): Promise<LoopResult> {
  const log = options.log ?? (() => {});
  const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const base = options.retryBaseMs ?? 1_000;
  let delay = base;
  let failures = 0;
  let passes = 0;
  let last: PassResult | null = null;
  while (!options.signal?.aborted) {
    try {
      last = await runtime.pass();
      passes++;
      failures = 0;
      delay = base;
      options.onStep?.({ ok: true, result: last });
      if (options.once) return { passes, last, error: null };
      await sleep(interval, options.signal);
    } catch (e) {
      failures++;
      const line = errorText(e, 240);
      options.onStep?.({ ok: false, error: line });
      if (options.once && failures >= (options.onceAttempts ?? 4)) {
        log(`pass failed (${failures} attempts), giving up: ${line}`);
        return { passes, last, error: line };
      }
      log(`pass failed, retrying in ${(delay / 1000).toFixed(1)} s: ${line}`);
      await sleep(delay, options.signal);
      delay = Math.min(maxBackoff, delay * 2);
    }
  }
  return { passes, last, error: null };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
