import "server-only";
import {
  getDecision,
  getMarket,
  getMarketMetadata,
  getPrices,
  getProposal,
  getProposalMarket,
  isMandateError,
  listDelegates,
  listProposals,
  type MandateAddresses,
  type ProposalView,
  type DelegateView as SdkDelegateView,
} from "@mandate/sdk";
import type { Address, Hex } from "viem";
import type {
  IndexedDecision,
  IndexedMarket,
  IndexedProposal,
  ProposalResponse,
  ProposalsResponse,
} from "../indexer-types";
import { ruleIdOf } from "../mandate";
import type {
  ActionView,
  AiDecisionView,
  MarketSummaryView,
  Notice,
  ProposalDetail,
  ProposalListItem,
  SummaryView,
} from "../views";
import { chainErrorMessage, type ServerContext } from "./context";
import { type ProposalSummary, summarizeProposal } from "./summary";

export const PROPOSALS_PAGE_SIZE = 20;

export function summaryView(s: ProposalSummary): SummaryView {
  return {
    ...s.summary,
    engineLabel: s.engineLabel,
    summaryHash: s.summaryHash,
    mismatches: s.facts.mismatches.map((m) => ({ kind: m.kind, detail: m.detail })),
    risk: s.facts.risk,
    topics: [...s.facts.topics],
    totalUsd: s.facts.totalUsd,
  };
}

export function indexedDecisionView(
  d: IndexedDecision,
  summaryHash: string | null,
): AiDecisionView {
  return {
    delegateId: d.delegateId,
    delegateName: d.delegateName ?? `Delegate #${d.delegateId}`,
    kind: d.kind,
    support: d.support,
    reasonCode: d.reasonCode,
    ruleId: ruleIdOf(d.text),
    rationale: d.text,
    summaryHash: d.summaryHash,
    mandateHash: d.mandateHash,
    summaryMatches:
      summaryHash === null ? null : d.summaryHash.toLowerCase() === summaryHash.toLowerCase(),
    weight: d.weight,
    txHash: d.txHash,
    timestamp: d.timestamp,
  };
}

/** The latest decision of each delegate, in delegate order. */
export function latestPerDelegate(decisions: AiDecisionView[]): AiDecisionView[] {
  const byDelegate = new Map<string, AiDecisionView>();
  for (const d of decisions) {
    const seen = byDelegate.get(d.delegateId);
    if (seen === undefined || Number(d.timestamp ?? 0) >= Number(seen.timestamp ?? 0)) {
      byDelegate.set(d.delegateId, d);
    }
  }
  return [...byDelegate.values()].sort((a, b) => Number(a.delegateId) - Number(b.delegateId));
}

export function indexedMarketView(m: IndexedMarket): MarketSummaryView {
  return {
    id: m.id,
    question: m.question ?? `Market #${m.id}`,
    outcomes: m.outcomes ?? Array.from({ length: m.outcomeCount }, (_, i) => `Outcome ${i}`),
    prices: m.prices,
    state: m.state,
    resolvedOutcome: m.resolvedOutcome,
    closeTime: m.closeTime,
    volume: m.volume,
    tradeCount: m.tradeCount,
    liquidity: m.liquidity,
    feeBps: m.feeBps,
    kind: m.kind,
    proposalId: m.proposalId,
    resolver: m.resolver,
    creator: m.creator,
    collateral: m.collateral,
  };
}

async function safeSummary(
  ctx: ServerContext,
  input: Parameters<typeof summarizeProposal>[2],
): Promise<{ summary: ProposalSummary | null; error: string | null }> {
  if (ctx.addresses === null) return { summary: null, error: "no known deployment for this chain" };
  try {
    return { summary: await summarizeProposal(ctx.client, ctx.addresses, input), error: null };
  } catch (error) {
    return { summary: null, error: chainErrorMessage(error) };
  }
}

