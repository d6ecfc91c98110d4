/**
 * Pooling: a weighted average of the sources' beliefs in log-odds space,
 *
 *   logit(p̄) = Σ wᵢ · logit(pᵢ) / Σ wᵢ,    logit(p) = ln(p / (1 − p)),
 *
 * (a "logarithmic opinion pool" for a binary event, normalised). It lies between the smallest and
 * the largest source, ignores weight-0 sources, does not change when every weight is scaled, and
 * moves towards a source whose weight grows. Two confident sources pool to something confident,
 * unlike an average of probabilities, which drags 0.99 and 0.5 to 0.745.
 */
import { clampProbability, logit, sigmoid } from "../prob.js";
import type { MarketView } from "../types.js";
import type { Belief, BeliefContext, BeliefSource } from "./types.js";

/** A belief with the weight its source carries. */
export interface WeightedBelief {
  belief: Belief;
  weight: number;
}

/** One source's part in a pooled belief, kept for the decision record. */
export interface PoolComponent {
  source: string;
  weight: number;
  /** weight / Σ weights. */
  share: number;
  p: number;
  rationale: string;
  clampedFrom?: number | undefined;
}

/** A source that produced nothing, and why. */
export interface SourceFailure {
  source: string;
  error: string;
}

export interface PooledBelief {
  /** The pooled probability of `yesOutcome`, in [1e-4, 1 − 1e-4]. */
  p: number;
  method: "log-odds weighted mean";
  components: PoolComponent[];
  /** Sources that failed or returned nothing (not pooled). */
  failures: SourceFailure[];
}

/**
 * Pools `beliefs` (weighted mean in log-odds). Returns null when there is nothing to pool: no
 * belief, or every weight 0. Throws RangeError on a negative or non-finite weight.
 */
export function pool(
  beliefs: readonly WeightedBelief[],
  failures: readonly SourceFailure[] = [],
): PooledBelief | null {
  let total = 0;
  for (const { belief, weight } of beliefs) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(
        `pool: weight of ${belief.source} must be finite and ≥ 0, got ${weight}`,
      );
    }
    total += weight;
  }
  if (beliefs.length === 0 || !(total > 0)) return null;
  let sum = 0;
  let lo = 1;
  let hi = 0;
  const components: PoolComponent[] = [];
  for (const { belief, weight } of beliefs) {
    const p = clampProbability(belief.p);
    components.push({
      source: belief.source,
      weight,
      share: weight / total,
      p,
      rationale: belief.rationale,
      ...(belief.clampedFrom !== undefined ? { clampedFrom: belief.clampedFrom } : {}),
    });
    if (weight === 0) continue;
    sum += (weight / total) * logit(p);
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  // The mean of the log-odds lies between their min and max; pin float error to that range
  // (so identical sources pool to exactly their value).
  const p = Math.min(hi, Math.max(lo, sigmoid(sum)));
  return { p, method: "log-odds weighted mean", components, failures: [...failures] };
}

/** What `gatherBeliefs` found: the pooled belief (null if no source answered) and the failures. */
export interface GatheredBeliefs {
  pooled: PooledBelief | null;
  failures: SourceFailure[];
}

/**
 * Asks every source about `market` (concurrently) and pools the answers. A source that throws
 * or returns null is listed in `failures` and left out; the others still count.
 */
export async function gatherBeliefs(
  sources: readonly BeliefSource[],
  market: MarketView,
  ctx: BeliefContext,
): Promise<GatheredBeliefs> {
  const settled = await Promise.allSettled(sources.map((s) => s.believe(market, ctx)));
  const beliefs: WeightedBelief[] = [];
  const failures: SourceFailure[] = [];
  settled.forEach((r, i) => {
    const source = sources[i];
    if (!source) return;
    if (r.status === "rejected") {
      const error = r.reason instanceof Error ? r.reason.message : String(r.reason);
      failures.push({ source: source.id, error });
      ctx.log?.(`belief source ${source.id} failed: ${error}`);
    } else if (r.value === null) {
      failures.push({ source: source.id, error: "no belief for this market" });
    } else {
      beliefs.push({ belief: r.value, weight: source.weight });
    }
  });
  return { pooled: pool(beliefs, failures), failures };
}
