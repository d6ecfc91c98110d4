/**
 * AI delegates (`AIDelegateRegistry`): register, publish mandates, vote with a recorded decision,
 * record "not voting (yet)", and read delegates and their decisions.
 */

import { aiDelegateRegistryAbi, governanceTokenAbi } from "@mandate/abis";
import { type Address, type Hash, type Hex, keccak256, parseEventLogs, stringToBytes } from "viem";
import { getContractEvents, readContract } from "viem/actions";
import type { MandateAddresses } from "../addresses.js";
import { type Support, supportName, supportValue } from "../format.js";
import {
  check,
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

/** Well-known reasons an AI delegate records for not voting (yet). */
export const REASON_CODES = {
  /** The mandate leaves this decision to the holders. */
  askHuman: 0,
  /** The proposal is outside the mandate. */
  outsideMandate: 1,
  /** Low confidence in the extracted facts. */
  lowConfidence: 2,
  /** The proposal's text does not match its decoded actions. */
  textMismatch: 3,
  /** Anything else (see the note). */
  other: 4,
} as const;
export type ReasonCodeName = keyof typeof REASON_CODES;

/** The name of a reason code ("other" for values beyond the well-known ones). */
export function reasonCodeName(code: number): ReasonCodeName {
  const entry = Object.entries(REASON_CODES).find(([, v]) => v === code);
  return (entry?.[0] as ReasonCodeName | undefined) ?? "other";
}

/** The summary hash of a decision: keccak256 of the summary's UTF-8 bytes. */
export function summaryHashOf(summary: string): Hash {
  return keccak256(stringToBytes(summary));
}

/**
 * The governor reason of an AI vote, v1 — the exact string `registry.formatVoteReason` returns:
 * `<rationale>\n\n#mandate-vote v1 summary=0x… mandate=0x… version=N`.
 */
export function formatVoteReason(
  rationale: string,
  summaryHash: Hex,
  mandateHash: Hex,
  mandateVersion: bigint | number,
): string {
  return `${rationale}\n\n#mandate-vote v1 summary=${summaryHash.toLowerCase()} mandate=${mandateHash.toLowerCase()} version=${BigInt(mandateVersion).toString()}`;
}

const VOTE_REASON =
  /\n\n#mandate-vote v1 summary=(0x[0-9a-f]{64}) mandate=(0x[0-9a-f]{64}) version=([0-9]+)$/;

export type ParsedVoteReason = {
  rationale: string;
  summaryHash: Hash;
  mandateHash: Hash;
  mandateVersion: bigint;
};

/** Parses an AI vote's reason (v1); `undefined` for a reason without the trailer (a human vote). */
export function parseVoteReason(reason: string): ParsedVoteReason | undefined {
  const match = VOTE_REASON.exec(reason);
  if (match === null) return undefined;
  const [whole, summaryHash, mandateHash, version] = match;
  return {
    rationale: reason.slice(0, reason.length - whole.length),
    summaryHash: summaryHash as Hash,
    mandateHash: mandateHash as Hash,
    mandateVersion: BigInt(version ?? "0"),
  };
}

// ── writes ────────────────────────────────────────────────────────────────────────────────────

export type RegisterDelegateParameters = WriteOptions & {
  /** The agent's key that will vote; `zeroAddress` registers a paused delegate. */
  operator: Address;
  name: string;
  metadataURI?: string | undefined;
  /** The model or engine, e.g. "offline-extractive-v1". */
  model: string;
  /** keccak256 of mandate version 1's document (not zero). */
  mandateHash: Hash;
  mandateURI: string;
};

/** Registers an AI delegate owned by the signer. `result` is its id and instance (what holders delegate to). */
export async function registerDelegate(
  walletClient: MandateClientLike,
  parameters: RegisterDelegateParameters,
): Promise<WriteResult<{ delegateId: bigint; instance: Address }>> {
  const addresses = resolve(walletClient, parameters);
  return sendCall(
    walletClient,
    contractCall(addresses.aiDelegateRegistry, aiDelegateRegistryAbi, "register", [
      {
        operator: parameters.operator,
        name: parameters.name,
        metadataURI: parameters.metadataURI ?? "",
        model: parameters.model,
        mandateHash: parameters.mandateHash,
        mandateURI: parameters.mandateURI,
      },
    ]),
    {
      ...parameters,
      fromReceipt: (receipt, [delegateId, instance]) => {
        const event = parseEventLogs({
          abi: aiDelegateRegistryAbi,
          eventName: "DelegateRegistered",
          logs: receipt.logs,
        })[0];
        return event
          ? { delegateId: event.args.delegateId, instance: event.args.instance }
          : { delegateId, instance };
      },
    },
  );
}

export type PublishMandateParameters = WriteOptions & {
  delegateId: bigint;
  mandateHash: Hash;
  mandateURI: string;
};

/** The owner publishes the delegate's next mandate version. `result` is the version. */
export async function publishMandate(
  walletClient: MandateClientLike,
  parameters: PublishMandateParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  return sendCall(
    walletClient,
    contractCall(addresses.aiDelegateRegistry, aiDelegateRegistryAbi, "publishMandate", [
      parameters.delegateId,
      parameters.mandateHash,
      parameters.mandateURI,
    ]),
    parameters,
  );
}

/** The owner replaces the delegate's operator key (`zeroAddress` pauses the delegate). */
export async function setDelegateOperator(
  walletClient: MandateClientLike,
  parameters: WriteOptions & { delegateId: bigint; operator: Address },
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  return sendCall(
    walletClient,
    contractCall(addresses.aiDelegateRegistry, aiDelegateRegistryAbi, "setOperator", [
      parameters.delegateId,
      parameters.operator,
    ]),
    parameters,
  );
}

/** The summary a decision was made from: its hash, or the text (hashed here). */
type SummaryRef =
  | { summaryHash: Hash; summary?: undefined }
  | { summary: string; summaryHash?: undefined };

function summaryHashFrom(ref: SummaryRef): Hash {
  const hash = ref.summaryHash ?? summaryHashOf(ref.summary ?? "");
  check(/^0x[0-9a-fA-F]{64}$/.test(hash), `The summary hash ${hash} is not 32 bytes of hex.`);
  return hash;
}

async function latestMandateVersion(
  client: MandateClientLike,
  addresses: MandateAddresses,
  delegateId: bigint,
): Promise<bigint> {
  const info = await guard(() =>
    readContract(client, {
      address: addresses.aiDelegateRegistry,
      abi: aiDelegateRegistryAbi,
      functionName: "delegateInfo",
      args: [delegateId],
    }),
  );
  return info.latestMandateVersion;
}

async function votesContext(client: MandateClientLike, addresses: MandateAddresses) {
  const units = await tokenUnits(client, addresses.governanceToken);
  return { governanceToken: units, token: units };
}

/**
 * The registry call behind `castDelegateVote`, for agents that sign and broadcast themselves (the
 * AI delegate records the transaction hash before broadcasting, to survive a crash): address, ABI,
 * function and arguments, ready for `encodeFunctionData` or `writeContract`.
 */
export function delegateVoteCall(
  addresses: Pick<MandateAddresses, "aiDelegateRegistry">,
  parameters: SummaryRef & {
    delegateId: bigint;
    proposalId: bigint;
    support: Support;
    mandateVersion: bigint;
    rationale: string;
  },
) {
  return contractCall(addresses.aiDelegateRegistry, aiDelegateRegistryAbi, "castVote", [
    parameters.delegateId,
    parameters.proposalId,
    supportValue(parameters.support),
    summaryHashFrom(parameters),
    parameters.mandateVersion,
    parameters.rationale,
  ]);
}

/** The registry call behind `recordPendingDecision` (see `delegateVoteCall`). */
export function pendingDecisionCall(
  addresses: Pick<MandateAddresses, "aiDelegateRegistry">,
  parameters: SummaryRef & {
    delegateId: bigint;
    proposalId: bigint;
    reasonCode: number | ReasonCodeName;
    mandateVersion: bigint;
    note: string;
  },
) {
  const reasonCode =
    typeof parameters.reasonCode === "number"
      ? parameters.reasonCode
      : REASON_CODES[parameters.reasonCode];
  check(
    Number.isInteger(reasonCode) && reasonCode >= 0 && reasonCode <= 255,
    `A reason code is an integer from 0 to 255; ${reasonCode} was given.`,
  );
  return contractCall(
    addresses.aiDelegateRegistry,
    aiDelegateRegistryAbi,
    "recordPendingDecision",
    [
      parameters.delegateId,
      parameters.proposalId,
      reasonCode,
      summaryHashFrom(parameters),
      parameters.mandateVersion,
      parameters.note,
    ],
  );
}

export type CastDelegateVoteParameters = WriteOptions &
  SummaryRef & {
    delegateId: bigint;
    proposalId: bigint;
    support: Support;
    /** The mandate version decided under; default: the latest. */
    mandateVersion?: bigint | undefined;
    /** Short text, or a URI to a longer document; embedded in the governor reason. */
    rationale: string;
  };

/**
 * The operator casts an AI delegate's vote through the registry, which records the decision
 * (summary hash, mandate version and hash, rationale). `result` is the weight counted.
 */
export async function castDelegateVote(
  walletClient: MandateClientLike,
  parameters: CastDelegateVoteParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const mandateVersion =
    parameters.mandateVersion ??
    (await latestMandateVersion(reader, addresses, parameters.delegateId));
  return sendCall(walletClient, delegateVoteCall(addresses, { ...parameters, mandateVersion }), {
    ...parameters,
    errorContext: () => votesContext(reader, addresses),
  });
}

export type RecordPendingDecisionParameters = WriteOptions &
  SummaryRef & {
    delegateId: bigint;
    proposalId: bigint;
    /** Why the delegate does not vote (yet): a code or its name. */
    reasonCode: number | ReasonCodeName;
    mandateVersion?: bigint | undefined;
    /** Short text, or a URI (e.g. the question for the holders). */
    note: string;
  };

/** The operator records that the delegate does not vote (yet), e.g. to ask its holders. */
export async function recordPendingDecision(
  walletClient: MandateClientLike,
  parameters: RecordPendingDecisionParameters,
): Promise<WriteResult<void>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const mandateVersion =
    parameters.mandateVersion ??
    (await latestMandateVersion(reader, addresses, parameters.delegateId));
  return sendCall(walletClient, pendingDecisionCall(addresses, { ...parameters, mandateVersion }), {
    ...parameters,
    errorContext: () => votesContext(reader, addresses),
  });
}

