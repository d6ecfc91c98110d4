/**
 * (b) Proposal markets: P(the proposal passes) from the governor's live tally.
 *
 * The governor (OpenZeppelin, `GovernorCountingOverridable` + `GovernorVotesQuorumFraction`)
 * marks a proposal Succeeded when, at the end of voting,
 *
 *   For > Against   and   For + Abstain ≥ quorum,
 *
 * and the proposal market (GovernorResolver) resolves Yes for Succeeded / Queued / Executed.
 *
 * Model. Let F, A, Ab be the weight cast For / Against / Abstain, U the voting power not yet cast
 * (delegated power at the snapshot minus what has been cast), Q the quorum, and
 * t ∈ [0, 1] the fraction of the voting period still to run (1 before voting starts, 0 after it
 * ends).
 *
 * - Remaining votes: R̄ = ρ · t · U is the expected weight still to be cast, ρ being the share of
 *   uncast power that votes over a whole period (`participation`). Votes arrive uniformly in
 *   time, so less time left means fewer votes still to come.
 * - Their split: the shares φ_F, φ_A, φ_Ab of those votes are the prior split (`priorSplit`)
 *   updated by the votes already cast, with the prior counting as κ = `priorWeight` · (F + A +
 *   Ab + U) votes: φ_X = (κ · prior_X + X) / (κ + F + A + Ab).
 * - Final margin M = F − A + R · (φ_F − φ_A), approximately normal with mean
 *   F − A + R̄ · (φ_F − φ_A) and standard deviation σ_M · R̄ (`marginSd`): the uncertainty is in the
 *   votes still to come, so it shrinks to 0 as time runs out or the uncast power is used up.
 * - Final quorum votes V = F + Ab + R · (φ_F + φ_Ab), normal with mean F + Ab + R̄ · (φ_F + φ_Ab)
 *   and standard deviation σ_V · R̄ (`quorumSd`).
 * - P(pass) ≈ Φ(E[M] / sd_M) · Φ((E[V] − Q) / sd_V), treating the two as independent (with most
 *   remaining votes For they are positively correlated, and the product is then a slight
 *   underestimate). When sd is 0 the factor is the indicator M > 0 (resp. V ≥ Q).
 *
 * P(pass) grows with the For weight (the mean margin, the quorum votes and φ_F all grow with F,
 * the spreads do not depend on it), and as time runs out it moves towards what the tally says
 * now: up if it passes, down if it fails on both counts.
 *
 * Not modelled: cancellation by the proposer, vote changes (OpenZeppelin votes are final; an
 * override moves a delegator's weight between options, which a fresh tally reflects), and the
 * timelock: a Succeeded proposal that is never queued still resolves the market Yes only once
 * queued or executed; `Expired` resolves it No.
 */
import { clampProbability, minBigint, normalCdf } from "../prob.js";
import type { MarketView } from "../types.js";
import { type Belief, type BeliefSource, checkWeight, formatP, makeBelief } from "./types.js";

/** A governor proposal's tally, in token base units, and its voting window (Unix seconds). */
export interface ProposalTally {
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  /** `quorum(snapshot)`. */
  quorum: bigint;
  /**
   * Voting power that could still be cast: delegated power at the snapshot minus the weight cast
   * (the total supply at the snapshot when delegations are unknown: an overestimate).
   */
  uncastPower: bigint;
  /** `proposalSnapshot`: votes open after it. */
  voteStart: bigint;
  /** `proposalDeadline`: votes close after it. */
  voteEnd: bigint;
}

export type VoteSupport = "for" | "against" | "abstain";

/** A vote known to be coming (e.g. the AI delegate's, decided by its mandate but not yet cast). */
export interface IntendedVote {
  support: VoteSupport;
  /** Voting weight, base units; taken from the uncast power. */
  weight: bigint;
  /** Who will cast it, for the rationale. */
  voter?: string | undefined;
}

