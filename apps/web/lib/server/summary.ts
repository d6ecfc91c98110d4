import "server-only";
/**
 * Proposal summaries, computed on the server with the AI delegate's own decoder and offline engine
 * (@mandate/delegate). The engine is deterministic, so for a proposal the offline delegate voted
 * on, the summary computed here is the one it voted from: its hash equals the summary hash the
 * delegate recorded on-chain. The page says whether it does ("matches the delegate's recorded
 * summary") instead of assuming it.
 *
 * The decode context is built exactly as the delegate builds it (agents/delegate/src/agent/
 * config.ts, `connectDelegate`): the same token, prices and contract labels, since labels appear
 * in the summary's text and so in its hash.
 */
import {
  deployments,
  governanceTokenAbi,
  mandateGovernorAbi,
  timelockControllerAbi,
} from "@mandate/abis";
import type {
  Analysis,
  ChainTokens,
  DecodeContext,
  Engine,
  ProposalInput,
} from "@mandate/delegate";
import type { MandateAddresses } from "@mandate/sdk";
import { type Address, getAddress, type Hex, type PublicClient } from "viem";
import { loadSettings } from "../config";

export type ProposalSummary = Analysis & {
  /** keccak256 of the summary's canonical JSON: what an AI delegate records with its vote. */
  summaryHash: Hex;
  /** The engine that wrote it, e.g. "offline (TextRank + rules)". */
  engineLabel: string;
};

export type SummaryInput = {
  id: bigint;
  governor: Address;
  description: string;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  voteEnd: bigint;
};

type DelegateModule = typeof import("@mandate/delegate");
let delegateModule: Promise<DelegateModule> | null = null;
let offlineEngine: Engine | null = null;

/**
 * @mandate/delegate, loaded by Node at run time rather than bundled: it is a workspace package
 * (so Next would compile it as app code) that also carries database drivers and a model client.
 */
function delegate(): Promise<DelegateModule> {
  delegateModule ??= import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ "@mandate/delegate"
  ) as Promise<DelegateModule>;
  return delegateModule;
}

const contexts = new Map<string, Promise<DecodeContext>>();
const summaries = new Map<string, Promise<ProposalSummary>>();
const MAX_CACHED = 500;

/**
 * The assumed USD price of one governance token, as the delegate assumes it (MANDATE_MNDT_USD,
 * from the environment or the configuration file, like every other setting).
 */
function governanceTokenUsd(fallback: number): number {
  const raw = loadSettings().env.MANDATE_MNDT_USD;
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`MANDATE_MNDT_USD must be a non-negative number, got "${raw}"`);
  }
  return n;
}

/** The decode context the delegate uses on this chain (cached per chain, governor and RPC). */
export function decodeContextFor(
  client: PublicClient,
  addresses: MandateAddresses,
): Promise<DecodeContext> {
  const chainId = client.chain?.id ?? 0;
  const key = `${chainId}:${addresses.mandateGovernor}:${addresses.aiDelegateRegistry}`;
  let context = contexts.get(key);
  if (context === undefined) {
    context = buildContext(client, chainId, addresses);
    // A failed read (node down) must not be cached.
    context.catch(() => contexts.delete(key));
    contexts.set(key, context);
  }
  return context;
}

async function buildContext(
  client: PublicClient,
  chainId: number,
  addresses: MandateAddresses,
): Promise<DecodeContext> {
  const governor = getAddress(addresses.mandateGovernor);
  const registry = getAddress(addresses.aiDelegateRegistry);
  const tokenAddress = getAddress(
    await client.readContract({
      address: governor,
      abi: mandateGovernorAbi,
      functionName: "token",
    }),
  );
  const [symbol, decimals, timelockRaw] = await Promise.all([
    client.readContract({ address: tokenAddress, abi: governanceTokenAbi, functionName: "symbol" }),
    client.readContract({
      address: tokenAddress,
      abi: governanceTokenAbi,
      functionName: "decimals",
    }),
    client.readContract({ address: governor, abi: mandateGovernorAbi, functionName: "timelock" }),
  ]);
  const timelock = getAddress(timelockRaw);
  const known: ChainTokens = {
    governanceToken: { address: tokenAddress, symbol, decimals: Number(decimals) },
    stablecoin: null,
    labels: {
      [timelock]: { label: "DAO treasury (timelock)", abi: timelockControllerAbi },
      [governor]: { label: "MandateGovernor (the DAO's governor)", abi: mandateGovernorAbi },
      [registry]: { label: "AIDelegateRegistry" },
    },
  };
  const local = deployments.localhost;
  const c = local.contracts;
  const usingLocal =
    chainId === local.chainId &&
    getAddress(c.AIDelegateRegistry.address) === registry &&
    getAddress(c.MandateGovernor.address) === governor;
  if (usingLocal) {
    const collateral = getAddress(c.DemoCollateral.address);
    const code = await client.getCode({ address: collateral });
    if (code !== undefined && code !== "0x") {
      known.stablecoin = { address: collateral, symbol: "mUSD", decimals: 6 };
    }
    known.labels[getAddress(c.LMSRMarket.address)] = { label: "LMSRMarket (prediction markets)" };
    known.labels[getAddress(c.TradingVault.address)] = { label: "TradingVault" };
    known.labels[getAddress(c.GovernorResolver.address)] = { label: "GovernorResolver" };
    known.labels[getAddress(c.OptimisticResolver.address)] = { label: "OptimisticResolver" };
    known.labels[getAddress(c.CommitteeResolver.address)] = { label: "CommitteeResolver" };
    known.labels[getAddress(c.PriceOracleProxy.address)] = {
      label: "premium price oracle (proxy)",
    };
  }
  const { buildDecodeContext, DEFAULT_MNDT_USD } = await delegate();
  return buildDecodeContext(chainId, known, governanceTokenUsd(DEFAULT_MNDT_USD));
}

/**
 * The offline engine's summary and facts of a proposal, and the summary's hash. Cached by
 * proposal id: an id is the hash of the actions and the description, so it fixes the content.
 */
export function summarizeProposal(
  client: PublicClient,
  addresses: MandateAddresses,
  proposal: SummaryInput,
): Promise<ProposalSummary> {
  const key = `${client.chain?.id ?? 0}:${proposal.governor.toLowerCase()}:${proposal.id}`;
  let summary = summaries.get(key);
  if (summary === undefined) {
    summary = (async () => {
      const context = await decodeContextFor(client, addresses);
      const { createOfflineEngine, summaryHash } = await delegate();
      offlineEngine ??= createOfflineEngine();
      const engine = offlineEngine;
      const input: ProposalInput = {
        id: proposal.id.toString(),
        governor: proposal.governor.toLowerCase() as `0x${string}`,
        description: proposal.description,
        targets: [...proposal.targets],
        values: [...proposal.values],
        calldatas: [...proposal.calldatas],
        voteEnd: Number(proposal.voteEnd),
      };
      const analysis = await engine.analyze(input, context);
      return {
        ...analysis,
        summaryHash: summaryHash(analysis.summary),
        engineLabel: engine.label,
      };
    })();
    summary.catch(() => summaries.delete(key));
    if (summaries.size >= MAX_CACHED) {
      const oldest = summaries.keys().next().value;
      if (oldest !== undefined) summaries.delete(oldest);
    }
    summaries.set(key, summary);
  }
  return summary;
}
