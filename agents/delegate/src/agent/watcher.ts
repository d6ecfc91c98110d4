/**
 * The proposal watcher: reads the governor's `ProposalCreated` events from the persisted cursor,
 * in bounded block ranges, with plain `eth_getLogs` (no filters: they do not survive a node
 * restart). Each proposal is recorded in the store and handed to the caller; the cursor moves to
 * the end of a range only after every proposal in it was handled, so a crash re-reads the range
 * (recording is idempotent) and nothing is lost.
 */
import { mandateGovernorAbi } from "@mandate/abis";
import { type Address, type Hex, keccak256, type PublicClient, stringToBytes } from "viem";
import type { DecisionStore, ProposalStatus } from "../store/index.js";
import type { ProposalInput } from "../types.js";
import { proposalStatus, withRetry } from "./chain.js";

/** A proposal as read from its `ProposalCreated` event. */
export interface SeenProposal {
  id: bigint;
  /** What the engines read (id as a decimal string, governor lowercase). */
  input: ProposalInput;
  proposer: Address;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
  voteStart: bigint;
  voteEnd: bigint;
  descriptionHash: Hex;
  /** The governor's state when the watcher read it. */
  status: ProposalStatus;
}

export interface WatcherOptions {
  client: PublicClient;
  store: DecisionStore;
  governor: Address;
  /** Store cursor name, one per (chain, governor, delegate). */
  cursorName: string;
  /** First block to read when the cursor is unset. */
  startBlock: bigint;
  /** Blocks per getLogs request (default 2000). */
  blockRange?: bigint;
  signal?: AbortSignal | undefined;
  /** Told about transient RPC retries. */
  log?: ((line: string) => void) | undefined;
}

export interface PollResult {
  fromBlock: bigint;
  toBlock: bigint;
  /** Proposals found (open or not). */
  found: number;
}

/** Handles one proposal; throwing stops the poll before the cursor moves past it. */
export type ProposalHandler = (proposal: SeenProposal) => Promise<void>;

export interface ProposalWatcher {
  readonly cursorName: string;
  /**
   * Reads from the cursor to the current head, calling `handle` for every proposal, in chain
   * order, and advancing the cursor range by range. Returns null when there was nothing new.
   */
  poll(handle: ProposalHandler): Promise<PollResult | null>;
}

export function cursorNameFor(chainId: number, governor: Address, delegateId: bigint): string {
  return `proposals:${chainId}:${governor.toLowerCase()}:delegate-${delegateId}`;
}

export function createWatcher(opts: WatcherOptions): ProposalWatcher {
  const range = opts.blockRange ?? 2_000n;
  if (range < 1n) throw new Error("blockRange must be at least 1");
  const { client, store, governor, cursorName } = opts;
  const retry = <T>(what: string, fn: () => Promise<T>) =>
    withRetry(fn, {
      signal: opts.signal,
      onRetry: (e, attempt, delay) =>
        opts.log?.(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${String(e)}`),
    });

  return {
    cursorName,
    async poll(handle) {
      const head = await retry("eth_blockNumber", () => client.getBlockNumber({ cacheTime: 0 }));
      const cursor = await store.getCursor(cursorName);
      const first = cursor === null ? opts.startBlock : cursor + 1n;
      if (first > head) return null;
      let found = 0;
      let to = first - 1n;
      for (let from = first; from <= head; from = to + 1n) {
        if (opts.signal?.aborted) break;
        to = from + range - 1n < head ? from + range - 1n : head;
        const fromBlock = from;
        const toBlock = to;
        const logs = await retry("eth_getLogs", () =>
          client.getContractEvents({
            address: governor,
            abi: mandateGovernorAbi,
            eventName: "ProposalCreated",
            fromBlock,
            toBlock,
            strict: true,
          }),
        );
        logs.sort((a, b) =>
          a.blockNumber === b.blockNumber
            ? a.logIndex - b.logIndex
            : a.blockNumber < b.blockNumber
              ? -1
              : 1,
        );
        for (const log of logs) {
          const a = log.args;
          const state = await retry("governor.state", () =>
            client.readContract({
              address: governor,
              abi: mandateGovernorAbi,
              functionName: "state",
              args: [a.proposalId],
            }),
          );
          const status = proposalStatus(state);
          const seen: SeenProposal = {
            id: a.proposalId,
            input: {
              id: a.proposalId.toString(),
              governor: governor.toLowerCase() as `0x${string}`,
              description: a.description,
              targets: [...a.targets],
              values: [...a.values],
              calldatas: [...a.calldatas],
              voteEnd: Number(a.voteEnd),
            },
            proposer: a.proposer,
            blockNumber: log.blockNumber,
            logIndex: log.logIndex,
            transactionHash: log.transactionHash,
            voteStart: a.voteStart,
            voteEnd: a.voteEnd,
            descriptionHash: keccakOfDescription(a.description),
            status,
          };
          await store.upsertProposal({
            governor,
            proposalId: a.proposalId,
            descriptionHash: seen.descriptionHash,
            firstSeenBlock: log.blockNumber,
            voteEnd: a.voteEnd,
            status,
          });
          found++;
          await handle(seen);
        }
        await store.setCursor(cursorName, to);
      }
      return { fromBlock: first, toBlock: to, found };
    },
  };
}

function keccakOfDescription(description: string): Hex {
  return keccak256(stringToBytes(description));
}
