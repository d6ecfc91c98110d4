/**
 * The decision pipeline, per proposal: analyse (engine) → hash the summary → decide (the holder's
 * mandate, pure code) → record the analysis and the decision in the store. It never signs: the
 * executor acts on what is recorded here.
 *
 * A proposal the delegate already decided is left alone (the store returns the first decision),
 * and so is one the chain shows it already voted on. One bad proposal (the engine throws, the
 * decoder chokes) is logged with its id and recorded as a `proposal.failed` event; it never stops
 * the loop. When the engine is unavailable (EngineUnavailableError), the decision is to ask the
 * holder (reason code 4) instead of guessing.
 */
import { aiDelegateRegistryAbi, mandateGovernorAbi } from "@mandate/abis";
import { decide, type Mandate, type Decision as PolicyDecision } from "@mandate/mandate";
import type { Address, Hex, PublicClient } from "viem";
import { EngineUnavailableError } from "../engines/fallback.js";
import {
  type DecisionRecord,
  type DecisionStore,
  summaryHash as hashSummary,
} from "../store/index.js";
import type { Analysis, DecodeContext, Engine, Summary } from "../types.js";
import { isOpen, withRetry } from "./chain.js";
import { errorLine } from "./errors.js";
import type { SeenProposal } from "./watcher.js";

/** Longest rationale sent on-chain (and stored): the policy engine's limit. */
export const RATIONALE_MAX_CHARS = 200;
/** Rule id of a decision to ask because no engine could analyse the proposal. */
export const ENGINE_UNAVAILABLE_RULE = "engine-unavailable";

/** Registry reason codes of a pending decision (`IAIDelegateRegistry.PendingDecision`). */
export const REASON_CODES = {
  askHolder: 0,
  outsideMandate: 1,
  lowConfidence: 2,
  mismatch: 3,
  other: 4,
} as const;
export type ReasonCode = (typeof REASON_CODES)[keyof typeof REASON_CODES];

/**
 * Why the delegate asks instead of voting, as a registry reason code: 0 the mandate says ask (a
 * rule or the default stance), 2 low confidence (confidence below the mandate's minimum, or
 * calldata that could not be decoded), 3 the text does not match the actions, 4 other (no
 * engine could analyse the proposal).
 */
export function reasonCodeFor(ruleId: string | null): ReasonCode {
  switch (ruleId) {
    case "uncertainty.minConfidence":
    case "uncertainty.onUnknownCalldata":
      return REASON_CODES.lowConfidence;
    case "uncertainty.onMismatch":
      return REASON_CODES.mismatch;
    case ENGINE_UNAVAILABLE_RULE:
      return REASON_CODES.other;
    default:
      return REASON_CODES.askHolder;
  }
}

/** Cuts `text` to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * The rationale recorded on-chain: the policy engine's rationale, led by the rule id when the
 * rationale does not already name it, at most 200 characters.
 */
export function formatRationale(ruleId: string, rationale: string): string {
  const text = rationale.replace(/\s+/g, " ").trim();
  const full = text.includes(ruleId) ? text : `${ruleId}: ${text}`;
  return clipText(full, RATIONALE_MAX_CHARS);
}

export interface PipelineContext {
  store: DecisionStore;
  engine: Engine;
  client: PublicClient;
  governor: Address;
  registry: Address;
  delegateId: bigint;
  /** The delegate's AIDelegate instance: the voter, and the store's `delegate`. */
  instance: Address;
  mandate: Mandate;
  mandateHash: Hex;
  mandateVersion: bigint;
  decodeContext: DecodeContext;
  /** One line per step (already tagged by the caller). */
  log: (line: string) => void;
}

export type PipelineOutcome =
  | {
      kind: "decided";
      decision: DecisionRecord;
      /** False when the store already held a decision (recording is idempotent). */
      created: boolean;
      /** The policy engine's decision; null when the engine was unavailable. */
      policy: PolicyDecision | null;
      engine: string;
      analysisMs: number;
    }
  | { kind: "existing"; decision: DecisionRecord }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; error: string };

/** `P 9002…`: a proposal id short enough for a log line. */
export function shortId(id: bigint | string): string {
  const s = id.toString();
  return s.length > 6 ? `P ${s.slice(0, 6)}…` : `P ${s}`;
}

export const VOTE_WORDS = { for: "For", against: "Against", abstain: "Abstain" } as const;

/** A placeholder summary for a proposal no engine could analyse (its hash is still recorded). */
export function unavailableSummary(p: SeenProposal, error: EngineUnavailableError): Summary {
  const heading = /^#\s+(.+)$/m.exec(p.input.description)?.[1];
  const firstLine = p.input.description.split("\n").find((l) => l.trim().length > 0);
  const title = clipText((heading ?? firstLine ?? `Proposal ${p.input.id}`).trim(), 200);
  return {
    title: title.length > 0 ? title : `Proposal ${clipText(p.input.id, 180)}`,
    tldr: clipText(`Not analysed: ${error.engine} is unavailable (${error.reason}).`, 280),
    whatChanges: [],
    actions: [],
    risks: [],
    affectedParties: [],
    flags: ["No engine could analyse this proposal; the holder decides."],
    confidence: 0,
    engine: clipText(`none (${error.engine} unavailable)`, 200),
  };
}