function summaryInputFromIndexed(
  p: IndexedProposal & { calldatas: Hex[]; description: string },
  governor: Address,
) {
  return {
    id: BigInt(p.id),
    governor,
    description: p.description,
    targets: p.targets as Address[],
    values: p.values.map((v) => BigInt(v)),
    calldatas: p.calldatas,
    voteEnd: BigInt(p.voteEnd),
  };
}

function summaryInputFromChain(p: ProposalView, governor: Address) {
  return {
    id: p.proposalId,
    governor,
    description: p.description ?? "",
    targets: (p.actions ?? []).map((a) => a.target),
    values: (p.actions ?? []).map((a) => a.value ?? 0n),
    calldatas: (p.actions ?? []).map((a) => a.data),
    voteEnd: p.deadline,
  };
}

const lower = (s: string) => s.toLowerCase();

// ------------------------------------------------------------------ list

export async function loadProposalList(
  ctx: ServerContext,
  page = 0,
): Promise<{ items: ProposalListItem[]; notices: Notice[]; hasMore: boolean }> {
  const notices: Notice[] = [];
  const list = await ctx.indexer<ProposalsResponse>(
    `/proposals?limit=${PROPOSALS_PAGE_SIZE + 1}&offset=${page * PROPOSALS_PAGE_SIZE}`,
  );
  if (list.ok && ctx.addresses !== null) {
    const governor = ctx.addresses.mandateGovernor;
    const rows = list.data.proposals.slice(0, PROPOSALS_PAGE_SIZE);
    const details = await Promise.all(
      rows.map((p) => ctx.indexer<ProposalResponse>(`/proposals/${p.id}`)),
    );
    const items = await Promise.all(
      rows.map(async (p, i): Promise<ProposalListItem> => {
        const detail = details[i];
        const full = detail?.ok ? detail.data : null;
        const { summary } = full
          ? await safeSummary(ctx, summaryInputFromIndexed(full.proposal, governor))
          : { summary: null };
        const decisions = (full?.aiDecisions ?? []).map((d) =>
          indexedDecisionView(d, summary?.summaryHash ?? null),
        );
        return {
          id: p.id,
          title: p.title,
          state: p.state,
          forVotes: p.forVotes,
          againstVotes: p.againstVotes,
          abstainVotes: p.abstainVotes,
          voteEnd: p.voteEnd,
          marketId: p.marketId,
          overrideCount: p.overrideCount,
          tldr: summary?.summary.tldr ?? null,
          mismatchCount: summary?.facts.mismatches.length ?? 0,
          decisions: latestPerDelegate(decisions),
        };
      }),
    );
    return { items, notices, hasMore: list.data.proposals.length > PROPOSALS_PAGE_SIZE };
  }
  if (!list.ok) notices.push({ kind: "indexer", message: indexerNotice(list.message) });
  if (ctx.addresses === null) return { items: [], notices, hasMore: false };
  // The indexer is unreachable: read the proposals and the AI decisions from the chain.
  try {
    const { items, hasMore } = await chainProposalList(ctx, ctx.addresses, page);
    return { items, notices, hasMore };
  } catch (error) {
    notices.push({
      kind: "chain",
      message: `The chain is unreachable too (${chainErrorMessage(error)}): no proposals to show.`,
    });
    return { items: [], notices, hasMore: false };
  }
}

export function indexerNotice(message: string): string {
  return `${message} Showing what can be read from the chain; votes, overrides and history need the indexer.`;
}