// ── reads ─────────────────────────────────────────────────────────────────────────────────────

export type DelegateView = {
  delegateId: bigint;
  /** The address holders delegate their votes to. */
  instance: Address;
  owner: Address;
  /** The agent's key (`zeroAddress`: paused). */
  operator: Address;
  name: string;
  metadataURI: string;
  model: string;
  /** Unix seconds. */
  registeredAt: bigint;
  /** The current mandate. */
  mandate: { version: bigint; mandateHash: Hash; mandateURI: string; publishedAt: bigint };
  /** Votes delegated to the instance now, governance-token base units. */
  votes: bigint;
};

export type GetDelegateParameters = ReadOptions &
  ({ delegateId: bigint; instance?: undefined } | { instance: Address; delegateId?: undefined });

/** An AI delegate by id or by instance address. @throws MandateError `RegistryUnknownDelegate`. */
export async function getDelegate(
  client: MandateClientLike,
  parameters: GetDelegateParameters,
): Promise<DelegateView> {
  const addresses = resolve(client, parameters);
  const registry = {
    address: addresses.aiDelegateRegistry,
    abi: aiDelegateRegistryAbi,
    blockNumber: parameters.blockNumber,
  } as const;
  const delegateId =
    parameters.delegateId ??
    (await guard(() =>
      readContract(client, {
        ...registry,
        functionName: "delegateIdOf",
        args: [parameters.instance as Address],
      }),
    ));
  const info = await guard(() =>
    readContract(client, { ...registry, functionName: "delegateInfo", args: [delegateId] }),
  );
  const [mandate, votes] = await guard(() =>
    Promise.all([
      readContract(client, {
        ...registry,
        functionName: "mandate",
        args: [delegateId, info.latestMandateVersion],
      }),
      readContract(client, {
        address: addresses.governanceToken,
        abi: governanceTokenAbi,
        functionName: "getVotes",
        args: [info.instance],
        blockNumber: parameters.blockNumber,
      }),
    ]),
  );
  return {
    delegateId,
    instance: info.instance,
    owner: info.owner,
    operator: info.operator,
    name: info.name,
    metadataURI: info.metadataURI,
    model: info.model,
    registeredAt: info.registeredAt,
    mandate: {
      version: info.latestMandateVersion,
      mandateHash: mandate.mandateHash,
      mandateURI: mandate.mandateURI,
      publishedAt: mandate.publishedAt,
    },
    votes,
  };
}

