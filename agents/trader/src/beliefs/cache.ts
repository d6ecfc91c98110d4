/**
 * A source whose answers are kept for a while: the runtime asks its sources on every pass (every
 * few seconds), which is right for the live tally and wrong for a model that takes seconds and
 * costs money per call. `cachedSource` answers from memory for `ttlMs` per market, and remembers a
 * failure for `errorTtlMs` so a failing endpoint is not called on every pass either.
 */
import type { Belief, BeliefSource } from "./types.js";

export interface CachedSourceOptions {
  /** How long an answer (a belief, or "nothing to say") is kept, ms. */
  ttlMs: number;
  /** How long a failure is kept before asking again, ms (default min(ttlMs, 60 s)). */
  errorTtlMs?: number | undefined;
  /** Clock, ms (tests). Default Date.now. */
  clock?: (() => number) | undefined;
}

export function cachedSource(source: BeliefSource, options: CachedSourceOptions): BeliefSource {
  const clock = options.clock ?? Date.now;
  const errorTtl = options.errorTtlMs ?? Math.min(options.ttlMs, 60_000);
  const cache = new Map<
    bigint,
    { until: number; belief: Belief | null } | { until: number; error: unknown }
  >();
  return {
    id: source.id,
    weight: source.weight,
    async believe(market, ctx) {
      const now = clock();
      const hit = cache.get(market.marketId);
      if (hit && hit.until > now) {
        if ("error" in hit) throw hit.error;
        return hit.belief;
      }
      try {
        const belief = await source.believe(market, ctx);
        cache.set(market.marketId, { until: now + options.ttlMs, belief });
        return belief;
      } catch (error) {
        cache.set(market.marketId, { until: now + errorTtl, error });
        throw error;
      }
    },
  };
}
