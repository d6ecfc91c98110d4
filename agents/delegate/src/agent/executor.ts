/**
 * The executor: the one place that signs. It acts on the decisions the pipeline recorded, and is
 * idempotent and crash-safe:
 *
 * - Vote (`pending`): check the proposal is Active and the chain shows no vote by the delegate
 *   (`hasVoted`, `voteRecord`); estimate gas (a revert is recorded as `failed` with the custom
 *   error's name, nothing sent); sign with an explicit nonce (`getTransactionCount(pending)`);
 *   compare-and-set `pending → sending` storing the transaction hash and nonce *before*
 *   broadcasting; broadcast (transient RPC errors retried with backoff); `sending → sent`; wait
 *   for the receipt → `confirmed`, or `failed` with the decoded revert.
 * - Resume: a decision found in `sending` has a hash that may or may not have been broadcast:
 *   its receipt → finish it; known to the node → wait; otherwise, if the chain shows the vote →
 *   `confirmed`, else re-send (`sending → failed → pending`, then as above). A `sent` one waits for
 *   its receipt; if the node no longer knows the transaction it is re-sent the same way. The
 *   governor refuses a second vote anyway (`GovernorAlreadyCastVote`).
 * - Ask (`asked`): `recordPendingDecision` with the reason code (0 the mandate says ask, 2 low
 *   confidence, 3 mismatch, 4 other), unless the chain already holds that record; then the
 *   webhook (once; a failure is logged, never fatal). Progress is kept in the store's events
 *   (`ask.sending`, `ask.recorded`, `webhook.delivered` / `webhook.failed`).
 * - Dry run: prints each decision and sends nothing.
 */
import { aiDelegateRegistryAbi, mandateGovernorAbi } from "@mandate/abis";
import { delegateVoteCall, pendingDecisionCall } from "@mandate/sdk";
import {
  type Abi,
  type Address,
  type Chain,
  createWalletClient,
  custom,
  encodeFunctionData,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  WaitForTransactionReceiptTimeoutError,
} from "viem";
import {
  type DecisionRecord,
  type DecisionStatus,
  type DecisionStore,
  type ProposalStatus,
  TransitionConflictError,
} from "../store/index.js";
import { isOpen, isTransient, proposalStatus, revertReason, sleep, withRetry } from "./chain.js";
import { errorLine } from "./errors.js";
import { reasonCodeFor, shortId, VOTE_WORDS } from "./pipeline.js";
import { type AskPayload, postWebhook, type WebhookOptions } from "./webhook.js";

/** Test seams: throwing from a hook simulates a crash at that point. */
export interface ExecutorHooks {
  /** The transaction is signed and its hash stored (`sending`); it is not broadcast yet. */
  beforeBroadcast?: (decision: DecisionRecord, txHash: Hex) => void | Promise<void>;
  /** The transaction is broadcast; the store still says `sending`. */
  afterBroadcast?: (decision: DecisionRecord, txHash: Hex) => void | Promise<void>;
}

export interface ExecutorContext {
  store: DecisionStore;
  client: PublicClient;
  chain: Chain;
  /** The operator's key; may be null only in a dry run. */
  account: LocalAccount | null;
  chainId: number;
  governor: Address;
  registry: Address;
  delegateId: bigint;
  delegateName: string;
  instance: Address;
  mandateHash: Hex;
  mandateVersion: bigint;
  dryRun: boolean;
  webhook: WebhookOptions | null;
  /** Base URL of the web app, for links in the webhook payload. */
  appUrl: string | null;
  receiptTimeoutMs: number;
  /** Longest wait in place for a proposal about to open for voting (default 5000 ms). */
  activationWaitMs?: number;
  /** One line per step (tagged by the caller). */
  log: (line: string) => void;
  /** Where dry-run decisions are printed (default: log). */
  print?: (line: string) => void;
  hooks?: ExecutorHooks;
  signal?: AbortSignal | undefined;
}

export interface PassResult {
  /** Votes confirmed in this pass. */
  confirmed: number;
  /** Pending decisions recorded on-chain (asks) in this pass. */
  asked: number;
  failed: number;
  skipped: number;
  /** Decisions waiting for their proposal to open. */
  waiting: number;
  /** Decisions whose handling hit an error; retried in a later pass. */
  errors: number;
  /** Dry run: decisions printed. */
  printed: number;
  /** Transactions broadcast in this pass. */
  transactions: number;
}

