/**
 * Governance actions on `MandateGovernor` and `GovernanceToken`: propose, vote, override a
 * delegate, queue, execute, (un)delegate; and the reads behind a proposal page.
 */

import { governanceTokenAbi, mandateGovernorAbi } from "@mandate/abis";
import {
  type Address,
  encodeAbiParameters,
  type Hash,
  type Hex,
  keccak256,
  parseEventLogs,
  stringToBytes,
  zeroAddress,
} from "viem";
import { getBlock, getContractEvents, readContract } from "viem/actions";
import type { MandateAddresses } from "../addresses.js";
import type { ErrorContext } from "../errorMessages.js";
import { MandateError } from "../errors.js";
import {
  type ProposalStateName,
  proposalStateName,
  type Support,
  supportValue,
} from "../format.js";
import {
  contractCall,
  guard,
  type MandateClientLike,
  type ReadOptions,
  resolve,
  sendCall,
  signerAddress,
  tokenUnits,
  type WriteOptions,
  type WriteResult,
} from "../internal.js";

/** One action of a proposal: call `target` with `data`, sending `value` wei. */
export type ProposalAction = {
  target: Address;
  /** Wei sent with the call (default 0). */
  value?: bigint | undefined;
  /** Calldata (`encodeFunctionData(...)`), "0x" for a plain transfer. */
  data: Hex;
};

/** A proposal as the governor hashes it: its actions and its description. */
export type ProposalContent = {
  actions: readonly ProposalAction[];
  description: string;
};

/** keccak256 of the description's UTF-8 bytes, as `queue` and `execute` take it. */
export function hashDescription(description: string): Hash {
  return keccak256(stringToBytes(description));
}

/** The governor's lists: targets, values, calldatas. */
export function proposalLists(actions: readonly ProposalAction[]) {
  return {
    targets: actions.map((a) => a.target),
    values: actions.map((a) => a.value ?? 0n),
    calldatas: actions.map((a) => a.data),
  };
}

/**
 * The id the governor gives a proposal, computed off-chain exactly as OpenZeppelin's
 * `hashProposal`: `uint256(keccak256(abi.encode(targets, values, calldatas, descriptionHash)))`.
 */
export function hashProposal({ actions, description }: ProposalContent): bigint {
  const { targets, values, calldatas } = proposalLists(actions);
  return BigInt(
    keccak256(
      encodeAbiParameters(
        [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
        [targets, values, calldatas, hashDescription(description)],
      ),
    ),
  );
}

/** The proposal's title: its first Markdown heading, else its first line. */
export function proposalTitle(description: string): string {
  const heading = description.match(/^#\s+(.+)$/m)?.[1]?.trim();
  return heading ?? description.split("\n", 1)[0]?.trim() ?? "";
}

async function governanceContext(
  client: MandateClientLike,
  addresses: MandateAddresses,
): Promise<ErrorContext> {
  const units = await tokenUnits(client, addresses.governanceToken);
  return { governanceToken: units, token: units };
}

// ── writes ────────────────────────────────────────────────────────────────────────────────────

export type ProposeParameters = WriteOptions & ProposalContent;

/**
 * Submits a proposal. The signer needs `proposalThreshold()` votes (delegated to them, e.g. by
 * self-delegation) one second before. `result` is the proposal id (`hashProposal`).
 */
export async function propose(
  walletClient: MandateClientLike,
  parameters: ProposeParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const { targets, values, calldatas } = proposalLists(parameters.actions);
  const proposalId = hashProposal(parameters);
  return sendCall(
    walletClient,
    contractCall(addresses.mandateGovernor, mandateGovernorAbi, "propose", [
      targets,
      values,
      calldatas,
      parameters.description,
    ]),
    {
      ...parameters,
      errorContext: () => governanceContext(reader, addresses),
      fromReceipt: () => proposalId,
    },
  );
}

export type CastVoteParameters = WriteOptions & {
  proposalId: bigint;
  /** 0/"against", 1/"for", 2/"abstain". */
  support: Support;
};

/** Votes with the votes delegated to the signer at the snapshot. `result` is the weight counted. */
export async function castVote(
  walletClient: MandateClientLike,
  parameters: CastVoteParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.mandateGovernor, mandateGovernorAbi, "castVote", [
      parameters.proposalId,
      supportValue(parameters.support),
    ]),
    { ...parameters, errorContext: () => governanceContext(reader, addresses) },
  );
}

export type CastVoteWithReasonParameters = CastVoteParameters & { reason: string };

/** {@link castVote} with a reason, stored in the `VoteCast` event. */
export async function castVoteWithReason(
  walletClient: MandateClientLike,
  parameters: CastVoteWithReasonParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.mandateGovernor, mandateGovernorAbi, "castVoteWithReason", [
      parameters.proposalId,
      supportValue(parameters.support),
      parameters.reason,
    ]),
    { ...parameters, errorContext: () => governanceContext(reader, addresses) },
  );
}

