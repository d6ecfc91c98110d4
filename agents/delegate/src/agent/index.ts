/**
 * The delegate runtime: watcher → pipeline → executor, until aborted (or, with `once`, until the
 * backlog is done). Decisions are made in pure code (the engine reads, the mandate decides) and
 * acted on in one place (the executor signs). Every step logs one line, tagged `[delegate#<id>]`,
 * with secrets masked.
 */
import type { AgentStatus } from "@mandate/config/ops";
import type { Transport } from "viem";
import { decodeProposal } from "../decode/index.js";
import { createOfflineEngine, OFFLINE_ENGINE_ID } from "../engines/offline/index.js";
import { engineFromEnv } from "../engines/openai-env.js";
import { type DecisionStore, openDecisionStore, redactDatabaseUrl } from "../store/index.js";
import type { Engine } from "../types.js";
import { sleep } from "./chain.js";
import {
  connectDelegate,
  type DelegateConfig,
  type DelegateSetup,
  storeOptionsFor,
} from "./config.js";
import { errorLine, redactUrl } from "./errors.js";
import { createExecutor, type ExecutorHooks, type PassResult } from "./executor.js";
import { type PipelineContext, processProposal, shortId } from "./pipeline.js";
import { createWatcher, cursorNameFor } from "./watcher.js";

export interface RunDelegateOptions {
  /** Stops the run: the current step (a receipt wait included) finishes, then the store closes. */
  signal?: AbortSignal;
  /** One line per step (default console.log). */
  log?: (line: string) => void;
  /** Where dry-run decisions are printed (default: log). */
  print?: (line: string) => void;
  /** Use this store instead of opening one (it is not closed at the end). */
  store?: DecisionStore;
  /** Use this engine instead of the one the environment configures. */
  engine?: Engine;
  /** fetch for the webhook (tests). */
  fetch?: typeof fetch;
  /** Executor test seams (simulated crashes). */
  hooks?: ExecutorHooks;
  /** viem transport override (tests). */
  transport?: Transport;
  /** Updated as the loop runs, for the health and metrics endpoints (@mandate/config/ops). */
  status?: AgentStatus;
  /** Called once, after the backlog has been processed. */
  onCaughtUp?: (info: { block: bigint | null; setup: DelegateSetup }) => void;
}

export interface RunDelegateResult {
  /** Proposals read from the chain in this run. */
  proposals: number;
  /** Decisions recorded in this run. */
  decided: number;
  /** Proposals whose analysis failed (recorded as `proposal.failed`). */
  failedProposals: number;
  /** Votes confirmed in this run. */
  votes: number;
  /** Pending decisions (asks) recorded on-chain in this run. */
  asks: number;
  /** Transactions broadcast in this run. */
  transactions: number;
  /** Decisions that ended failed in this run. */
  failedDecisions: number;
  /** Decision-handling errors (retried later). */
  errors: number;
  /** Dry run: decisions printed. */
  printed: number;
  /** The watcher's cursor at the end. */
  cursor: bigint | null;
}

/** `offline/textrank-1`, `openai/gpt-4o-mini`…: how the engine names itself in summaries. */
export function engineName(engine: Engine): string {
  const named = (engine as Engine & { name?: unknown }).name;
  if (typeof named === "string" && named.length > 0) return named;
  return engine.id === "offline" ? OFFLINE_ENGINE_ID : engine.id;
}

