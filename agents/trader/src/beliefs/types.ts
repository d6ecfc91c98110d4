import { P_MAX, P_MIN } from "../prob.js";
import type { MarketView } from "../types.js";

/**
 * A probability that a market's `yesOutcome` happens, with why and from where.
 *
 * `p` is always in [P_MIN, P_MAX] = [1e-4, 1 − 1e-4]: `makeBelief` clamps anything outside and
 * says so in `rationale` and `clampedFrom`. A belief of exactly 0 or 1 would make Kelly bet the
 * whole bankroll and log loss infinite; no source is that sure.
 */
export interface Belief {
  p: number;
  rationale: string;
  /** The id of the source that produced it. */
  source: string;
  /** The value before clamping, when it was outside [P_MIN, P_MAX]. */
  clampedFrom?: number | undefined;
}

/** What a source may read besides the market. */
export interface BeliefContext {
  /** Unix seconds. */
  now: bigint;
  signal?: AbortSignal | undefined;
  log?: ((message: string) => void) | undefined;
}

/** A source of beliefs. `weight` is its weight in the pool (≥ 0). */
export interface BeliefSource {
  readonly id: string;
  readonly weight: number;
  /** The source's belief about `market`, or null when it has none (not its kind of market). */
  believe(market: MarketView, ctx: BeliefContext): Promise<Belief | null>;
}

/** Thrown by `makeBelief` for a value that is not a probability at all (NaN, < 0, > 1). */
export class BeliefRangeError extends RangeError {
  override readonly name = "BeliefRangeError";
  readonly value: number;
  constructor(source: string, value: number) {
    super(`${source}: ${value} is not a probability in [0, 1]`);
    this.value = value;
  }
}

/** Formats a probability for a rationale: 4 significant digits. */
export function formatP(p: number): string {
  return Number(p.toPrecision(4)).toString();
}

/**
 * A belief from a raw probability: throws `BeliefRangeError` unless 0 ≤ p ≤ 1, clamps to
 * [P_MIN, P_MAX] and appends the clamping to the rationale.
 */
export function makeBelief(source: string, p: number, rationale: string): Belief {
  if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new BeliefRangeError(source, p);
  }
  if (p >= P_MIN && p <= P_MAX) return { p, rationale, source };
  const clamped = p < P_MIN ? P_MIN : P_MAX;
  return {
    p: clamped,
    rationale: `${rationale} (clamped from ${p} to ${clamped}: beliefs stay within [${P_MIN}, ${P_MAX}])`,
    source,
    clampedFrom: p,
  };
}

/** Checks a source weight: finite and ≥ 0. */
export function checkWeight(id: string, weight: number): number {
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
    throw new RangeError(`belief source ${id}: weight must be a finite number ≥ 0, got ${weight}`);
  }
  return weight;
}