export type CastOverrideVoteParameters = CastVoteParameters & { reason?: string | undefined };

/**
 * Overrides the signer's delegate on one proposal (before or after the delegate votes): the
 * signer's balance at the snapshot moves from the delegate's choice to `support`. Only for
 * holders who had a delegate and tokens at the snapshot. `result` is the weight counted.
 */
export async function castOverrideVote(
  walletClient: MandateClientLike,
  parameters: CastOverrideVoteParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.mandateGovernor, mandateGovernorAbi, "castOverrideVote", [
      parameters.proposalId,
      supportValue(parameters.support),
      parameters.reason ?? "",
    ]),
    { ...parameters, errorContext: () => governanceContext(reader, addresses) },
  );
}

/** A proposal named by its id (its content is read from `ProposalCreated`) or by its content. */
export type ProposalRef = { proposalId: bigint } | ProposalContent;

async function contentOf(
  client: MandateClientLike,
  addresses: MandateAddresses,
  ref: ProposalRef,
): Promise<ProposalContent & { proposalId: bigint }> {
  if (!("proposalId" in ref)) return { ...ref, proposalId: hashProposal(ref) };
  const created = await findProposalCreated(client, addresses, ref.proposalId);
  if (created === undefined) {
    throw new MandateError({
      kind: "contract",
      code: "GovernorNonexistentProposal",
      errorName: "GovernorNonexistentProposal",
      args: { proposalId: ref.proposalId },
      shortMessage: `No ProposalCreated event was found for proposal ${ref.proposalId} (searched from block ${addresses.fromBlock ?? 0n}): pass its actions and description.`,
    });
  }
  return created;
}

export type QueueParameters = WriteOptions & ProposalRef;

/** Queues a succeeded proposal in the timelock. `result` is the proposal id. */
export async function queue(
  walletClient: MandateClientLike,
  parameters: QueueParameters,
): Promise<WriteResult<bigint> & { eta: bigint | undefined }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const content = await contentOf(reader, addresses, parameters);
  const { targets, values, calldatas } = proposalLists(content.actions);
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.mandateGovernor, mandateGovernorAbi, "queue", [
      targets,
      values,
      calldatas,
      hashDescription(content.description),
    ]),
    { ...parameters, errorContext: () => governanceContext(reader, addresses) },
  );
  const queued = sent.receipt
    ? parseEventLogs({
        abi: mandateGovernorAbi,
        eventName: "ProposalQueued",
        logs: sent.receipt.logs,
      })[0]
    : undefined;
  return { ...sent, eta: queued?.args.etaSeconds };
}

export type ExecuteParameters = WriteOptions & ProposalRef;

/** Executes a queued proposal whose timelock delay has passed. `result` is the proposal id. */
export async function execute(
  walletClient: MandateClientLike,
  parameters: ExecuteParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const content = await contentOf(reader, addresses, parameters);
  const { targets, values, calldatas } = proposalLists(content.actions);
  const value = values.reduce((sum, v) => sum + v, 0n);
  return sendCall(
    walletClient,
    contractCall(
      addresses.mandateGovernor,
      mandateGovernorAbi,
      "execute",
      [targets, values, calldatas, hashDescription(content.description)],
      value,
    ),
    { ...parameters, errorContext: () => governanceContext(reader, addresses) },
  );
}

export type DelegateParameters = WriteOptions & {
  /** Who votes with the signer's tokens: an AI delegate's instance, a person, or the signer. */
  delegatee: Address;
};

/**
 * Delegates the signer's votes. Takes effect for proposals created afterwards: on proposals
 * already past their snapshot, use {@link castOverrideVote} to override the old delegate.
 */
export async function delegate(
  walletClient: MandateClientLike,
  parameters: DelegateParameters,
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.governanceToken, governanceTokenAbi, "delegate", [parameters.delegatee]),
    { ...parameters, errorContext: () => governanceContext(reader, addresses) },
  );
}

/**
 * Takes the signer's votes back from their delegate by delegating to **the signer themselves**.
 *
 * ERC20Votes has no "undelegate". Its two ways out differ: delegating to yourself keeps the
 * voting power with you (you vote directly, and MandateGovernor lets a self-delegated holder
 * vote and override), while delegating to `address(0)` makes the tokens carry no votes at all
 * (and, in MandateGovernor, rules out overrides: `MandateGovernorOverrideWithoutDelegate`).
 * Mandate's promise is that holders can take back control, so `undelegate` self-delegates. To
 * drop voting power entirely, call {@link delegate} with `delegatee: zeroAddress`.
 */