async function chainDecisions(
  ctx: ServerContext,
  addresses: MandateAddresses,
  delegates: SdkDelegateView[],
  proposalId: bigint,
  summaryHash: string | null,
): Promise<AiDecisionView[]> {
  const out: AiDecisionView[] = [];
  await Promise.all(
    delegates.map(async (d) => {
      const decision = await getDecision(ctx.client, {
        addresses,
        delegateId: d.delegateId,
        proposalId,
      });
      const base = {
        delegateId: d.delegateId.toString(),
        delegateName: d.name,
        txHash: null,
      };
      const matches = (h: string) =>
        summaryHash === null ? null : lower(h) === lower(summaryHash);
      if (decision.vote) {
        const v = decision.vote;
        const text = v.rationale ?? "";
        out.push({
          ...base,
          kind: "vote",
          support: v.support,
          reasonCode: null,
          ruleId: ruleIdOf(text),
          rationale: text,
          summaryHash: v.summaryHash,
          mandateHash: v.mandateHash,
          summaryMatches: matches(v.summaryHash),
          weight: v.weight?.toString() ?? null,
          timestamp: v.timestamp.toString(),
        });
      } else if (decision.pending) {
        const p = decision.pending;
        const text = p.note ?? "";
        out.push({
          ...base,
          kind: "pending",
          support: null,
          reasonCode: p.reasonCode,
          ruleId: ruleIdOf(text),
          rationale: text,
          summaryHash: p.summaryHash,
          mandateHash: p.mandateHash,
          summaryMatches: matches(p.summaryHash),
          weight: null,
          timestamp: p.timestamp.toString(),
        });
      }
    }),
  );
  return out.sort((a, b) => Number(a.delegateId) - Number(b.delegateId));
}

async function chainProposalList(
  ctx: ServerContext,
  addresses: MandateAddresses,
  page: number,
): Promise<{ items: ProposalListItem[]; hasMore: boolean }> {
  const [all, delegates] = await Promise.all([
    listProposals(ctx.client, { addresses }),
    listDelegates(ctx.client, { addresses }),
  ]);
  const newestFirst = [...all].reverse();
  const rows = newestFirst.slice(page * PROPOSALS_PAGE_SIZE, (page + 1) * PROPOSALS_PAGE_SIZE);
  const items = await Promise.all(
    rows.map(async (p): Promise<ProposalListItem> => {
      const { summary } = await safeSummary(
        ctx,
        summaryInputFromChain(p, addresses.mandateGovernor),
      );
      const decisions = await chainDecisions(
        ctx,
        addresses,
        delegates,
        p.proposalId,
        summary?.summaryHash ?? null,
      );
      return {
        id: p.proposalId.toString(),
        title: p.title ?? `Proposal ${p.proposalId}`,
        state: p.stateName.toLowerCase(),
        forVotes: p.votes.for.toString(),
        againstVotes: p.votes.against.toString(),
        abstainVotes: p.votes.abstain.toString(),
        voteEnd: p.deadline.toString(),
        marketId: null,
        overrideCount: 0,
        tldr: summary?.summary.tldr ?? null,
        mismatchCount: summary?.facts.mismatches.length ?? 0,
        decisions,
      };
    }),
  );
  return { items, hasMore: newestFirst.length > (page + 1) * PROPOSALS_PAGE_SIZE };
}

// ------------------------------------------------------------------ detail

function actionViews(
  targets: readonly string[],
  values: readonly (string | bigint)[],
  calldatas: readonly string[],
  summary: ProposalSummary | null,
): ActionView[] {
  return targets.map((target, i) => ({
    index: i,
    target,
    value: String(values[i] ?? "0"),
    data: calldatas[i] ?? "0x",
    description: summary?.facts.actions[i]?.description ?? summary?.summary.actions[i] ?? null,
  }));
}

