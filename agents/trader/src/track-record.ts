/**
 * The trader's public track record: Brier score and log loss of its beliefs over resolved markets.
 *
 * What is scored, exactly:
 * - **Which belief**: the last belief the agent recorded before the market's close time (the
 *   belief in force when trading stopped). Beliefs are stored when they change, so this is the
 *   latest row with `at < closeTime`. Not time-averaged.
 * - **Which number**: the pooled belief of its sources in the market's yes outcome (log-odds
 *   pool), before any delegate constraint: the constraint bounds what the agent may trade, it is
 *   not a forecast.
 * - **Which markets**: binary markets resolved to an outcome (an invalid market has no answer and
 *   is left out), on which the agent held a belief before the close.
 * - **Scores**, with o = 1 when the market resolved to its yes outcome, else 0:
 *   Brier = (p − o)², log loss = −(o·ln p + (1 − o)·ln(1 − p)) (natural log, p clamped to
 *   [1e-4, 1 − 1e-4] as every belief is); means over markets.
 *   Lower is better; an agent that always says 0.5 scores 0.25 and ln 2 ≈ 0.693.
 * - **Baseline**: the market's own price of the yes outcome when that belief was recorded, scored
 *   the same way; and each source's own belief (from the pooled belief's components).
 */
import type {
  BeliefRecord,
  TraderFilter,
  TraderMarketRecord,
  TraderStore,
} from "@mandate/delegate";
import type { Address } from "viem";
import { brier as brierScore, logLoss } from "./backtest.js";

export const SCORING_RULE =
  "last pooled belief recorded before the market's close time (not time-averaged); binary markets resolved to an outcome; invalid markets excluded";

export interface ScoredMarket {
  marketId: string;
  question: string;
  yesOutcome: number;
  resolvedOutcome: number;
  /** 1 when the market resolved to its yes outcome. */
  outcome: 0 | 1;
  /** The belief scored, and when it was recorded (Unix seconds). */
  p: number;
  at: string;
  closeTime: string;
  brier: number;
  logLoss: number;
  /** The yes outcome's price when the belief was recorded, and its scores. */
  price: number | null;
  marketBrier: number | null;
  marketLogLoss: number | null;
}

export interface SourceScore {
  source: string;
  markets: number;
  brier: number;
  logLoss: number;
}

export interface AgentTrackRecord {
  vault: Address;
  agent: Address;
  user: Address;
  /** Resolved binary markets scored. */
  markets: number;
  /** Means over the scored markets (null when none). */
  brier: number | null;
  logLoss: number | null;
  /** The market prices' means over the same markets (where a price was recorded). */
  marketBrier: number | null;
  marketLogLoss: number | null;
  bySource: SourceScore[];
  scored: ScoredMarket[];
}

export interface TrackRecordReport {
  rule: string;
  agents: AgentTrackRecord[];
}

const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((a, x) => a + x, 0) / xs.length;

/**
 * Scores beliefs against resolved markets (pure). `markets` may span several vaults; beliefs are
 * grouped by (vault, agent, user).
 */
export function scoreTrackRecords(
  markets: readonly TraderMarketRecord[],
  beliefs: readonly BeliefRecord[],
): AgentTrackRecord[] {
  const marketKey = (vault: string, id: bigint) => `${vault.toLowerCase()}:${id}`;
  const byMarket = new Map<string, TraderMarketRecord>();
  for (const m of markets) byMarket.set(marketKey(m.vault, m.marketId), m);

  // The last belief before close per (agent scope, market).
  const groups = new Map<
    string,
    { scope: Pick<BeliefRecord, "vault" | "agent" | "user">; last: Map<bigint, BeliefRecord> }
  >();
  for (const b of beliefs) {
    const market = byMarket.get(marketKey(b.vault, b.marketId));
    if (!market || b.at >= market.closeTime) continue;
    const key = `${b.vault}:${b.agent}:${b.user}`.toLowerCase();
    let g = groups.get(key);
    if (!g) {
      g = { scope: { vault: b.vault, agent: b.agent, user: b.user }, last: new Map() };
      groups.set(key, g);
    }
    const prev = g.last.get(b.marketId);
    if (!prev || b.at > prev.at || (b.at === prev.at && b.id > prev.id)) g.last.set(b.marketId, b);
  }

  const out: AgentTrackRecord[] = [];
  for (const { scope, last } of groups.values()) {
    const scored: ScoredMarket[] = [];
    const perSource = new Map<string, { brier: number[]; logLoss: number[] }>();
    for (const [marketId, b] of [...last.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const m = byMarket.get(marketKey(scope.vault, marketId));
      if (m?.status !== "resolved" || m.resolvedOutcome === null || m.outcomes.length !== 2) {
        continue;
      }
      const o: 0 | 1 = m.resolvedOutcome === m.yesOutcome ? 1 : 0;
      scored.push({
        marketId: marketId.toString(),
        question: m.question,
        yesOutcome: m.yesOutcome,
        resolvedOutcome: m.resolvedOutcome,
        outcome: o,
        p: b.p,
        at: b.at.toString(),
        closeTime: m.closeTime.toString(),
        brier: brierScore(b.p, o),
        logLoss: logLoss(b.p, o),
        price: b.price,
        marketBrier: b.price === null ? null : brierScore(b.price, o),
        marketLogLoss: b.price === null ? null : logLoss(b.price, o),
      });
      for (const c of Array.isArray(b.components) ? b.components : []) {
        const comp = c as { source?: unknown; p?: unknown };
        if (typeof comp.source !== "string" || typeof comp.p !== "number") continue;
        let s = perSource.get(comp.source);
        if (!s) {
          s = { brier: [], logLoss: [] };
          perSource.set(comp.source, s);
        }
        s.brier.push(brierScore(comp.p, o));
        s.logLoss.push(logLoss(comp.p, o));
      }
    }
    const withPrice = scored.filter((s) => s.marketBrier !== null);
    out.push({
      vault: scope.vault,
      agent: scope.agent,
      user: scope.user,
      markets: scored.length,
      brier: mean(scored.map((s) => s.brier)),
      logLoss: mean(scored.map((s) => s.logLoss)),
      marketBrier: mean(withPrice.map((s) => s.marketBrier ?? 0)),
      marketLogLoss: mean(withPrice.map((s) => s.marketLogLoss ?? 0)),
      bySource: [...perSource.entries()]
        .map(([source, s]) => ({
          source,
          markets: s.brier.length,
          brier: mean(s.brier) ?? 0,
          logLoss: mean(s.logLoss) ?? 0,
        }))
        .sort((a, b) => a.source.localeCompare(b.source)),
      scored,
    });
  }
  return out.sort((a, b) => `${a.agent}${a.user}`.localeCompare(`${b.agent}${b.user}`));
}

/** The track record of every agent in the store (or those matching `filter`). */
export async function trackRecord(
  store: Pick<TraderStore, "listMarkets" | "listBeliefs">,
  filter: TraderFilter = {},
): Promise<TrackRecordReport> {
  const [markets, beliefs] = await Promise.all([
    store.listMarkets(filter.vault),
    store.listBeliefs(filter),
  ]);
  return { rule: SCORING_RULE, agents: scoreTrackRecords(markets, beliefs) };
}
