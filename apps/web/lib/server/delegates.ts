import "server-only";
import { canonicalMandate, type Mandate, mandateHash } from "@mandate/mandate";
import { listDelegates } from "@mandate/sdk";
import type {
  AgentResponse,
  AgentsResponse,
  DecisionsResponse,
  DelegatesResponse,
  IndexedDecision,
  ProposalsResponse,
} from "../indexer-types";
import { decodeMandateURI, describeMandate, ruleIdOf } from "../mandate";
import type { DelegateRecord, DelegateView, Notice, TraderView } from "../views";
import { chainErrorMessage, type ServerContext } from "./context";
import { indexerNotice } from "./proposals";

const PASSED = new Set(["succeeded", "queued", "executed"]);
const FAILED = new Set(["defeated"]);

/** The outcome-agreement of an AI delegate's votes: For on passed, Against on defeated. */
export function delegateRecord(
  decisions: IndexedDecision[],
  states: Map<string, string | null>,
  titles: Map<string, string>,
): DelegateRecord {
  let decided = 0;
  let agreed = 0;
  let overridesReceived = 0;
  for (const d of decisions) {
    overridesReceived += d.overrides?.length ?? 0;
    if (d.kind !== "vote" || (d.support !== 0 && d.support !== 1)) continue;
    const state = states.get(d.proposalId) ?? null;
    if (state === null || !(PASSED.has(state) || FAILED.has(state))) continue;
    decided++;
    if ((d.support === 1 && PASSED.has(state)) || (d.support === 0 && FAILED.has(state))) agreed++;
  }
  return {
    votes: decisions.filter((d) => d.kind === "vote").length,
    asks: decisions.filter((d) => d.kind === "pending").length,
    overridesReceived,
    decided,
    agreed,
    decisions: decisions.map((d) => ({
      proposalId: d.proposalId,
      title: d.proposalTitle ?? titles.get(d.proposalId) ?? `Proposal ${d.proposalId}`,
      kind: d.kind,
      support: d.support,
      ruleId: ruleIdOf(d.text),
      rationale: d.text,
      outcome: states.get(d.proposalId) ?? null,
      overrides: d.overrides?.length ?? 0,
    })),
  };
}

type MandateRead = {
  mandate: Mandate | null;
  json: string | null;
  error: string | null;
  hashMatches: boolean | null;
};

export function readMandate(uri: string, registeredHash: string): MandateRead {
  try {
    const mandate = decodeMandateURI(uri);
    return {
      mandate,
      json: JSON.stringify(JSON.parse(canonicalMandate(mandate)), null, 2),
      error: null,
      hashMatches: mandateHash(mandate).toLowerCase() === registeredHash.toLowerCase(),
    };
  } catch (error) {
    return {
      mandate: null,
      json: null,
      error: error instanceof Error ? error.message : String(error),
      hashMatches: null,
    };
  }
}

function delegateView(
  base: Omit<DelegateView, "mandateJson" | "mandateError" | "mandateHashMatches" | "lines">,
): DelegateView {
  const m = readMandate(base.mandateURI, base.mandateHash);
  return {
    ...base,
    mandateJson: m.json,
    mandateError: m.error,
    mandateHashMatches: m.hashMatches,
    lines: m.mandate ? describeMandate(m.mandate) : [],
  };
}

export async function loadDelegates(
  ctx: ServerContext,
): Promise<{ delegates: DelegateView[]; traders: TraderView[]; notices: Notice[] }> {
  const notices: Notice[] = [];
  let votesNow = new Map<string, string>();
  let chainDelegates: Awaited<ReturnType<typeof listDelegates>> | null = null;
  if (ctx.addresses !== null) {
    try {
      chainDelegates = await listDelegates(ctx.client, { addresses: ctx.addresses });
      votesNow = new Map(chainDelegates.map((d) => [d.delegateId.toString(), d.votes.toString()]));
    } catch (error) {
      notices.push({
        kind: "chain",
        message: `The chain is unreachable (${chainErrorMessage(error)}).`,
      });
    }
  }
  const list = await ctx.indexer<DelegatesResponse>("/delegates");
  if (list.ok) {
    const proposals = await ctx.indexer<ProposalsResponse>("/proposals?limit=1000");
    const states = new Map<string, string | null>();
    const titles = new Map<string, string>();
    if (proposals.ok) {
      for (const p of proposals.data.proposals) {
        states.set(p.id, p.state);
        titles.set(p.id, p.title);
      }
    }
    const delegates = await Promise.all(
      list.data.delegates.map(async (d) => {
        const decisions = await ctx.indexer<DecisionsResponse>(
          `/delegates/${d.id}/decisions?limit=1000`,
        );
        return delegateView({
          id: d.id,
          name: d.name,
          instance: d.instance,
          owner: d.owner,
          operator: d.operator,
          model: d.model,
          mandateVersion: d.mandateVersion,
          mandateHash: d.mandateHash,
          mandateURI: d.mandateURI,
          votesDelegated: votesNow.get(d.id) ?? null,
          record: decisions.ok ? delegateRecord(decisions.data.decisions, states, titles) : null,
        });
      }),
    );
    return { delegates, traders: await loadTraders(ctx), notices };
  }
  notices.push({ kind: "indexer", message: indexerNotice(list.message) });
  const delegates = (chainDelegates ?? []).map((d) =>
    delegateView({
      id: d.delegateId.toString(),
      name: d.name,
      instance: d.instance,
      owner: d.owner,
      operator: d.operator,
      model: d.model,
      mandateVersion: d.mandate.version.toString(),
      mandateHash: d.mandate.mandateHash,
      mandateURI: d.mandate.mandateURI,
      votesDelegated: d.votes.toString(),
      record: null,
    }),
  );
  return { delegates, traders: [], notices };
}

/** AI trading agents' track records (vault trades for holders), with their mean Brier score. */
export async function loadTraders(ctx: ServerContext): Promise<TraderView[]> {
  const agents = await ctx.indexer<AgentsResponse>("/agents");
  if (!agents.ok) return [];
  return Promise.all(
    agents.data.agents.map(async (a): Promise<TraderView> => {
      const detail = await ctx.indexer<AgentResponse>(`/agents/${a.address}`);
      return {
        address: a.address,
        trades: a.trades,
        markets: a.markets,
        spent: a.spent,
        received: a.received,
        payout: a.payout,
        resolved: detail.ok ? detail.data.resolved : 0,
        meanBrier: detail.ok ? detail.data.meanBrier : null,
      };
    }),
  );
}

/** AI delegate instance (lowercase) → name, from the indexer or the chain. */
export async function delegateNames(ctx: ServerContext): Promise<Record<string, string>> {
  const list = await ctx.indexer<DelegatesResponse>("/delegates");
  if (list.ok) {
    return Object.fromEntries(list.data.delegates.map((d) => [d.instance.toLowerCase(), d.name]));
  }
  if (ctx.addresses === null) return {};
  try {
    const ds = await listDelegates(ctx.client, { addresses: ctx.addresses });
    return Object.fromEntries(ds.map((d) => [d.instance.toLowerCase(), d.name]));
  } catch {
    return {};
  }
}