export async function loadProposalDetail(
  ctx: ServerContext,
  id: bigint,
): Promise<{ detail: ProposalDetail | null; notices: Notice[] }> {
  const notices: Notice[] = [];
  if (ctx.addresses === null) return { detail: null, notices };
  const addresses = ctx.addresses;
  const res = await ctx.indexer<ProposalResponse>(`/proposals/${id}`);
  if (res.ok) {
    const { proposal: p, votes, overrides, aiDecisions, market } = res.data;
    const { summary, error } = await safeSummary(
      ctx,
      summaryInputFromIndexed(p, addresses.mandateGovernor),
    );
    const decisions = aiDecisions.map((d) => indexedDecisionView(d, summary?.summaryHash ?? null));
    return {
      notices,
      detail: {
        id: p.id,
        title: p.title,
        state: p.state,
        forVotes: res.data.tally.for,
        againstVotes: res.data.tally.against,
        abstainVotes: res.data.tally.abstain,
        voteStart: p.voteStart,
        voteEnd: p.voteEnd,
        marketId: p.marketId,
        overrideCount: p.overrideCount,
        tldr: summary?.summary.tldr ?? null,
        mismatchCount: summary?.facts.mismatches.length ?? 0,
        decisions,
        proposer: p.proposer,
        description: p.description,
        createdTimestamp: p.createdTimestamp,
        actions: actionViews(p.targets, p.values, p.calldatas, summary),
        summary: summary ? summaryView(summary) : null,
        summaryError: error,
        votes: votes.map((v) => ({
          voter: v.voter,
          support: v.support,
          weight: v.weight,
          reason: v.reason,
          aiDelegateId: v.aiDelegateId,
          txHash: v.txHash,
        })),
        overrides: overrides.map((o) => ({
          voter: o.voter,
          support: o.support,
          weight: o.weight,
          reason: o.reason,
          delegate: o.delegate,
          txHash: o.txHash,
        })),
        market: market ? indexedMarketView(market) : null,
      },
    };
  }
  if (res.reason === "http" && res.status === 404) {
    // Not indexed (yet): a proposal created a moment ago is on the chain before the indexer
    // reaches its block. Read it from the chain; only the chain can say it does not exist.
    notices.push({
      kind: "info",
      message:
        "The indexer has not indexed this proposal yet: showing what the chain holds; votes and overrides appear in a few seconds.",
    });
  } else {
    notices.push({ kind: "indexer", message: indexerNotice(res.message) });
  }
  try {
    const p = await getProposal(ctx.client, { addresses, proposalId: id });
    if (p.description === undefined) return { detail: null, notices: [] };
    const { summary, error } = await safeSummary(
      ctx,
      summaryInputFromChain(p, addresses.mandateGovernor),
    );
    const delegates = await listDelegates(ctx.client, { addresses });
    const decisions = await chainDecisions(
      ctx,
      addresses,
      delegates,
      id,
      summary?.summaryHash ?? null,
    );
    const market = await chainProposalMarket(ctx, addresses, id);
    return {
      notices,
      detail: {
        id: id.toString(),
        title: p.title ?? `Proposal ${id}`,
        state: p.stateName.toLowerCase(),
        forVotes: p.votes.for.toString(),
        againstVotes: p.votes.against.toString(),
        abstainVotes: p.votes.abstain.toString(),
        voteStart: p.snapshot.toString(),
        voteEnd: p.deadline.toString(),
        marketId: market?.id ?? null,
        overrideCount: 0,
        tldr: summary?.summary.tldr ?? null,
        mismatchCount: summary?.facts.mismatches.length ?? 0,
        decisions,
        proposer: p.proposer,
        description: p.description,
        createdTimestamp: null,
        actions: actionViews(
          (p.actions ?? []).map((a) => a.target),
          (p.actions ?? []).map((a) => a.value ?? 0n),
          (p.actions ?? []).map((a) => a.data),
          summary,
        ),
        summary: summary ? summaryView(summary) : null,
        summaryError: error,
        votes: [],
        overrides: [],
        market,
      },
    };
  } catch (error) {
    if (isMandateError(error, "GovernorNonexistentProposal")) return { detail: null, notices: [] };
    notices.push({
      kind: "chain",
      message: `The chain is unreachable too (${chainErrorMessage(error)}).`,
    });
    return { detail: null, notices };
  }
}

async function chainProposalMarket(
  ctx: ServerContext,
  addresses: MandateAddresses,
  proposalId: bigint,
): Promise<MarketSummaryView | null> {
  try {
    const pm = await getProposalMarket(ctx.client, { addresses, proposalId });
    if (pm.marketId === 0n) return null;
    return await chainMarketView(ctx, addresses, pm.marketId);
  } catch {
    return null;
  }
}