export async function undelegate(
  walletClient: MandateClientLike,
  parameters: WriteOptions = {},
): Promise<WriteResult<void>> {
  return delegate(walletClient, {
    ...parameters,
    delegatee: signerAddress(walletClient, parameters),
  });
}

// ── reads ─────────────────────────────────────────────────────────────────────────────────────

type CreatedProposal = ProposalContent & {
  proposalId: bigint;
  proposer: Address;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: bigint;
  transactionHash: Hash;
};

async function proposalCreatedEvents(
  client: MandateClientLike,
  addresses: MandateAddresses,
  fromBlock?: bigint,
  toBlock?: bigint,
): Promise<CreatedProposal[]> {
  const events = await guard(() =>
    getContractEvents(client, {
      address: addresses.mandateGovernor,
      abi: mandateGovernorAbi,
      eventName: "ProposalCreated",
      fromBlock: fromBlock ?? addresses.fromBlock ?? 0n,
      toBlock: toBlock ?? "latest",
      strict: true,
    }),
  );
  return events.map((e) => ({
    proposalId: e.args.proposalId,
    proposer: e.args.proposer,
    actions: e.args.targets.map((target, i) => ({
      target,
      value: e.args.values[i] ?? 0n,
      data: e.args.calldatas[i] ?? "0x",
    })),
    description: e.args.description,
    voteStart: e.args.voteStart,
    voteEnd: e.args.voteEnd,
    blockNumber: e.blockNumber,
    transactionHash: e.transactionHash,
  }));
}

async function findProposalCreated(
  client: MandateClientLike,
  addresses: MandateAddresses,
  proposalId: bigint,
): Promise<CreatedProposal | undefined> {
  // The event indexes nothing, so every ProposalCreated is read (use the indexer for long histories).
  const events = await proposalCreatedEvents(client, addresses);
  return events.find((e) => e.proposalId === proposalId);
}

export type ProposalVotes = { against: bigint; for: bigint; abstain: bigint };

export type ProposalView = {
  proposalId: bigint;
  state: number;
  stateName: ProposalStateName | `Unknown(${string})`;
  proposer: Address;
  /** Unix seconds: votes are counted as of this time. */
  snapshot: bigint;
  /** Unix seconds: the last second of voting. */
  deadline: bigint;
  /** Unix seconds from which a queued proposal can execute; 0 when not queued. */
  eta: bigint;
  votes: ProposalVotes;
  /** Votes needed (For + Abstain); null before the snapshot has passed. */
  quorum: bigint | null;
  /** From `ProposalCreated`; undefined when the event is outside the scanned blocks. */
  description: string | undefined;
  title: string | undefined;
  actions: ProposalAction[] | undefined;
  createdAtBlock: bigint | undefined;
  transactionHash: Hash | undefined;
};

export type GetProposalParameters = ReadOptions & { proposalId: bigint };

/** A proposal: state, tally, times, and its text and actions from `ProposalCreated`. */
export async function getProposal(
  client: MandateClientLike,
  parameters: GetProposalParameters,
): Promise<ProposalView> {
  const addresses = resolve(client, parameters);
  const created = await findProposalCreated(client, addresses, parameters.proposalId);
  return proposalView(client, addresses, parameters.proposalId, created, parameters.blockNumber);
}

async function proposalView(
  client: MandateClientLike,
  addresses: MandateAddresses,
  proposalId: bigint,
  created: CreatedProposal | undefined,
  blockNumber?: bigint,
): Promise<ProposalView> {
  const gov = {
    address: addresses.mandateGovernor,
    abi: mandateGovernorAbi,
    args: [proposalId],
    blockNumber,
  } as const;
  const [state, snapshot, deadline, eta, proposer, tally, block] = await guard(
    () =>
      Promise.all([
        readContract(client, { ...gov, functionName: "state" }),
        readContract(client, { ...gov, functionName: "proposalSnapshot" }),
        readContract(client, { ...gov, functionName: "proposalDeadline" }),
        readContract(client, { ...gov, functionName: "proposalEta" }),
        readContract(client, { ...gov, functionName: "proposalProposer" }),
        readContract(client, { ...gov, functionName: "proposalVotes" }),
        getBlock(client, blockNumber === undefined ? { blockTag: "latest" } : { blockNumber }),
      ]),
    () => governanceContext(client, addresses),
  );
  const quorum =
    snapshot < block.timestamp
      ? await guard(() =>
          readContract(client, {
            address: addresses.mandateGovernor,
            abi: mandateGovernorAbi,
            functionName: "quorum",
            args: [snapshot],
            blockNumber,
          }),
        )
      : null;
  const [against, forVotes, abstain] = tally;
  return {
    proposalId,
    state,
    stateName: proposalStateName(state),
    proposer,
    snapshot,
    deadline,
    eta,
    votes: { against, for: forVotes, abstain },
    quorum,
    description: created?.description,
    title: created === undefined ? undefined : proposalTitle(created.description),
    actions: created?.actions.map((a) => ({ ...a })),
    createdAtBlock: created?.blockNumber,
    transactionHash: created?.transactionHash,
  };
}

