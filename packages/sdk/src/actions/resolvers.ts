/**
 * Resolvers: proposal markets ("will proposal N pass?", `GovernorResolver`) and the optimistic
 * resolver's bonded answers (`OptimisticResolver`: propose, dispute, finalize, claim).
 */

import { governorResolverAbi, optimisticResolverAbi } from "@mandate/abis";
import { type Address, type Hex, parseEventLogs, zeroAddress, zeroHash } from "viem";
import { readContract } from "viem/actions";
import type { MandateAddresses } from "../addresses.js";
import type { ErrorContext } from "../errorMessages.js";
import {
  OPTIMISTIC_STATUSES,
  type OptimisticStatusName,
  type ProposalStateName,
  proposalStateName,
} from "../format.js";
import {
  contractCall,
  guard,
  type MandateClientLike,
  type ReadOptions,
  resolve,
  sendCall,
  tokenUnits,
  type WriteOptions,
  type WriteResult,
} from "../internal.js";
import { encodeMarketMetadata, type MarketMetadata } from "../metadata.js";
import { ensureAllowance } from "./tokens.js";

/** Outcome indexes of proposal markets. */
export const PROPOSAL_MARKET_OUTCOMES = { no: 0n, yes: 1n } as const;

// ── proposal markets (GovernorResolver) ───────────────────────────────────────────────────────

async function proposalMarketContext(
  client: MandateClientLike,
  addresses: MandateAddresses,
): Promise<ErrorContext> {
  const collateral = await readContract(client, {
    address: addresses.governorResolver,
    abi: governorResolverAbi,
    functionName: "collateral",
  });
  return { collateral: await tokenUnits(client, collateral) };
}

export type CreateProposalMarketParameters = WriteOptions & {
  proposalId: bigint;
  /** LMSR liquidity b, base units of the resolver's collateral (at least `minLiquidity`). */
  liquidity: bigint;
  /** The metadata document, or its hash and URI (default: none). */
  metadata?: MarketMetadata | { hash: Hex; uri: string } | undefined;
  /** Approve the resolver for the exact funding first when needed (default true). */
  approve?: boolean | undefined;
};

/**
 * Opens the binary market of a Pending or Active proposal (0 = No, 1 = Yes), funded by the signer
 * with `fundingFor(liquidity)`; it closes when voting ends. `result` is the market id.
 */
export async function createProposalMarket(
  walletClient: MandateClientLike,
  parameters: CreateProposalMarketParameters,
): Promise<WriteResult<bigint> & { funding: bigint; approval: WriteResult<boolean> | undefined }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const resolver = { address: addresses.governorResolver, abi: governorResolverAbi } as const;
  const [collateral, funding] = await guard(
    () =>
      Promise.all([
        readContract(reader, { ...resolver, functionName: "collateral" }),
        readContract(reader, {
          ...resolver,
          functionName: "fundingFor",
          args: [parameters.liquidity],
        }),
      ]),
    () => proposalMarketContext(reader, addresses),
  );
  const approval =
    parameters.approve === false
      ? undefined
      : await ensureAllowance(walletClient, {
          ...parameters,
          addresses,
          token: collateral,
          spender: addresses.governorResolver,
          amount: funding,
        });
  const metadata = parameters.metadata;
  const encoded =
    metadata === undefined
      ? { hash: zeroHash, uri: "" }
      : "schema" in metadata
        ? encodeMarketMetadata(metadata)
        : metadata;
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.governorResolver, governorResolverAbi, "createMarket", [
      parameters.proposalId,
      parameters.liquidity,
      encoded.hash,
      encoded.uri,
    ]),
    {
      ...parameters,
      errorContext: () => proposalMarketContext(reader, addresses),
      fromReceipt: (receipt, simulated) =>
        parseEventLogs({
          abi: governorResolverAbi,
          eventName: "ProposalMarketOpened",
          logs: receipt.logs,
        })[0]?.args.marketId ?? simulated,
    },
  );
  return { ...sent, funding, approval };
}

/**
 * Resolves a proposal's market from the governor's state (anyone may): Succeeded, Queued or
 * Executed → Yes; Defeated, Expired or Canceled → No. `result` is the outcome (1 Yes, 0 No).
 */
export async function resolveProposalMarket(
  walletClient: MandateClientLike,
  parameters: WriteOptions & { proposalId: bigint },
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.governorResolver, governorResolverAbi, "resolve", [
      parameters.proposalId,
    ]),
    { ...parameters, errorContext: () => proposalMarketContext(reader, addresses) },
  );
}