/** Analyses, decides and records one proposal. Never throws for a bad proposal. */
export async function processProposal(
  p: SeenProposal,
  ctx: PipelineContext,
): Promise<PipelineOutcome> {
  const { store, governor, instance } = ctx;
  const tag = shortId(p.id);

  const existing = await store.findDecision(instance, governor, p.id);
  if (existing) return { kind: "existing", decision: existing };

  if (!isOpen(p.status)) {
    const reason = `the proposal is ${p.status}`;
    await store.appendEvent({
      kind: "proposal.skipped",
      governor,
      proposalId: p.id,
      data: { delegate: instance, reason, status: p.status },
    });
    return { kind: "skipped", reason };
  }

  const voted = await withRetry(() =>
    ctx.client.readContract({
      address: governor,
      abi: mandateGovernorAbi,
      functionName: "hasVoted",
      args: [p.id, instance],
    }),
  );
  if (voted) {
    const record = await withRetry(() =>
      ctx.client.readContract({
        address: ctx.registry,
        abi: aiDelegateRegistryAbi,
        functionName: "voteRecord",
        args: [ctx.delegateId, p.id],
      }),
    );
    const reason = "the delegate already voted on it";
    await store.appendEvent({
      kind: "proposal.skipped",
      governor,
      proposalId: p.id,
      data: {
        delegate: instance,
        reason,
        support: record.support,
        summaryHash: record.summaryHash,
        mandateHash: record.mandateHash,
      },
    });
    return { kind: "skipped", reason };
  }

  // An "ask" already on-chain under the same mandate (recorded by an earlier run whose store is
  // gone, or by the seed) is not recorded twice; a new mandate version decides afresh.
  const asked = await withRetry(() =>
    ctx.client.getContractEvents({
      address: ctx.registry,
      abi: aiDelegateRegistryAbi,
      eventName: "PendingDecisionRecorded",
      args: { delegateId: ctx.delegateId, proposalId: p.id },
      fromBlock: p.blockNumber,
      toBlock: "latest",
    }),
  );
  const sameMandate = asked.find(
    (log) => log.args.mandateHash?.toLowerCase() === ctx.mandateHash.toLowerCase(),
  );
  if (sameMandate) {
    const reason = "the delegate already asked its holders under this mandate";
    await store.appendEvent({
      kind: "proposal.skipped",
      governor,
      proposalId: p.id,
      data: {
        delegate: instance,
        reason,
        reasonCode: sameMandate.args.reasonCode,
        transactionHash: sameMandate.transactionHash,
        mandateHash: sameMandate.args.mandateHash,
      },
    });
    return { kind: "skipped", reason };
  }

  const started = performance.now();
  let analysis: Analysis | null = null;
  let unavailable: EngineUnavailableError | null = null;
  try {
    analysis = await ctx.engine.analyze(p.input, ctx.decodeContext);
  } catch (e) {
    if (e instanceof EngineUnavailableError) {
      unavailable = e;
    } else {
      const error = errorLine(e);
      await store.appendEvent({
        kind: "proposal.failed",
        governor,
        proposalId: p.id,
        data: { delegate: instance, stage: "analyze", error },
      });
      ctx.log(`${tag}: analysis failed, skipped: ${error}`);
      return { kind: "failed", error };
    }
  }
  const analysisMs = performance.now() - started;

  let summary: Summary;
  let policy: PolicyDecision | null = null;
  let vote: "for" | "against" | "abstain" | null;
  let ruleId: string;
  let rationale: string;
  if (analysis) {
    summary = analysis.summary;
    try {
      policy = decide(analysis.facts, ctx.mandate);
    } catch (e) {
      const error = errorLine(e);
      await store.appendEvent({
        kind: "proposal.failed",
        governor,
        proposalId: p.id,
        data: { delegate: instance, stage: "decide", error },
      });
      ctx.log(`${tag}: the policy engine failed, skipped: ${error}`);
      return { kind: "failed", error };
    }
    vote = policy.vote === "ask" ? null : policy.vote;
    ruleId = policy.ruleId;
    rationale = formatRationale(policy.ruleId, policy.rationale);
  } else {
    const err = unavailable as EngineUnavailableError;
    summary = unavailableSummary(p, err);
    vote = null;
    ruleId = ENGINE_UNAVAILABLE_RULE;
    rationale = formatRationale(
      ruleId,
      `No engine could analyse the proposal (${err.engine} unavailable); the holder decides.`,
    );
  }

  const hash = hashSummary(summary);
  await store.saveAnalysis({
    governor,
    proposalId: p.id,
    engine: summary.engine,
    summary,
    facts: analysis?.facts ?? null,
    summaryHash: hash,
  });
  const { decision, created } = await store.recordDecision({
    delegate: instance,
    governor,
    proposalId: p.id,
    mandateHash: ctx.mandateHash,
    mandateVersion: Number(ctx.mandateVersion),
    summaryHash: hash,
    vote,
    ruleId,
    rationale,
    status: vote === null ? "asked" : "pending",
    deadline: p.voteEnd,
  });
  const what = vote === null ? `Ask the holder` : VOTE_WORDS[vote];
  ctx.log(
    `${tag}: analyzed (${summary.engine}) in ${analysisMs.toFixed(0)} ms → ${what} by rule '${ruleId}'` +
      (created ? "" : " (already recorded)"),
  );
  return { kind: "decided", decision, created, policy, engine: summary.engine, analysisMs };
}