export interface PassModelParams {
  /** ρ: share of the uncast power that votes over a whole voting period. Default 0.3. */
  participation: number;
  /** Prior split of votes still to come. Default 0.45 / 0.45 / 0.10. */
  priorSplit: { for: number; against: number; abstain: number };
  /** κ as a share of the total power (cast + uncast). Default 0.05. */
  priorWeight: number;
  /** σ_M: sd of the remaining votes' margin per unit of expected remaining votes. Default 0.5. */
  marginSd: number;
  /** σ_V: sd of the remaining votes' For + Abstain per unit of expected remaining votes. Default 0.5. */
  quorumSd: number;
}

export const DEFAULT_PASS_MODEL: PassModelParams = {
  participation: 0.3,
  priorSplit: { for: 0.45, against: 0.45, abstain: 0.1 },
  priorWeight: 0.05,
  marginSd: 0.5,
  quorumSd: 0.5,
};

/** The model's output, with its intermediate quantities for the decision record. */
export interface PassEstimate {
  /** P(pass), clamped to [1e-4, 1 − 1e-4]. */
  p: number;
  /** P(pass) before clamping. */
  raw: number;
  pMargin: number;
  pQuorum: number;
  /** Fraction of the voting period left. */
  timeLeft: number;
  /** R̄, as a share of the total power. */
  expectedRemaining: number;
  /** E[M] and E[V] − Q, as shares of the total power. */
  expectedMargin: number;
  expectedQuorumSlack: number;
  rationale: string;
}

/**
 * P(pass) of a proposal from its tally at `now` (Unix seconds). Pure. Intended votes are added to
 * the tally as cast and taken from the uncast power. Throws RangeError on a negative amount or
 * a window with voteEnd < voteStart.
 */
export function passProbability(
  tally: ProposalTally,
  now: bigint,
  params: Partial<PassModelParams> = {},
  intended: readonly IntendedVote[] = [],
): PassEstimate {
  const m = { ...DEFAULT_PASS_MODEL, ...params };
  checkParams(m);
  for (const [k, v] of Object.entries(tally)) {
    if (typeof v !== "bigint") throw new RangeError(`tally.${k} must be a bigint`);
  }
  if (
    tally.forVotes < 0n ||
    tally.againstVotes < 0n ||
    tally.abstainVotes < 0n ||
    tally.quorum < 0n ||
    tally.uncastPower < 0n
  ) {
    throw new RangeError("tally amounts must be ≥ 0");
  }
  if (tally.voteEnd < tally.voteStart) throw new RangeError("tally.voteEnd is before voteStart");

  let f = tally.forVotes;
  let a = tally.againstVotes;
  let ab = tally.abstainVotes;
  let u = tally.uncastPower;
  for (const v of intended) {
    const w = v.weight < 0n ? 0n : minBigint(v.weight, u);
    u -= w;
    if (v.support === "for") f += w;
    else if (v.support === "against") a += w;
    else ab += w;
  }

  const totalBig = f + a + ab + u;
  // Shares of the total power (scale-free floats); an empty tally with no power cannot pass.
  const total = totalBig > 0n ? Number(totalBig) : 1;
  const F = Number(f) / total;
  const A = Number(a) / total;
  const Ab = Number(ab) / total;
  const U = Number(u) / total;
  const Q = Number(tally.quorum) / total;

  const t = timeLeft(tally, now);
  const R = m.participation * t * U;
  const cast = F + A + Ab;
  const kappa = m.priorWeight; // × total power, which is 1 here
  const phiF = (kappa * m.priorSplit.for + F) / (kappa + cast);
  const phiA = (kappa * m.priorSplit.against + A) / (kappa + cast);
  const phiAb = (kappa * m.priorSplit.abstain + Ab) / (kappa + cast);

  const expectedMargin = F - A + R * (phiF - phiA);
  const expectedQuorumSlack = F + Ab + R * (phiF + phiAb) - Q;
  const pMargin = normalFactor(expectedMargin, m.marginSd * R, false);
  const pQuorum = normalFactor(expectedQuorumSlack, m.quorumSd * R, true);
  const raw = pMargin * pQuorum;
  const p = clampProbability(raw);

  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const known = intended.length
    ? `; counting ${intended.map((v) => `${v.voter ?? "a voter"} ${v.support}`).join(", ")} as cast`
    : "";
  const rationale =
    `tally For ${pct(F)} / Against ${pct(A)} / Abstain ${pct(Ab)} of the power, quorum ${pct(Q)}, ` +
    `${pct(U)} uncast, ${pct(t)} of the period left${known}: expected ${pct(R)} more votes, ` +
    `P(For > Against) ${formatP(pMargin)}, P(quorum) ${formatP(pQuorum)} → P(pass) ${formatP(raw)}`;
  return {
    p,
    raw,
    pMargin,
    pQuorum,
    timeLeft: t,
    expectedRemaining: R,
    expectedMargin,
    expectedQuorumSlack,
    rationale,
  };
}

