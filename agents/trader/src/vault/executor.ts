/**
 * The trade executor: the only code that signs for the trader. Like the delegate's executor it is
 * idempotent and crash-safe:
 *
 * - Every trade is recorded as an intent (`pending`) under an idempotency key before anything is
 *   signed; a key that exists is never sent again.
 * - It is claimed by compare-and-set (`pending → sending`); the SDK action (`vaultBuy`,
 *   `vaultSell`, `vaultRedeem`) simulates it, the wallet signs it, and the signed transaction's
 *   hash, raw bytes and nonce are stored before the node sees it; then `sent`, and the receipt
 *   gives `confirmed` (with the cost, proceeds or payout from the vault's event) or `failed`.
 * - A refusal before anything was signed (the SDK's simulation reverted: slippage, a limit, a
 *   closed market…) is `failed` with the named error, and reported as a skip reason.
 * - Resume (each pass starts with it): an intent left `pending`, or `sending` without a hash, was
 *   never broadcast → `failed`. One with a hash: its receipt settles it; a transaction the node
 *   still holds is waited for; one the node does not know is dropped if its nonce was used by
 *   another transaction or its deadline passed (it can never trade), else the very same signed
 *   bytes are broadcast again (same hash, same nonce: at most one of them can ever be mined).
 */
import type {
  IntentConflictError,
  IntentKind,
  IntentRecord,
  TraderScope,
  TraderStore,
} from "@mandate/delegate";
import { isMandateError } from "@mandate/sdk";
import type { Hex, TransactionReceipt } from "viem";
import type { SkipReason } from "../sizing.js";
import type { SendRequest, VaultChain } from "./chain.js";

/** Test seams: throwing from a hook simulates a crash at that point. */
export interface ExecutorHooks {
  /** Signed and stored (`sending` with its hash); not broadcast yet. */
  beforeBroadcast?: ((intent: IntentRecord, txHash: Hex) => void | Promise<void>) | undefined;
  /** Broadcast; the store still says `sending`. */
  afterBroadcast?: ((intent: IntentRecord, txHash: Hex) => void | Promise<void>) | undefined;
}

export interface TradeRequest extends SendRequest {
  /** Idempotency key: executed at most once. */
  key: string;
  /** The decision row the trade comes from. */
  decisionId: number | null;
}

export type ExecutionOutcome =
  | {
      status: "confirmed";
      intent: IntentRecord;
      amount: bigint;
      shares: bigint;
      txHash: Hex;
      blockNumber: bigint;
      resumed: boolean;
    }
  /** Mined and reverted, dropped, or expired unmined. */
  | { status: "failed"; intent: IntentRecord; error: string; txHash: Hex | null }
  /** Not sent: refused before anything was signed. */
  | { status: "refused"; intent: IntentRecord; skipReason: SkipReason; error: string }
  /** Maybe broadcast, not settled: the next pass settles it. */
  | { status: "unsettled"; intent: IntentRecord; error: string }
  /** This key was executed (or refused) before: nothing sent. */
  | { status: "duplicate"; intent: IntentRecord };

export interface TradeExecutorOptions {
  store: TraderStore;
  chain: VaultChain;
  scope: TraderScope;
  /** How long to wait for a receipt before leaving it to the next pass. Default 120 s. */
  receiptTimeoutMs?: number | undefined;
  hooks?: ExecutorHooks | undefined;
}

export interface TradeExecutor {
  execute(request: TradeRequest): Promise<ExecutionOutcome>;
  /** Settles what earlier runs left unfinished. `busy` lists markets still in flight. */
  resume(): Promise<{ outcomes: ExecutionOutcome[]; busy: Set<bigint> }>;
}

