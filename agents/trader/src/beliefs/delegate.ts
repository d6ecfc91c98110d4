/**
 * (c) The AI delegate's intended vote, where the holder's mandate ties the trader to it.
 *
 * When the same holder's delegate will vote on a proposal, the trader should not bet against that
 * vote in the proposal's market: a delegate voting For that bets No would profit from the
 * proposal failing, which is at odds with the mandate the holder wrote, and looks like it. Two
 * tools express this:
 *
 * - `delegateConstraint(intent)`: a bound on the pooled belief in "passes", applied at decision
 *   time against the current price. For → the belief is raised to at least the price (a floor),
 *   so the trader can buy Yes if its sources say so but never buys No or sells Yes; Against → a
 *   ceiling at the price; Abstain / ask → no bound. With `mode: "noTrade"` the holder forbids
 *   trading markets on proposals their delegate votes on at all.
 * - as a source: pass the intended vote to `proposalSource`'s `getIntendedVotes` (it counts the
 *   delegate's weight as cast), so the P(pass) model reflects the vote that is coming.
 */
import type { Stance } from "@mandate/mandate";
import type { IntendedVote } from "./proposal.js";

/** A bound on P(yesOutcome) applied after pooling. "price" means the current market price. */
export interface BeliefConstraint {
  /** Who imposes it, e.g. "delegate:Treasury Steward". */
  source: string;
  /** Why, in plain words (goes into the decision record). */
  reason: string;
  /** The belief may not be below this. */
  floor?: number | "price" | undefined;
  /** The belief may not be above this. */
  ceiling?: number | "price" | undefined;
  /** Do not trade this market at all. */
  noTrade?: boolean | undefined;
}

/** What the delegate will vote on a proposal, as decided by `decide(facts, mandate)`. */
export interface DelegateIntent {
  /** The delegate's name or address, for the record. */
  delegate: string;
  vote: Stance;
  /** The mandate rule that decided (`Decision.ruleId`). */
  ruleId?: string | undefined;
  /** Its voting weight (for `intendedVote`). */
  weight?: bigint | undefined;
  /** "directional" (default): never bet against the vote; "noTrade": stay out of the market. */
  mode?: "directional" | "noTrade" | undefined;
}

/** The constraint a delegate's intended vote puts on the trader's belief in "passes". */
export function delegateConstraint(intent: DelegateIntent): BeliefConstraint | null {
  const source = `delegate:${intent.delegate}`;
  const rule = intent.ruleId ? ` (mandate rule ${intent.ruleId})` : "";
  if (intent.mode === "noTrade" && intent.vote !== "ask") {
    return {
      source,
      reason: `the delegate votes ${intent.vote}${rule} and the mandate keeps the trader out of markets on proposals it votes on`,
      noTrade: true,
    };
  }
  if (intent.vote === "for") {
    return {
      source,
      reason: `the delegate votes For${rule}: the trader may not bet that the proposal fails`,
      floor: "price",
    };
  }
  if (intent.vote === "against") {
    return {
      source,
      reason: `the delegate votes Against${rule}: the trader may not bet that the proposal passes`,
      ceiling: "price",
    };
  }
  return null;
}

/** The delegate's vote as a known future vote for the P(pass) model (null for abstain-free "ask"). */
export function intendedVote(intent: DelegateIntent): IntendedVote | null {
  if (intent.weight === undefined || intent.weight <= 0n) return null;
  if (intent.vote === "ask") return null;
  return { support: intent.vote, weight: intent.weight, voter: intent.delegate };
}

/** Result of applying constraints to a belief. */
export interface ConstrainedBelief {
  p: number;
  noTrade: boolean;
  /** One line per constraint that changed something. */
  adjustments: string[];
}

/**
 * Applies `constraints` to a belief `p` in yesOutcome given the outcome's current `price`.
 * Floors apply first, then ceilings (a floor and a ceiling that cross leave the ceiling).
 */
export function applyConstraints(
  p: number,
  price: number,
  constraints: readonly BeliefConstraint[],
): ConstrainedBelief {
  let out = p;
  let noTrade = false;
  const adjustments: string[] = [];
  for (const c of constraints) {
    if (c.noTrade) {
      noTrade = true;
      adjustments.push(`${c.source}: no trade (${c.reason})`);
    }
  }
  for (const c of constraints) {
    if (c.floor === undefined) continue;
    const floor = c.floor === "price" ? price : c.floor;
    if (out < floor) {
      adjustments.push(`${c.source}: belief raised from ${out} to ${floor} (${c.reason})`);
      out = floor;
    }
  }
  for (const c of constraints) {
    if (c.ceiling === undefined) continue;
    const ceiling = c.ceiling === "price" ? price : c.ceiling;
    if (out > ceiling) {
      adjustments.push(`${c.source}: belief lowered from ${out} to ${ceiling} (${c.reason})`);
      out = ceiling;
    }
  }
  return { p: out, noTrade, adjustments };
}