/** Forwards a resolved proposal market's surplus to its funder (anyone may call). `result` is the amount. */
export async function withdrawProposalMarketSurplus(
  walletClient: MandateClientLike,
  parameters: WriteOptions & { proposalId: bigint },
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.governorResolver, governorResolverAbi, "withdrawSurplus", [
      parameters.proposalId,
    ]),
    { ...parameters, errorContext: () => proposalMarketContext(reader, addresses) },
  );
}

export type ProposalMarketView = {
  proposalId: bigint;
  /** The market, 0n when none was opened. */
  marketId: bigint;
  /** Who funded it and receives its surplus (`zeroAddress` if none). */
  funder: Address;
  /** Whether the governor's state answers the question now. */
  isFinal: boolean;
  /** The outcome it would resolve to now, if final (1 Yes, 0 No). */
  outcome: bigint;
  proposalState: number;
  proposalStateName: ProposalStateName | `Unknown(${string})`;
};

/** A proposal's market and what it would resolve to now. */
export async function getProposalMarket(
  client: MandateClientLike,
  parameters: ReadOptions & { proposalId: bigint },
): Promise<ProposalMarketView> {
  const addresses = resolve(client, parameters);
  const resolver = {
    address: addresses.governorResolver,
    abi: governorResolverAbi,
    args: [parameters.proposalId],
    blockNumber: parameters.blockNumber,
  } as const;
  const [marketId, funder, [isFinal, outcome, state]] = await guard(() =>
    Promise.all([
      readContract(client, { ...resolver, functionName: "marketOf" }),
      readContract(client, { ...resolver, functionName: "funderOf" }),
      readContract(client, { ...resolver, functionName: "outcomeOf" }),
    ]),
  );
  return {
    proposalId: parameters.proposalId,
    marketId,
    funder,
    isFinal,
    outcome,
    proposalState: state,
    proposalStateName: proposalStateName(state),
  };
}

// ── optimistic resolver ───────────────────────────────────────────────────────────────────────

async function bondContext(
  client: MandateClientLike,
  addresses: MandateAddresses,
): Promise<ErrorContext> {
  const bondToken = await readContract(client, {
    address: addresses.optimisticResolver,
    abi: optimisticResolverAbi,
    functionName: "bondToken",
  });
  const units = await tokenUnits(client, bondToken);
  return { bondToken: units, collateral: units, token: units };
}

export type ProposeOutcomeParameters = WriteOptions & {
  marketId: bigint;
  /** The answer, or "invalid" to settle the market invalid. */
  outcome: bigint | "invalid";
  /** The bond, base units of the bond token; default: the resolver's `minBond`. */
  bond?: bigint | undefined;
  /** Approve the resolver for the bond first when needed (default true). */
  approve?: boolean | undefined;
};

/**
 * Proposes the answer of a closed market that names the optimistic resolver, posting a bond; it
 * stands unless disputed within the challenge window. `result` is the bond posted.
 */
export async function proposeOutcome(
  walletClient: MandateClientLike,
  parameters: ProposeOutcomeParameters,
): Promise<
  WriteResult<bigint> & {
    challengeEndsAt: bigint | undefined;
    approval: WriteResult<boolean> | undefined;
  }
> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const resolver = { address: addresses.optimisticResolver, abi: optimisticResolverAbi } as const;
  const [bondToken, minBond, invalid] = await guard(() =>
    Promise.all([
      readContract(reader, { ...resolver, functionName: "bondToken" }),
      readContract(reader, { ...resolver, functionName: "minBond" }),
      readContract(reader, { ...resolver, functionName: "INVALID_OUTCOME" }),
    ]),
  );
  const bond = parameters.bond ?? minBond;
  const outcome = parameters.outcome === "invalid" ? invalid : parameters.outcome;
  const approval =
    parameters.approve === false
      ? undefined
      : await ensureAllowance(walletClient, {
          ...parameters,
          addresses,
          token: bondToken,
          spender: addresses.optimisticResolver,
          amount: bond,
        });
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.optimisticResolver, optimisticResolverAbi, "propose", [
      parameters.marketId,
      outcome,
      bond,
    ]),
    { ...parameters, errorContext: () => bondContext(reader, addresses), fromReceipt: () => bond },
  );
  const proposed = sent.receipt
    ? parseEventLogs({
        abi: optimisticResolverAbi,
        eventName: "OutcomeProposed",
        logs: sent.receipt.logs,
      })[0]
    : undefined;
  return { ...sent, result: bond, challengeEndsAt: proposed?.args.challengeEndsAt, approval };
}