/** The skip reason for an SDK error (a named contract error, or the RPC). */
export function skipReasonFor(error: unknown): SkipReason {
  if (!isMandateError(error)) return "rejected";
  if (error.kind === "rpcUnreachable") return "rpcUnavailable";
  switch (error.errorName ?? error.code) {
    case "CostAboveMax":
    case "ProceedsBelowMin":
    case "SharesBelowMin":
      return "priceMoved";
    case "VaultTradeAboveLimit":
    case "VaultDailyLimitExceeded":
    case "VaultExposureLimitExceeded":
      return "limitReached";
    case "MarketClosed":
      return "marketClosed";
    case "DeadlinePassed":
      return "deadlinePassed";
    case "MarketAlreadyResolved":
    case "MarketNotFound":
    case "MarketNotResolved":
      return "marketNotOpen";
    case "VaultAgentExpired":
      return "policyExpired";
    case "VaultNotAgent":
    case "VaultNoAgent":
      return "notAgent";
    case "VaultMarketNotAllowed":
      return "marketNotAllowed";
    case "VaultCollateralNotAllowed":
      return "collateralNotAllowed";
    case "VaultInsufficientBalance":
      return "emptyBankroll";
    default:
      return "rejected";
  }
}

/** One line for an error: the contract error's name and the SDK's sentence, no stack. */
export function errorText(error: unknown, max = 300): string {
  let text: string;
  if (isMandateError(error)) {
    const name = error.kind === "contract" && error.errorName ? `${error.errorName}: ` : "";
    text = `${name}${error.shortMessage}`;
  } else if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: unknown }).shortMessage;
    const message = typeof short === "string" && short ? short : error.message;
    text = error.name && error.name !== "Error" ? `${error.name}: ${message}` : message;
  } else {
    text = String(error);
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function isConflict(e: unknown): e is IntentConflictError {
  return e instanceof Error && e.name === "IntentConflictError";
}

export function createTradeExecutor(options: TradeExecutorOptions): TradeExecutor {
  const { store, chain, scope } = options;
  const receiptTimeoutMs = options.receiptTimeoutMs ?? 120_000;

  async function settle(
    intent: IntentRecord,
    receipt: TransactionReceipt,
    resumed: boolean,
  ): Promise<ExecutionOutcome> {
    const from = intent.status as "sending" | "sent";
    const s = chain.settlement(receipt, intent.kind);
    if (s.success) {
      const done = await store.transitionIntent(intent.id, from, "confirmed", {
        txHash: s.txHash,
        amount: s.amount ?? 0n,
        blockNumber: s.blockNumber,
        error: null,
      });
      return {
        status: "confirmed",
        intent: done,
        amount: s.amount ?? 0n,
        shares: s.shares ?? intent.shares,
        txHash: s.txHash,
        blockNumber: s.blockNumber,
        resumed,
      };
    }
    const error = `the transaction ${s.txHash} reverted in block ${s.blockNumber}`;
    const failed = await store.transitionIntent(intent.id, from, "failed", {
      txHash: s.txHash,
      blockNumber: s.blockNumber,
      error,
    });
    return { status: "failed", intent: failed, error, txHash: s.txHash };
  }

  async function waitAndSettle(intent: IntentRecord, resumed: boolean): Promise<ExecutionOutcome> {
    const hash = intent.txHash;
    if (!hash) throw new Error(`intent ${intent.id} has no transaction to wait for`);
    const receipt = await chain.waitForReceipt(hash, receiptTimeoutMs);
    if (!receipt) {
      return {
        status: "unsettled",
        intent,
        error: `no receipt for ${hash} after ${receiptTimeoutMs / 1000} s`,
      };
    }
    return settle(intent, receipt, resumed);
  }

  async function fail(intent: IntentRecord, error: string): Promise<ExecutionOutcome> {
    const failed = await store.transitionIntent(
      intent.id,
      intent.status as "pending" | "sending" | "sent",
      "failed",
      { error },
    );
    return { status: "failed", intent: failed, error, txHash: failed.txHash };
  }

  /** Settles an intent an earlier run (or this one) left `pending`, `sending` or `sent`. */
  async function resumeOne(intent: IntentRecord): Promise<ExecutionOutcome> {
    if (intent.status === "pending") {
      return fail(intent, "interrupted before anything was signed; nothing was sent");
    }
    if (!intent.txHash) {
      return fail(intent, "interrupted before the transaction was signed or broadcast");
    }
    const receipt = await chain.receipt(intent.txHash);
    if (receipt) return settle(intent, receipt, true);
    if (await chain.knownTransaction(intent.txHash)) {
      const sent =
        intent.status === "sending"
          ? await store.transitionIntent(intent.id, "sending", "sent")
          : intent;
      return waitAndSettle(sent, true);
    }
    const mined = await chain.minedNonce();
    if (intent.nonce !== null && mined > intent.nonce) {
      return fail(
        intent,
        `${intent.txHash} never reached the chain and its nonce ${intent.nonce} was used by another transaction: it can never be mined`,
      );
    }
    const now = await chain.now();
    if (intent.deadline !== null && now > intent.deadline) {
      return fail(
        intent,
        `${intent.txHash} never reached the chain and its deadline ${intent.deadline} has passed: it can never trade`,
      );
    }
    if (!intent.rawTx) return fail(intent, `${intent.txHash} never reached the chain`);
    await chain.rebroadcast(intent.rawTx);
    const sent =
      intent.status === "sending"
        ? await store.transitionIntent(intent.id, "sending", "sent")
        : intent;
    return waitAndSettle(sent, true);
  }

  return {
    async execute(request) {
      const { intent: recorded, created } = await store.recordIntent({
        ...scope,
        key: request.key,
        decisionId: request.decisionId,
        marketId: request.marketId,
        outcome: request.outcome,
        kind: request.kind as IntentKind,
        shares: request.shares,
        limit: request.limit,
        deadline: request.deadline,
      });
      if (!created) {
        if (recorded.status === "confirmed" || recorded.status === "failed") {
          return { status: "duplicate", intent: recorded };
        }
        return resumeOne(recorded);
      }
      let claimed: IntentRecord;
      try {
        claimed = await store.transitionIntent(recorded.id, "pending", "sending");
      } catch (e) {
        if (isConflict(e)) {
          return { status: "unsettled", intent: recorded, error: "another executor claimed it" };
        }
        throw e;
      }
      let signed = false;
      let current = claimed;
      try {
        await chain.send(request, {
          onSigned: async (tx) => {
            current = await store.attachIntentTransaction(claimed.id, {
              txHash: tx.hash,
              rawTx: tx.raw,
              nonce: tx.nonce,
            });
            signed = true;
            await options.hooks?.beforeBroadcast?.(current, tx.hash);
          },
          onBroadcast: async (tx) => {
            await options.hooks?.afterBroadcast?.(current, tx.hash);
          },
        });
      } catch (e) {
        const error = errorText(e);
        if (!signed) {
          const failed = await store.transitionIntent(claimed.id, "sending", "failed", { error });
          return { status: "refused", intent: failed, skipReason: skipReasonFor(e), error };
        }
        // Signed and maybe broadcast: only the chain can say what happened. Leave it `sending`
        // with its hash for the next pass, as a crash here would.
        return { status: "unsettled", intent: current, error };
      }
      const sent = await store.transitionIntent(claimed.id, "sending", "sent");
      return waitAndSettle(sent, false);
    },

    async resume() {
      const outcomes: ExecutionOutcome[] = [];
      const busy = new Set<bigint>();
      const open = await store.listIntents({ ...scope, status: ["pending", "sending", "sent"] });
      for (const intent of open) {
        let outcome: ExecutionOutcome;
        try {
          outcome = await resumeOne(intent);
        } catch (e) {
          outcome = { status: "unsettled", intent, error: errorText(e) };
        }
        if (outcome.status === "unsettled") busy.add(intent.marketId);
        outcomes.push(outcome);
      }
      return { outcomes, busy };
    },
  };
}