/** Every registered AI delegate, ids 1 to `delegateCount()`. */
export async function listDelegates(
  client: MandateClientLike,
  parameters: ReadOptions = {},
): Promise<DelegateView[]> {
  const addresses = resolve(client, parameters);
  const count = await guard(() =>
    readContract(client, {
      address: addresses.aiDelegateRegistry,
      abi: aiDelegateRegistryAbi,
      functionName: "delegateCount",
      blockNumber: parameters.blockNumber,
    }),
  );
  return Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      getDelegate(client, { ...parameters, addresses, delegateId: BigInt(i + 1) }),
    ),
  );
}

export type VoteDecision = {
  support: number;
  supportName: string;
  summaryHash: Hash;
  mandateVersion: bigint;
  mandateHash: Hash;
  rationaleHash: Hash;
  operator: Address;
  /** Unix seconds. */
  timestamp: bigint;
  /** The rationale text, from `DelegateVoteRecorded` (when `withText`). */
  rationale?: string | undefined;
  /** The weight counted when the vote was cast (later overrides reduce the live tally). */
  weight?: bigint | undefined;
};

export type PendingDecisionView = {
  reasonCode: number;
  reasonName: ReasonCodeName;
  summaryHash: Hash;
  mandateVersion: bigint;
  mandateHash: Hash;
  noteHash: Hash;
  operator: Address;
  timestamp: bigint;
  /** The note text, from the latest `PendingDecisionRecorded` (when `withText`). */
  note?: string | undefined;
};