/** Fraction of the voting window left at `now`. */
export function timeLeft(tally: Pick<ProposalTally, "voteStart" | "voteEnd">, now: bigint): number {
  if (now <= tally.voteStart) return 1;
  if (now >= tally.voteEnd) return 0;
  return Number(tally.voteEnd - now) / Number(tally.voteEnd - tally.voteStart);
}

/** P(X > 0) (or ≥ 0 when `inclusive`) for X normal with this mean and sd (sd 0: indicator). */
function normalFactor(mean: number, sd: number, inclusive: boolean): number {
  if (!(sd > 1e-12)) {
    // Compare with a tolerance relative to the power so float noise cannot flip an exact tie.
    if (Math.abs(mean) <= 1e-15) return inclusive ? 1 : 0;
    return mean > 0 ? 1 : 0;
  }
  return normalCdf(mean / sd);
}

function checkParams(m: PassModelParams) {
  const unit = (name: string, x: number) => {
    if (!(Number.isFinite(x) && x >= 0 && x <= 1)) {
      throw new RangeError(`pass model: ${name} must be in [0, 1], got ${x}`);
    }
  };
  unit("participation", m.participation);
  unit("priorSplit.for", m.priorSplit.for);
  unit("priorSplit.against", m.priorSplit.against);
  unit("priorSplit.abstain", m.priorSplit.abstain);
  const s = m.priorSplit.for + m.priorSplit.against + m.priorSplit.abstain;
  if (Math.abs(s - 1) > 1e-9)
    throw new RangeError(`pass model: priorSplit must sum to 1, got ${s}`);
  if (!(Number.isFinite(m.priorWeight) && m.priorWeight > 0)) {
    throw new RangeError(`pass model: priorWeight must be > 0, got ${m.priorWeight}`);
  }
  for (const [k, v] of [
    ["marginSd", m.marginSd],
    ["quorumSd", m.quorumSd],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(`pass model: ${k} must be > 0, got ${v}`);
  }
}

export interface ProposalSourceOptions {
  id?: string | undefined;
  weight?: number | undefined;
  /** The tally of the market's proposal (`market.proposal`), or null if unknown. */
  getTally: (market: MarketView) => Promise<ProposalTally | null>;
  /** Votes known to be coming, e.g. the AI delegate's intended vote. */
  getIntendedVotes?: ((market: MarketView) => Promise<readonly IntendedVote[]>) | undefined;
  params?: Partial<PassModelParams> | undefined;
}

/**
 * A source for proposal markets: P(yesOutcome = passes) from the live tally. Returns null for
 * markets without `proposal` or without a tally.
 */
export function proposalSource(options: ProposalSourceOptions): BeliefSource {
  const id = options.id ?? "proposal-tally";
  const weight = checkWeight(id, options.weight ?? 1);
  if (options.params) {
    checkParams({ ...DEFAULT_PASS_MODEL, ...options.params });
  }
  return {
    id,
    weight,
    async believe(market, ctx): Promise<Belief | null> {
      if (!market.proposal) return null;
      const tally = await options.getTally(market);
      if (!tally) return null;
      const intended = (await options.getIntendedVotes?.(market)) ?? [];
      const est = passProbability(tally, ctx.now, options.params, intended);
      return makeBelief(id, est.raw, est.rationale);
    },
  };
}