export type ListProposalsParameters = ReadOptions & {
  /** First block to scan (default: the deployment's first block). */
  fromBlock?: bigint | undefined;
};

/** Every proposal, in creation order, from the governor's `ProposalCreated` events. */
export async function listProposals(
  client: MandateClientLike,
  parameters: ListProposalsParameters = {},
): Promise<ProposalView[]> {
  const addresses = resolve(client, parameters);
  const created = await proposalCreatedEvents(
    client,
    addresses,
    parameters.fromBlock,
    parameters.blockNumber,
  );
  return Promise.all(
    created.map((c) => proposalView(client, addresses, c.proposalId, c, parameters.blockNumber)),
  );
}

export type VotingPower = {
  /** Token balance, base units. */
  balance: bigint;
  /** Votes delegated to the account now (its own included if self-delegated). */
  votes: bigint;
  /** Who the account delegates to (`zeroAddress`: nobody, its tokens carry no votes). */
  delegate: Address;
};

/** An account's balance, votes and delegate now. */
export async function getVotingPower(
  client: MandateClientLike,
  parameters: ReadOptions & { account: Address },
): Promise<VotingPower> {
  const addresses = resolve(client, parameters);
  const args = [parameters.account] as const;
  const common = {
    address: addresses.governanceToken,
    abi: governanceTokenAbi,
    args,
    blockNumber: parameters.blockNumber,
  } as const;
  const [balance, votes, delegatee] = await guard(() =>
    Promise.all([
      readContract(client, { ...common, functionName: "balanceOf" }),
      readContract(client, { ...common, functionName: "getVotes" }),
      readContract(client, { ...common, functionName: "delegates" }),
    ]),
  );
  return { balance, votes, delegate: delegatee };
}

export type VoteStatus = {
  /** The account cast a vote (`castVote…`) on the proposal. */
  hasVoted: boolean;
  /** The account overrode its delegate on the proposal. */
  hasOverridden: boolean;
  /** The account's delegate at the snapshot (null before the snapshot has passed). */
  delegateAtSnapshot: Address | null;
  /** The account's balance at the snapshot: its override weight (null before the snapshot). */
  balanceAtSnapshot: bigint | null;
  /** Whether an override is possible now (Active, a delegate and a balance at the snapshot, not yet overridden). */
  canOverride: boolean;
};

/** What an account did, and may still do, on a proposal. */
export async function getVoteStatus(
  client: MandateClientLike,
  parameters: ReadOptions & { proposalId: bigint; account: Address },
): Promise<VoteStatus> {
  const addresses = resolve(client, parameters);
  const { proposalId, account, blockNumber } = parameters;
  const gov = { address: addresses.mandateGovernor, abi: mandateGovernorAbi, blockNumber } as const;
  const [hasVoted, hasOverridden, snapshot, state, block] = await guard(() =>
    Promise.all([
      readContract(client, { ...gov, functionName: "hasVoted", args: [proposalId, account] }),
      readContract(client, {
        ...gov,
        functionName: "hasVotedOverride",
        args: [proposalId, account],
      }),
      readContract(client, { ...gov, functionName: "proposalSnapshot", args: [proposalId] }),
      readContract(client, { ...gov, functionName: "state", args: [proposalId] }),
      getBlock(client, blockNumber === undefined ? { blockTag: "latest" } : { blockNumber }),
    ]),
  );
  let delegateAtSnapshot: Address | null = null;
  let balanceAtSnapshot: bigint | null = null;
  if (snapshot < block.timestamp) {
    const token = {
      address: addresses.governanceToken,
      abi: governanceTokenAbi,
      blockNumber,
    } as const;
    [delegateAtSnapshot, balanceAtSnapshot] = await guard(() =>
      Promise.all([
        readContract(client, {
          ...token,
          functionName: "getPastDelegate",
          args: [account, snapshot],
        }),
        readContract(client, {
          ...token,
          functionName: "getPastBalanceOf",
          args: [account, snapshot],
        }),
      ]),
    );
  }
  const canOverride =
    state === 1 &&
    !hasOverridden &&
    delegateAtSnapshot !== null &&
    delegateAtSnapshot !== zeroAddress &&
    (balanceAtSnapshot ?? 0n) > 0n;
  return { hasVoted, hasOverridden, delegateAtSnapshot, balanceAtSnapshot, canOverride };
}