export type Decision = {
  /** The vote the delegate cast, or null. */
  vote: VoteDecision | null;
  /** The latest "not voting (yet)" record, or null. A delegate may record one, then vote. */
  pending: PendingDecisionView | null;
};

export type GetDecisionParameters = ReadOptions & {
  delegateId: bigint;
  proposalId: bigint;
  /** Also read the texts from the registry's events (default true). */
  withText?: boolean | undefined;
};

/** What an AI delegate decided on a proposal: `voteRecord` and `pendingDecision`, with their texts. */
export async function getDecision(
  client: MandateClientLike,
  parameters: GetDecisionParameters,
): Promise<Decision> {
  const addresses = resolve(client, parameters);
  const { delegateId, proposalId, blockNumber } = parameters;
  const registry = {
    address: addresses.aiDelegateRegistry,
    abi: aiDelegateRegistryAbi,
    blockNumber,
  } as const;
  const [record, pendingRecord] = await guard(() =>
    Promise.all([
      readContract(client, {
        ...registry,
        functionName: "voteRecord",
        args: [delegateId, proposalId],
      }),
      readContract(client, {
        ...registry,
        functionName: "pendingDecision",
        args: [delegateId, proposalId],
      }),
    ]),
  );
  const withText = parameters.withText ?? true;
  const events = { address: addresses.aiDelegateRegistry, abi: aiDelegateRegistryAbi } as const;
  const range = {
    fromBlock: addresses.fromBlock ?? 0n,
    toBlock: blockNumber ?? ("latest" as const),
  };

  let vote: VoteDecision | null = null;
  if (record.timestamp !== 0n) {
    vote = {
      support: record.support,
      supportName: supportName(record.support),
      summaryHash: record.summaryHash,
      mandateVersion: record.mandateVersion,
      mandateHash: record.mandateHash,
      rationaleHash: record.rationaleHash,
      operator: record.operator,
      timestamp: record.timestamp,
    };
    if (withText) {
      const logs = await guard(() =>
        getContractEvents(client, {
          ...events,
          ...range,
          eventName: "DelegateVoteRecorded",
          args: { delegateId, proposalId },
        }),
      );
      const last = logs[logs.length - 1];
      vote.rationale = last?.args.rationale;
      vote.weight = last?.args.weight;
    }
  }
  let pending: PendingDecisionView | null = null;
  if (pendingRecord.timestamp !== 0n) {
    pending = {
      reasonCode: pendingRecord.reasonCode,
      reasonName: reasonCodeName(pendingRecord.reasonCode),
      summaryHash: pendingRecord.summaryHash,
      mandateVersion: pendingRecord.mandateVersion,
      mandateHash: pendingRecord.mandateHash,
      noteHash: pendingRecord.noteHash,
      operator: pendingRecord.operator,
      timestamp: pendingRecord.timestamp,
    };
    if (withText) {
      const logs = await guard(() =>
        getContractEvents(client, {
          ...events,
          ...range,
          eventName: "PendingDecisionRecorded",
          args: { delegateId, proposalId },
        }),
      );
      pending.note = logs[logs.length - 1]?.args.note;
    }
  }
  return { vote, pending };
}