/** Runs the delegate until `signal` aborts, or once through the backlog with `config.once`. */
export async function runDelegate(
  config: DelegateConfig,
  options: RunDelegateOptions = {},
): Promise<RunDelegateResult> {
  const baseLog = options.log ?? ((line: string) => console.log(line));
  const signal = options.signal;
  const setup = await connectDelegate(
    config,
    options.transport ? { transport: options.transport } : {},
  );
  const tag = `[delegate#${setup.delegateId}]`;
  const say = (line: string) => baseLog(setup.redact(`${tag} ${line}`));
  const print = options.print
    ? (line: string) => options.print?.(setup.redact(`${tag} ${line}`))
    : say;

  const engine =
    options.engine ??
    engineFromEnv(config.engineEnv(), {
      offline: () => createOfflineEngine(),
      decode: decodeProposal,
      log: (line) => say(`engine: ${line}`),
    });

  const ownStore = options.store === undefined;
  const store = options.store ?? (await openDecisionStore(storeOptionsFor(config)));
  const result: RunDelegateResult = {
    proposals: 0,
    decided: 0,
    failedProposals: 0,
    votes: 0,
    asks: 0,
    transactions: 0,
    failedDecisions: 0,
    errors: 0,
    printed: 0,
    cursor: null,
  };
  const cursorName = cursorNameFor(setup.chainId, setup.governor, setup.delegateId);

  try {
    say(
      `starting: delegate "${setup.delegateName}" #${setup.delegateId} (instance ${setup.instance}, operator ${setup.operator}` +
        (setup.account ? "" : ", no key: dry run only") +
        `) on chain ${setup.chainId} via ${redactUrl(config.rpcUrl)}`,
    );
    say(
      `mandate "${setup.mandate.name}" version ${setup.mandateVersion} ${setup.mandateHash} (matches the registry); engine ${engineName(engine)} — ${engine.label}`,
    );
    say(
      `governor ${setup.governor}, registry ${setup.registry}; store ${store.kind} at ${redactDatabaseUrl(store.location)}; ` +
        `reading from block ${(await store.getCursor(cursorName)) ?? setup.startBlock}` +
        (config.dryRun ? "; DRY RUN: nothing will be sent" : "") +
        (config.once
          ? "; once: exits after the backlog"
          : `; polling every ${config.pollIntervalMs} ms`),
    );

    const pipelineCtx: PipelineContext = {
      store,
      engine,
      client: setup.client,
      governor: setup.governor,
      registry: setup.registry,
      delegateId: setup.delegateId,
      instance: setup.instance,
      mandate: setup.mandate,
      mandateHash: setup.mandateHash,
      mandateVersion: setup.mandateVersion,
      decodeContext: setup.decodeContext,
      log: say,
    };
    const watcher = createWatcher({
      client: setup.client,
      store,
      governor: setup.governor,
      cursorName,
      startBlock: setup.startBlock,
      blockRange: config.blockRange,
      signal,
      log: say,
    });
    const executor = createExecutor({
      store,
      client: setup.client,
      chain: setup.chain,
      account: setup.account,
      chainId: setup.chainId,
      governor: setup.governor,
      registry: setup.registry,
      delegateId: setup.delegateId,
      delegateName: setup.delegateName,
      instance: setup.instance,
      mandateHash: setup.mandateHash,
      mandateVersion: setup.mandateVersion,
      dryRun: config.dryRun,
      webhook: config.webhookUrl
        ? { url: config.webhookUrl, timeoutMs: config.webhookTimeoutMs, fetch: options.fetch }
        : null,
      appUrl: config.appUrl,
      receiptTimeoutMs: config.receiptTimeoutMs,
      log: say,
      print,
      ...(options.hooks ? { hooks: options.hooks } : {}),
      signal,
    });
    const tally = (r: PassResult) => {
      result.votes += r.confirmed;
      result.asks += r.asked;
      result.transactions += r.transactions;
      result.failedDecisions += r.failed;
      result.errors += r.errors;
      result.printed += r.printed;
    };

    const status = options.status;
    if (status) {
      status.labels.delegate_id = setup.delegateId.toString();
      status.phase = "catching-up";
    }
    const report = async (ok: boolean, error?: unknown) => {
      if (!status) return;
      if (ok) {
        status.lastSuccessAt = Date.now();
        status.failuresInARow = 0;
        status.lastError = null;
      } else {
        status.failuresInARow++;
        status.lastError = setup.redact(errorLine(error));
      }
      Object.assign(status.counters, {
        proposals_read: result.proposals,
        decisions: result.decided,
        votes: result.votes,
        asks: result.asks,
        transactions: result.transactions,
        failed_decisions: result.failedDecisions,
        failed_analyses: result.failedProposals,
        step_errors: result.errors,
      });
      const cursor = await store.getCursor(cursorName).catch(() => null);
      if (cursor !== null) status.gauges.cursor_block = Number(cursor);
    };

    let caughtUp = false;
    let failures = 0;
    while (!signal?.aborted) {
      try {
        // First pass: finish what a previous run left (sending, sent, pending, asked).
        if (!caughtUp) tally(await executor.runPass());
        await watcher.poll(async (p) => {
          result.proposals++;
          const out = await processProposal(p, pipelineCtx);
          if (out.kind === "decided" && out.created) result.decided++;
          else if (out.kind === "failed") result.failedProposals++;
          else if (out.kind === "skipped") say(`${shortId(p.id)}: skipped: ${out.reason}`);
          // Act at once on what was decided (the next proposal can wait a transaction).
          if (out.kind === "decided" && !signal?.aborted) tally(await executor.runPass());
        });
        tally(await executor.runPass());
        failures = 0;
        await report(true);
      } catch (e) {
        if (config.once || signal?.aborted) throw e;
        failures++;
        await report(false, e);
        const delay = Math.min(30_000, config.pollIntervalMs * 2 ** Math.min(failures, 6));
        say(
          `step failed (${failures} in a row), retrying in ${(delay / 1000).toFixed(1)} s: ${errorLine(e)}`,
        );
        await sleep(delay, signal);
        continue;
      }
      if (!caughtUp) {
        caughtUp = true;
        if (status) status.phase = "watching";
        const block = await store.getCursor(cursorName);
        say(
          `caught up: every proposal up to block ${block ?? "(none)"} handled` +
            (config.once
              ? "; done"
              : `; watching for new proposals every ${config.pollIntervalMs} ms`),
        );
        options.onCaughtUp?.({ block, setup });
      }
      if (config.once) break;
      await sleep(config.pollIntervalMs, signal);
    }
    result.cursor = await store.getCursor(cursorName);
    say(
      `${signal?.aborted ? "stopping" : "finished"}: ${result.proposals} proposals read, ${result.decided} decided, ` +
        `${result.votes} votes, ${result.asks} asks, ${result.transactions} transactions` +
        (result.failedProposals ? `, ${result.failedProposals} proposals failed analysis` : "") +
        (result.failedDecisions ? `, ${result.failedDecisions} decisions failed` : "") +
        (result.errors ? `, ${result.errors} errors (will retry)` : ""),
    );
    return result;
  } finally {
    if (options.status) options.status.phase = "stopped";
    if (ownStore) await store.close();
  }
}

export * from "./chain.js";
export * from "./config.js";
export * from "./errors.js";
export * from "./executor.js";
export * from "./pipeline.js";
export * from "./watcher.js";
export * from "./webhook.js";