export interface Executor {
  /** Works through every unfinished decision of the delegate once. */
  runPass(): Promise<PassResult>;
}

const shortHash = (h: string) => `${h.slice(0, 10)}…`;

function emptyResult(): PassResult {
  return {
    confirmed: 0,
    asked: 0,
    failed: 0,
    skipped: 0,
    waiting: 0,
    errors: 0,
    printed: 0,
    transactions: 0,
  };
}

export function createExecutor(ctx: ExecutorContext): Executor {
  const { store, client, governor, registry, instance, delegateId } = ctx;
  const activationWaitMs = ctx.activationWaitMs ?? 5_000;
  const print = ctx.print ?? ctx.log;
  const wallet = ctx.account
    ? createWalletClient({
        account: ctx.account,
        chain: ctx.chain,
        transport: custom({ request: (args) => client.request(args as never) }),
      })
    : null;
  /** Asks finished in this process (chain record and webhook). */
  const asksDone = new Set<number>();
  /** Dry run: decisions already printed. */
  const printed = new Set<number>();
  /** Backoff after an error: decision id → earliest next attempt (ms) and current delay. */
  const backoff = new Map<number, { at: number; delay: number }>();

  const rpc = <T>(fn: () => Promise<T>) =>
    withRetry(fn, {
      signal: ctx.signal,
      onRetry: (e, attempt, delay) =>
        ctx.log(`RPC error (attempt ${attempt}), retrying in ${delay} ms: ${errorLine(e, 160)}`),
    });

  async function readStatus(proposalId: bigint): Promise<ProposalStatus> {
    // "pending": the block the transaction would land in (a quiet local chain mines no blocks,
    // so "latest" would never see the voting delay pass).
    try {
      const s = await rpc(() =>
        client.readContract({
          address: governor,
          abi: mandateGovernorAbi,
          functionName: "state",
          args: [proposalId],
          blockTag: "pending",
        }),
      );
      return proposalStatus(s);
    } catch (e) {
      if (isTransient(e) || revertReason(e) !== null) throw e;
      const s = await rpc(() =>
        client.readContract({
          address: governor,
          abi: mandateGovernorAbi,
          functionName: "state",
          args: [proposalId],
        }),
      );
      return proposalStatus(s);
    }
  }

  /** Waits in place for a Pending proposal that opens within activationWaitMs. */
  async function waitUntilActive(proposalId: bigint): Promise<ProposalStatus> {
    let status = await readStatus(proposalId);
    if (status !== "pending") return status;
    const snapshot = await rpc(() =>
      client.readContract({
        address: governor,
        abi: mandateGovernorAbi,
        functionName: "proposalSnapshot",
        args: [proposalId],
      }),
    );
    const block = await rpc(() => client.getBlock({ blockTag: "pending" })).catch(() =>
      rpc(() => client.getBlock()),
    );
    // The governor's clock is unix seconds (timestamp mode) or block numbers.
    const timestampClock = snapshot > 1_000_000_000n;
    const remaining = timestampClock
      ? Number(snapshot - block.timestamp + 1n) * 1000
      : Number(snapshot - (block.number ?? 0n) + 1n) * 12_000;
    if (remaining > activationWaitMs) return status;
    const deadline = Date.now() + activationWaitMs;
    while (status === "pending" && Date.now() < deadline && !ctx.signal?.aborted) {
      await sleep(50, ctx.signal);
      status = await readStatus(proposalId);
    }
    return status;
  }

  async function hasVoted(proposalId: bigint): Promise<boolean> {
    return rpc(() =>
      client.readContract({
        address: governor,
        abi: mandateGovernorAbi,
        functionName: "hasVoted",
        args: [proposalId, instance],
      }),
    );
  }

  async function voteRecord(proposalId: bigint) {
    return rpc(() =>
      client.readContract({
        address: registry,
        abi: aiDelegateRegistryAbi,
        functionName: "voteRecord",
        args: [delegateId, proposalId],
      }),
    );
  }

  async function receiptOf(hash: Hex): Promise<TransactionReceipt | null> {
    try {
      return await rpc(() => client.getTransactionReceipt({ hash }));
    } catch (e) {
      if ((e as Error).name === "TransactionReceiptNotFoundError") return null;
      throw e;
    }
  }

  async function knownTransaction(hash: Hex): Promise<boolean> {
    try {
      await rpc(() => client.getTransaction({ hash }));
      return true;
    } catch (e) {
      if ((e as Error).name === "TransactionNotFoundError") return false;
      throw e;
    }
  }

  async function move(
    d: DecisionRecord,
    from: DecisionStatus,
    to: DecisionStatus,
    patch: Parameters<DecisionStore["transition"]>[3] = {},
  ): Promise<DecisionRecord> {
    return store.transition(d.id, from, to, patch);
  }

  async function engineOf(
    d: DecisionRecord,
  ): Promise<{ engine: string; title: string; tldr: string }> {
    const a = await store.getLatestAnalysis(d.governor, d.proposalId);
    const summary = (a?.summary ?? {}) as { title?: unknown; tldr?: unknown };
    return {
      engine: a?.engine ?? "unknown engine",
      title: typeof summary.title === "string" ? summary.title : `Proposal ${d.proposalId}`,
      tldr: typeof summary.tldr === "string" ? summary.tldr : "",
    };
  }

  /** Signs `data` to the registry with an explicit nonce; returns the raw tx and its hash. */
  async function sign(data: Hex): Promise<{ raw: Hex; hash: Hex; nonce: bigint }> {
    if (!wallet || !ctx.account) throw new Error("no operator key to sign with");
    const account = ctx.account;
    const gas = await rpc(() => client.estimateGas({ account, to: registry, data }));
    const nonce = await rpc(() =>
      client.getTransactionCount({ address: account.address, blockTag: "pending" }),
    );
    const request = await rpc(() =>
      wallet.prepareTransactionRequest({
        account,
        chain: ctx.chain,
        to: registry,
        data,
        nonce,
        gas: (gas * 12n) / 10n,
      }),
    );
    const raw = await wallet.signTransaction(request as never);
    return { raw, hash: keccak256(raw), nonce: BigInt(nonce) };
  }

  /** Broadcasts a signed transaction. Resolves true once the node has it. */
  async function broadcast(raw: Hex, hash: Hex): Promise<void> {
    try {
      await rpc(() => client.sendRawTransaction({ serializedTransaction: raw }));
    } catch (e) {
      const text = `${(e as Error).message}`;
      if (/already known|known transaction|already imported/i.test(text)) return;
      // The node may have mined it and reported the revert (Hardhat does): the receipt decides.
      if ((await receiptOf(hash)) !== null) return;
      throw e;
    }
  }

  async function waitReceipt(hash: Hex): Promise<TransactionReceipt | null> {
    try {
      return await client.waitForTransactionReceipt({
        hash,
        timeout: ctx.receiptTimeoutMs,
        pollingInterval: 100,
        retryCount: 10,
      });
    } catch (e) {
      if (e instanceof WaitForTransactionReceiptTimeoutError) return null;
      throw e;
    }
  }

  /** Why a mined transaction reverted: replays it at its block's parent state. */
  async function replayRevert(receipt: TransactionReceipt): Promise<string> {
    try {
      const tx = await client.getTransaction({ hash: receipt.transactionHash });
      await client.call({
        account: tx.from,
        to: tx.to ?? registry,
        data: tx.input,
        blockNumber: receipt.blockNumber > 0n ? receipt.blockNumber - 1n : 0n,
      });
      return "reverted (the replay did not revert: the state changed in between)";
    } catch (e) {
      return revertReason(e) ?? `reverted: ${errorLine(e, 160)}`;
    }
  }

  async function finishVote(
    d: DecisionRecord,
    from: "sending" | "sent",
    receipt: TransactionReceipt,
    sentAt: number | null,
    result: PassResult,
  ): Promise<void> {
    const tag = shortId(d.proposalId);
    if (receipt.status === "success") {
      await move(d, from, "confirmed", { txHash: receipt.transactionHash, error: null });
      const recorded = parseEventLogs({
        abi: aiDelegateRegistryAbi,
        eventName: "DelegateVoteRecorded",
        logs: receipt.logs,
      })[0];
      const { engine } = await engineOf(d);
      const vote = d.vote ? VOTE_WORDS[d.vote] : "?";
      const took = sentAt === null ? "" : ` in ${seconds(performance.now() - sentAt)}`;
      ctx.log(
        `${tag}: analyzed (${engine}) → ${vote} by rule '${d.ruleId}' → tx ${shortHash(receipt.transactionHash)} mined${took}` +
          ` (block ${receipt.blockNumber}` +
          (recorded ? `, weight ${formatWeight(recorded.args.weight)} MNDT` : "") +
          ")",
      );
      result.confirmed++;
    } else {
      const reason = await replayRevert(receipt);
      await move(d, from, "failed", { txHash: receipt.transactionHash, error: reason });
      ctx.log(`${tag}: vote tx ${shortHash(receipt.transactionHash)} reverted: ${reason}`);
      result.failed++;
    }
  }

  async function sendVote(d: DecisionRecord, result: PassResult): Promise<void> {
    const tag = shortId(d.proposalId);
    const proposalId = BigInt(d.proposalId);
    if (d.vote === null) return; // waiting for the holder's answer
    const status = await waitUntilActive(proposalId);
    if (status === "pending") {
      result.waiting++;
      return;
    }
    if (status !== "active") {
      const error = `the proposal is ${status}: too late to vote`;
      await move(d, "pending", "skipped", { error });
      ctx.log(`${tag}: skipped: ${error}`);
      result.skipped++;
      return;
    }
    if (await hasVoted(proposalId)) {
      await settleExistingVote(d, "pending", result);
      return;
    }
    const support = d.vote === "against" ? 0 : d.vote === "for" ? 1 : 2;
    if (!d.summaryHash) throw new Error("decision has no summary hash");
    const data = encodeCall(
      delegateVoteCall(
        { aiDelegateRegistry: registry },
        {
          delegateId,
          proposalId,
          support,
          summaryHash: d.summaryHash,
          mandateVersion: BigInt(d.mandateVersion),
          rationale: d.rationale,
        },
      ),
    );
    let signed: { raw: Hex; hash: Hex; nonce: bigint };
    try {
      signed = await sign(data);
    } catch (e) {
      const reason = revertReason(e);
      if (reason === null) throw e;
      await move(d, "pending", "failed", { error: reason });
      ctx.log(`${tag}: not sent: the vote would revert with ${reason}`);
      result.failed++;
      return;
    }
    let claimed: DecisionRecord;
    try {
      claimed = await move(d, "pending", "sending", { txHash: signed.hash, nonce: signed.nonce });
    } catch (e) {
      if (e instanceof TransitionConflictError) {
        ctx.log(`${tag}: another executor claimed this decision; leaving it`);
        return;
      }
      throw e;
    }
    await ctx.hooks?.beforeBroadcast?.(claimed, signed.hash);
    const sentAt = performance.now();
    await broadcast(signed.raw, signed.hash);
    result.transactions++;
    await ctx.hooks?.afterBroadcast?.(claimed, signed.hash);
    const sent = await move(claimed, "sending", "sent", { txHash: signed.hash });
    ctx.log(
      `${tag}: sent ${VOTE_WORDS[d.vote]} vote, tx ${shortHash(signed.hash)} (nonce ${signed.nonce})`,
    );
    const receipt = await waitReceipt(signed.hash);
    if (!receipt) {
      ctx.log(`${tag}: no receipt for ${shortHash(signed.hash)} yet; will check again`);
      return;
    }
    await finishVote(sent, "sent", receipt, sentAt, result);
  }

  /** The chain shows a vote by the delegate: ours (from an earlier run) or not. */
  async function settleExistingVote(
    d: DecisionRecord,
    from: "pending" | "sending",
    result: PassResult,
  ): Promise<void> {
    const tag = shortId(d.proposalId);
    const record = await voteRecord(BigInt(d.proposalId));
    const ours =
      record.timestamp > 0n &&
      d.summaryHash !== null &&
      record.summaryHash.toLowerCase() === d.summaryHash.toLowerCase() &&
      record.mandateHash.toLowerCase() === d.mandateHash.toLowerCase();
    if (ours) {
      const claimed = from === "pending" ? await move(d, "pending", "sending") : d;
      await move(claimed, "sending", "confirmed", { error: null });
      ctx.log(`${tag}: the chain already holds this vote (an earlier run sent it): confirmed`);
      result.confirmed++;
    } else if (from === "pending") {
      const error = `the delegate already voted on-chain (support ${record.support}, summary ${record.summaryHash})`;
      await move(d, "pending", "skipped", { error });
      ctx.log(`${tag}: skipped: ${error}`);
      result.skipped++;
    } else {
      const error = `the chain shows another vote by the delegate (summary ${record.summaryHash})`;
      await move(d, "sending", "failed", { error });
      ctx.log(`${tag}: ${error}`);
      result.failed++;
    }
  }

  /** A decision found in `sending` or `sent` (this process or a crashed one). */
  async function resume(d: DecisionRecord, result: PassResult): Promise<void> {
    const tag = shortId(d.proposalId);
    const from = d.status as "sending" | "sent";
    if (d.txHash) {
      const receipt = await receiptOf(d.txHash);
      if (receipt) {
        ctx.log(`${tag}: resuming: tx ${shortHash(d.txHash)} was mined`);
        await finishVote(d, from, receipt, null, result);
        return;
      }
      if (await knownTransaction(d.txHash)) {
        const sent = from === "sending" ? await move(d, "sending", "sent") : d;
        ctx.log(`${tag}: resuming: waiting for tx ${shortHash(d.txHash)}`);
        const r = await waitReceipt(d.txHash);
        if (r) await finishVote(sent, "sent", r, null, result);
        return;
      }
    }
    // Never broadcast, or dropped by the node.
    if (await hasVoted(BigInt(d.proposalId))) {
      if (from === "sent") {
        const record = await voteRecord(BigInt(d.proposalId));
        const ours = d.summaryHash?.toLowerCase() === record.summaryHash.toLowerCase();
        await move(d, "sent", ours ? "confirmed" : "failed", {
          error: ours ? null : `the chain shows another vote (summary ${record.summaryHash})`,
        });
        if (ours) result.confirmed++;
        else result.failed++;
        return;
      }
      await settleExistingVote(d, "sending", result);
      return;
    }
    const why = d.txHash
      ? `tx ${shortHash(d.txHash)} never reached the chain`
      : "claimed but never signed";
    ctx.log(`${tag}: resuming: ${why} and the chain shows no vote; sending again`);
    const failed = await move(d, from, "failed", { error: `${why}; re-sending` });
    const again = await move(failed, "failed", "pending", {
      error: null,
      txHash: null,
      nonce: null,
    });
    await sendVote(again, result);
  }

  async function handleAsk(d: DecisionRecord, result: PassResult): Promise<void> {
    const tag = shortId(d.proposalId);
    const proposalId = BigInt(d.proposalId);
    const events = await store.listEvents({ decisionId: d.id });
    const has = (kind: string) => events.some((e) => e.kind === kind);
    const reasonCode = reasonCodeFor(d.ruleId);
    let txHash: Hex | null = null;
    let onChain = "";
    if (!has("ask.recorded")) {
      const status = await readStatus(proposalId);
      if (!isOpen(status)) {
        const error = `the proposal is ${status}; the holder did not answer in time`;
        await move(d, "asked", "skipped", { error });
        ctx.log(`${tag}: ${error}`);
        result.skipped++;
        asksDone.add(d.id);
        return;
      }
      if (await hasVoted(proposalId)) {
        const error = "the delegate already voted on-chain; no pending decision to record";
        await move(d, "asked", "skipped", { error });
        ctx.log(`${tag}: ${error}`);
        result.skipped++;
        asksDone.add(d.id);
        return;
      }
      const recorded = await pendingOnChain(d, proposalId);
      const inFlight = [...events].reverse().find((e) => e.kind === "ask.sending");
      const inFlightHash = inFlight ? (inFlight.data.txHash as Hex | undefined) : undefined;
      const inFlightReceipt = inFlightHash ? await receiptOf(inFlightHash) : null;
      if (recorded) {
        await store.appendEvent(askEvent(d, "ask.recorded", { recovered: true, reasonCode }));
        onChain = "pending decision already on-chain";
      } else if (inFlightReceipt?.status === "success") {
        txHash = inFlightReceipt.transactionHash;
        await store.appendEvent(askEvent(d, "ask.recorded", { txHash, reasonCode }));
        onChain = `pending decision recorded in tx ${shortHash(txHash)}`;
      } else {
        if (!d.summaryHash) throw new Error("decision has no summary hash");
        const data = encodeCall(
          pendingDecisionCall(
            { aiDelegateRegistry: registry },
            {
              delegateId,
              proposalId,
              reasonCode,
              summaryHash: d.summaryHash,
              mandateVersion: BigInt(d.mandateVersion),
              note: d.rationale,
            },
          ),
        );
        let signed: { raw: Hex; hash: Hex; nonce: bigint };
        try {
          signed = await sign(data);
        } catch (e) {
          const reason = revertReason(e);
          if (reason === null) throw e;
          await store.appendEvent(askEvent(d, "ask.failed", { error: reason }));
          await move(d, "asked", "failed", { error: reason });
          ctx.log(`${tag}: pending decision not recorded: it would revert with ${reason}`);
          result.failed++;
          asksDone.add(d.id);
          return;
        }
        await store.appendEvent(
          askEvent(d, "ask.sending", { txHash: signed.hash, nonce: signed.nonce, reasonCode }),
        );
        await ctx.hooks?.beforeBroadcast?.(d, signed.hash);
        const sentAt = performance.now();
        await broadcast(signed.raw, signed.hash);
        result.transactions++;
        await ctx.hooks?.afterBroadcast?.(d, signed.hash);
        const receipt = await waitReceipt(signed.hash);
        if (!receipt) {
          ctx.log(`${tag}: no receipt for ${shortHash(signed.hash)} yet; will check again`);
          return;
        }
        if (receipt.status !== "success") {
          const reason = await replayRevert(receipt);
          await store.appendEvent(
            askEvent(d, "ask.failed", { txHash: signed.hash, error: reason }),
          );
          await move(d, "asked", "failed", { error: reason, txHash: signed.hash });
          ctx.log(`${tag}: recordPendingDecision reverted: ${reason}`);
          result.failed++;
          asksDone.add(d.id);
          return;
        }
        txHash = receipt.transactionHash;
        await store.appendEvent(
          askEvent(d, "ask.recorded", { txHash, blockNumber: receipt.blockNumber, reasonCode }),
        );
        onChain = `pending decision recorded in tx ${shortHash(txHash)}, mined in ${seconds(performance.now() - sentAt)}`;
      }
      result.asked++;
    } else {
      const rec = events.find((e) => e.kind === "ask.recorded");
      txHash = (rec?.data.txHash as Hex | undefined) ?? null;
    }

    let hook = "";
    if (ctx.webhook && !has("webhook.delivered") && !has("webhook.failed")) {
      const payload = await askPayload(d, reasonCode, txHash);
      const outcome = await postWebhook(payload, ctx.webhook);
      if (outcome.ok) {
        await store.appendEvent(
          askEvent(d, "webhook.delivered", { status: outcome.status, ms: outcome.ms }),
        );
        hook = `; webhook delivered (HTTP ${outcome.status})`;
      } else {
        await store.appendEvent(askEvent(d, "webhook.failed", { error: outcome.error }));
        hook = `; webhook failed: ${outcome.error}`;
      }
    }
    asksDone.add(d.id);
    if (onChain || hook) {
      const { engine } = await engineOf(d);
      ctx.log(
        `${tag}: analyzed (${engine}) → Ask the holder by rule '${d.ruleId}' (reason code ${reasonCode})` +
          (onChain ? ` → ${onChain}` : "") +
          hook,
      );
    }
  }

  async function pendingOnChain(d: DecisionRecord, proposalId: bigint): Promise<boolean> {
    const pd = await rpc(() =>
      client.readContract({
        address: registry,
        abi: aiDelegateRegistryAbi,
        functionName: "pendingDecision",
        args: [delegateId, proposalId],
      }),
    );
    return (
      pd.timestamp > 0n &&
      d.summaryHash !== null &&
      pd.summaryHash.toLowerCase() === d.summaryHash.toLowerCase() &&
      pd.mandateHash.toLowerCase() === d.mandateHash.toLowerCase() &&
      pd.reasonCode === reasonCodeFor(d.ruleId)
    );
  }

  function askEvent(d: DecisionRecord, kind: string, data: Record<string, unknown>) {
    return { kind, decisionId: d.id, governor: d.governor, proposalId: d.proposalId, data };
  }

  async function askPayload(
    d: DecisionRecord,
    reasonCode: number,
    txHash: Hex | null,
  ): Promise<AskPayload> {
    const { engine, title, tldr } = await engineOf(d);
    const deadline = d.deadline === null ? null : Number(d.deadline);
    const app = ctx.appUrl?.replace(/\/+$/, "") ?? null;
    return {
      type: "mandate.delegate.ask",
      chainId: ctx.chainId,
      governor: d.governor,
      delegate: { id: delegateId.toString(), name: ctx.delegateName, instance },
      proposalId: d.proposalId,
      title,
      tldr,
      rule: d.ruleId ?? "",
      rationale: d.rationale,
      reasonCode,
      deadline,
      deadlineIso: deadline === null ? null : new Date(deadline * 1000).toISOString(),
      summaryHash: d.summaryHash,
      mandateHash: d.mandateHash,
      mandateVersion: d.mandateVersion,
      engine,
      transactionHash: txHash,
      links: {
        proposal: app ? `${app}/proposals/${d.proposalId}` : null,
        delegate: app ? `${app}/delegates/${delegateId}` : null,
      },
    };
  }

  async function printDecision(d: DecisionRecord, result: PassResult): Promise<void> {
    if (printed.has(d.id)) return;
    printed.add(d.id);
    const { engine, title } = await engineOf(d);
    const what =
      d.vote === null
        ? `Ask the holder (reason code ${reasonCodeFor(d.ruleId)})`
        : VOTE_WORDS[d.vote];
    print(
      `dry run: ${shortId(d.proposalId)} "${title}": ${what} by rule '${d.ruleId}' — ${d.rationale} [engine ${engine}]; nothing sent`,
    );
    result.printed++;
  }

  return {
    async runPass() {
      const result = emptyResult();
      const filter = { delegate: instance, governor };
      const pending = await store.listPending(filter);
      const asked = (await store.listAsked(filter)).filter((d) => !asksDone.has(d.id));
      if (ctx.dryRun) {
        for (const d of [...pending, ...asked]) await printDecision(d, result);
        return result;
      }
      for (const d of [...pending, ...asked]) {
        if (ctx.signal?.aborted) break;
        const wait = backoff.get(d.id);
        if (wait && Date.now() < wait.at) continue;
        try {
          if (d.status === "pending") await sendVote(d, result);
          else if (d.status === "sending" || d.status === "sent") await resume(d, result);
          else if (d.status === "asked") await handleAsk(d, result);
          backoff.delete(d.id);
        } catch (e) {
          if (e instanceof TransitionConflictError) {
            ctx.log(
              `${shortId(d.proposalId)}: the decision changed under us (${e.message}); skipping`,
            );
            continue;
          }
          const delay = Math.min(60_000, (wait?.delay ?? 500) * 2);
          backoff.set(d.id, { at: Date.now() + delay, delay });
          result.errors++;
          ctx.log(
            `${shortId(d.proposalId)}: error (${d.status}), will retry in ${(delay / 1000).toFixed(0)} s: ${errorLine(e)}`,
          );
        }
      }
      return result;
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function formatWeight(weight: bigint): string {
  const whole = weight / 10n ** 18n;
  return whole.toLocaleString("en-US");
}

/** Calldata of a call built by @mandate/sdk (`delegateVoteCall`, `pendingDecisionCall`). */
function encodeCall(call: { abi: Abi; functionName: string; args: readonly unknown[] }): Hex {
  return encodeFunctionData({
    abi: call.abi,
    functionName: call.functionName,
    args: call.args,
  } as Parameters<typeof encodeFunctionData>[0]);
}