/** A market read from the chain alone (no volume or trade count). */
export async function chainMarketView(
  ctx: ServerContext,
  addresses: MandateAddresses,
  marketId: bigint,
): Promise<MarketSummaryView> {
  const [m, meta, prices] = await Promise.all([
    getMarket(ctx.client, { addresses, marketId }),
    getMarketMetadata(ctx.client, { addresses, marketId }).catch(() => null),
    getPrices(ctx.client, { addresses, marketId }),
  ]);
  const n = Number(m.outcomeCount);
  const state = m.stateName.toLowerCase();
  return {
    id: marketId.toString(),
    question: meta?.metadata?.question ?? `Market #${marketId}`,
    outcomes: meta?.metadata?.outcomes ?? Array.from({ length: n }, (_, i) => `Outcome ${i}`),
    prices: prices.wad.map((p) => p.toString()),
    state,
    resolvedOutcome: state === "resolved" ? Number(m.resolvedOutcome) : null,
    closeTime: m.closeTime.toString(),
    volume: null,
    tradeCount: null,
    liquidity: m.liquidity.toString(),
    feeBps: Number(m.feeBps),
    kind:
      m.resolver.toLowerCase() === addresses.governorResolver.toLowerCase()
        ? "proposal"
        : "general",
    proposalId: null,
    resolver: m.resolver,
    creator: m.creator,
    collateral: m.collateral,
  };
}

// ------------------------------------------------------------------ facts of recent proposals

export type RecentAnalysis = {
  id: string;
  title: string;
  state: string | null;
  facts: ProposalSummary["facts"];
  tldr: string;
};

/**
 * The decoded facts of the most recent proposals (the input a mandate decides on), for the
 * mandate previews. From the indexer, else from the chain; proposals that cannot be analysed are
 * left out.
 */
export async function loadRecentAnalyses(
  ctx: ServerContext,
  limit = 12,
): Promise<{ analyses: RecentAnalysis[]; notices: Notice[] }> {
  const notices: Notice[] = [];
  if (ctx.addresses === null) return { analyses: [], notices };
  const addresses = ctx.addresses;
  const governor = addresses.mandateGovernor;
  const list = await ctx.indexer<ProposalsResponse>(`/proposals?limit=${limit}`);
  let inputs: {
    title: string;
    state: string | null;
    input: Parameters<typeof summarizeProposal>[2];
  }[] = [];
  if (list.ok) {
    const details = await Promise.all(
      list.data.proposals.map((p) => ctx.indexer<ProposalResponse>(`/proposals/${p.id}`)),
    );
    inputs = details.flatMap((d) =>
      d.ok
        ? [
            {
              title: d.data.proposal.title,
              state: d.data.proposal.state,
              input: summaryInputFromIndexed(d.data.proposal, governor),
            },
          ]
        : [],
    );
  } else {
    notices.push({ kind: "indexer", message: indexerNotice(list.message) });
    try {
      const all = await listProposals(ctx.client, { addresses });
      inputs = [...all]
        .reverse()
        .slice(0, limit)
        .map((p) => ({
          title: p.title ?? `Proposal ${p.proposalId}`,
          state: p.stateName.toLowerCase(),
          input: summaryInputFromChain(p, governor),
        }));
    } catch (error) {
      notices.push({
        kind: "chain",
        message: `The chain is unreachable (${chainErrorMessage(error)}).`,
      });
      return { analyses: [], notices };
    }
  }
  const analyses = await Promise.all(
    inputs.map(async ({ title, state, input }) => {
      const { summary } = await safeSummary(ctx, input);
      return summary
        ? [
            {
              id: input.id.toString(),
              title,
              state,
              facts: summary.facts,
              tldr: summary.summary.tldr,
            },
          ]
        : [];
    }),
  );
  return { analyses: analyses.flat(), notices };
}
