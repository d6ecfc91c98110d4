/**
 * (a) Holder-set probabilities: the holder writes down what they believe for some markets, and
 * the trader uses it as one source. Markets without an entry get no belief from this source.
 */
import type { MarketView } from "../types.js";
import { type Belief, type BeliefSource, checkWeight, makeBelief } from "./types.js";

/** One holder belief: P(yesOutcome) of a market, with an optional note. */
export interface HolderBelief {
  p: number;
  note?: string | undefined;
}

export interface HolderSourceOptions {
  id?: string | undefined;
  weight?: number | undefined;
  /** Beliefs by market id (decimal string or bigint key). */
  beliefs: ReadonlyMap<bigint, HolderBelief> | Readonly<Record<string, HolderBelief>>;
}

/**
 * A source returning the holder's probability for the markets they set one for.
 * Throws RangeError up front if any probability is not in [0, 1] (it is clamped to
 * [1e-4, 1 − 1e-4] when used, and the rationale says so).
 */
export function holderSource(options: HolderSourceOptions): BeliefSource {
  const id = options.id ?? "holder";
  const weight = checkWeight(id, options.weight ?? 1);
  const table = new Map<bigint, HolderBelief>();
  const entries =
    options.beliefs instanceof Map
      ? [...options.beliefs.entries()]
      : Object.entries(options.beliefs).map(([k, v]) => [BigInt(k), v] as const);
  for (const [marketId, belief] of entries) {
    makeBelief(id, belief.p, "check"); // throws on a non-probability
    table.set(BigInt(marketId), belief);
  }
  return {
    id,
    weight,
    async believe(market: MarketView): Promise<Belief | null> {
      const entry = table.get(market.marketId);
      if (!entry) return null;
      const note = entry.note ? `: ${entry.note}` : "";
      return makeBelief(id, entry.p, `holder set P(${outcomeLabel(market)}) = ${entry.p}${note}`);
    },
  };
}

function outcomeLabel(market: MarketView): string {
  return market.outcomes[market.yesOutcome] ?? `outcome ${market.yesOutcome}`;
}