export type DisputeOutcomeParameters = WriteOptions & {
  marketId: bigint;
  /** Approve the resolver for the bond (equal to the proposer's) first when needed (default true). */
  approve?: boolean | undefined;
};

/** Disputes a proposed answer within its window, posting an equal bond; the DAO then settles it. `result` is the bond. */
export async function disputeOutcome(
  walletClient: MandateClientLike,
  parameters: DisputeOutcomeParameters,
): Promise<WriteResult<bigint> & { approval: WriteResult<boolean> | undefined }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const resolver = { address: addresses.optimisticResolver, abi: optimisticResolverAbi } as const;
  const [bondToken, proposal] = await guard(() =>
    Promise.all([
      readContract(reader, { ...resolver, functionName: "bondToken" }),
      readContract(reader, {
        ...resolver,
        functionName: "proposalOf",
        args: [parameters.marketId],
      }),
    ]),
  );
  const approval =
    parameters.approve === false || proposal.bond === 0n
      ? undefined
      : await ensureAllowance(walletClient, {
          ...parameters,
          addresses,
          token: bondToken,
          spender: addresses.optimisticResolver,
          amount: proposal.bond,
        });
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.optimisticResolver, optimisticResolverAbi, "dispute", [
      parameters.marketId,
    ]),
    {
      ...parameters,
      errorContext: () => bondContext(reader, addresses),
      fromReceipt: () => proposal.bond,
    },
  );
  return { ...sent, result: proposal.bond, approval };
}

/** Finalizes an undisputed answer once its window is over (anyone may): resolves the market, returns the bond. */
export async function finalizeOutcome(
  walletClient: MandateClientLike,
  parameters: WriteOptions & { marketId: bigint },
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.optimisticResolver, optimisticResolverAbi, "finalize", [
      parameters.marketId,
    ]),
    { ...parameters, errorContext: () => bondContext(reader, addresses) },
  );
}

/** Takes the signer's credited bonds (payments that failed). `result` is the amount. */
export async function claimBonds(
  walletClient: MandateClientLike,
  parameters: WriteOptions = {},
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.optimisticResolver, optimisticResolverAbi, "claim", []),
    { ...parameters, errorContext: () => bondContext(reader, addresses) },
  );
}

export type OutcomeProposalView = {
  marketId: bigint;
  status: number;
  statusName: OptimisticStatusName | `Unknown(${string})`;
  /** `zeroAddress` when nobody proposed. */
  proposer: Address;
  /** The proposed outcome (`invalid` true for the invalid outcome). */
  outcome: bigint;
  invalid: boolean;
  bond: bigint;
  proposedAt: bigint;
  /** End of the challenge window (exclusive), 0 when there is no proposal. */
  challengeEndsAt: bigint;
  disputer: Address;
};

/** The optimistic proposal of a market. */
export async function getOutcomeProposal(
  client: MandateClientLike,
  parameters: ReadOptions & { marketId: bigint },
): Promise<OutcomeProposalView> {
  const addresses = resolve(client, parameters);
  const resolver = {
    address: addresses.optimisticResolver,
    abi: optimisticResolverAbi,
    blockNumber: parameters.blockNumber,
  } as const;
  const [proposal, challengeEndsAt, invalid] = await guard(() =>
    Promise.all([
      readContract(client, {
        ...resolver,
        functionName: "proposalOf",
        args: [parameters.marketId],
      }),
      readContract(client, {
        ...resolver,
        functionName: "challengeEndsAt",
        args: [parameters.marketId],
      }),
      readContract(client, { ...resolver, functionName: "INVALID_OUTCOME" }),
    ]),
  );
  return {
    marketId: parameters.marketId,
    status: proposal.status,
    statusName: OPTIMISTIC_STATUSES[proposal.status] ?? `Unknown(${proposal.status})`,
    proposer: proposal.proposer,
    outcome: proposal.outcome,
    invalid: proposal.proposer !== zeroAddress && proposal.outcome === invalid,
    bond: proposal.bond,
    proposedAt: proposal.proposedAt,
    challengeEndsAt,
    disputer: proposal.disputer,
  };
}
