#!/usr/bin/env node
/**
 * mandate-trader: runs the AI trader for one holder's vault. See `--help` and the README.
 *
 *   node agents/trader/dist/cli.js --user 0x90F79bf6EB2c4f870365E785982E1f101E93b906 \
 *     --dev-account 12 --rpc-url http://127.0.0.1:8545
 */
import { ConfigError, runIfEntryPoint } from "@mandate/config";
import { jsonLogger, type OpsServer, serveOps, stopOnSignals } from "@mandate/config/ops";
import {
  DEFAULT_TRADER_DATA_DIR,
  DevKeyRefusedError,
  openTraderStore,
  RpcUnreachableError,
  StoreError,
  type TraderStore,
} from "@mandate/delegate";
import { formatAmount, getTokenBalance, isMandateError, type TokenUnits } from "@mandate/sdk";
import { getAddress, zeroAddress } from "viem";
import { cachedSource } from "./beliefs/cache.js";
import { createOpenAIForecaster } from "./beliefs/openai.js";
import { proposalSource } from "./beliefs/proposal.js";
import type { BeliefSource } from "./beliefs/types.js";
import { trackRecord } from "./track-record.js";
import { type BeliefsFile, BeliefsFileError, loadBeliefsFile } from "./vault/beliefs-file.js";
import { createVaultChain } from "./vault/chain.js";
import {
  connectTrader,
  DEFAULT_RPC_URL,
  DEFAULT_TRADER_INTERVAL_MS,
  loadTraderKeystore,
  loadTraderSettings,
  parseTraderArgs,
  type TraderConfig,
  TraderConfigError,
  type TraderConnection,
  TraderSetupError,
  traderRedactor,
} from "./vault/config.js";
import { errorText } from "./vault/executor.js";
import { createTraderRuntime, type RuntimeHooks, runTraderLoop } from "./vault/runtime.js";
import {
  createTraderStatus,
  recordConnected,
  recordFailure,
  recordPass,
  traderStaleAfterMs,
} from "./vault/status.js";

export const USAGE = `mandate-trader: an AI trader that trades a holder's vault within the holder's policy, with a
decision record for every choice and a public track record (Brier score, log loss).

Usage: mandate-trader --user ADDRESS [options]

  --user ADDRESS      the vault's owner: the holder whose collateral is traded (MANDATE_TRADER_USER)
  --dev-account N     sign with Hardhat dev account N (local chain 31337 only); otherwise set
                      MANDATE_TRADER_KEYSTORE (below) or MANDATE_TRADER_KEY to the agent's hex
                      private key (never a flag)
  --rpc-url URL       JSON-RPC endpoint (MANDATE_RPC_URL, default ${DEFAULT_RPC_URL})
  --db-dir DIR        embedded database directory (MANDATE_TRADER_DB_DIR, default
                      ${DEFAULT_TRADER_DATA_DIR}); DATABASE_URL=postgres://… uses PostgreSQL instead
  --beliefs FILE      holder-set probabilities per market id, JSON: {"5": 0.7, "3": {"p": 0.4}}
                      (MANDATE_TRADER_BELIEFS); re-read when it changes
  --delegate-id N     the AI delegate whose recorded votes bound proposal markets: never bet
                      against how it votes (MANDATE_TRADER_DELEGATE_ID)
  --once              one pass over the markets, then exit (MANDATE_TRADER_ONCE=1)
  --dry-run           decide and print, send nothing (in-memory store; no key needed)
  --interval-ms N     time between passes (MANDATE_TRADER_INTERVAL_MS, default ${DEFAULT_TRADER_INTERVAL_MS})
  --deployment FILE   contract addresses for chains without a recorded deployment
                      (MANDATE_DEPLOYMENT_FILE)
  --report            print the track record (Brier score, log loss per agent) as JSON and exit
  --http-port N       serve GET /health and GET /metrics (Prometheus) on this port
                      (MANDATE_HTTP_PORT; MANDATE_HTTP_HOST, default 127.0.0.1)
  -h, --help          this help

Beliefs also come from the governor's live tally for proposal markets, and from an
OpenAI-compatible model with MANDATE_TRADER_FORECASTER=openai, OPENAI_MODEL, OPENAI_BASE_URL,
OPENAI_API_KEY (weight MANDATE_TRADER_FORECAST_WEIGHT, default 1; each market asked at most once
per MANDATE_TRADER_FORECAST_TTL_SECONDS, default 3600; OPENAI_TIMEOUT_MS, OPENAI_MAX_RETRIES).
Logs: MANDATE_LOG_FORMAT=text (default) | json (one JSON object per line).
Key from a keystore: MANDATE_TRADER_KEYSTORE=FILE (an Ethereum V3 keystore, e.g. from
mandate-keystore new) with MANDATE_TRADER_KEYSTORE_PASSWORD_FILE (or _PASSWORD).
Config file: MANDATE_CONFIG=FILE, else ./mandate.config.json if present: a JSON object of the
variables above (no secrets); the environment wins, flags win over both.
packages/config/README.md lists them all.
Exit codes: 0 done or stopped, 1 failed, 2 bad configuration, 130 stopped while connecting or
forced by a second signal.
`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliOptions {
  /** First retry delay after an unreachable RPC (default 1000 ms). */
  retryBaseMs?: number;
  /** Attempts before `--once` gives up on an unreachable RPC (default 4). */
  onceAttempts?: number;
  /** Test seams (see RuntimeHooks). */
  hooks?: RuntimeHooks;
  /** Base for relative paths and ./mandate.config.json (default process.cwd()). */
  cwd?: string;
}

const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

async function report(config: TraderConfig, io: CliIo, store: TraderStore): Promise<number> {
  const filter = config.user ? { user: config.user } : {};
  const record = await trackRecord(store, filter);
  const intents = await store.listIntents({ ...filter, status: ["confirmed"] });
  const trades = new Map<
    string,
    { buys: number; sells: number; redeems: number; spent: bigint; received: bigint }
  >();
  for (const i of intents) {
    const key = `${i.agent}:${i.user}`;
    const t = trades.get(key) ?? { buys: 0, sells: 0, redeems: 0, spent: 0n, received: 0n };
    if (i.kind === "buy") {
      t.buys++;
      t.spent += i.amount ?? 0n;
    } else {
      if (i.kind === "sell") t.sells++;
      else t.redeems++;
      t.received += i.amount ?? 0n;
    }
    trades.set(key, t);
  }
  const agents = record.agents.map((a) => ({
    ...a,
    trades: trades.get(`${a.agent}:${a.user}`) ?? {
      buys: 0,
      sells: 0,
      redeems: 0,
      spent: 0n,
      received: 0n,
    },
  }));
  io.out(jsonText({ rule: record.rule, agents }));
  return 0;
}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Runs the CLI; resolves with the exit code. SIGINT/SIGTERM stop it cleanly. */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) },
  signal?: AbortSignal,
  options: CliOptions = {},
): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  let config: TraderConfig;
  let configFile: string | null = null;
  try {
    const flags = parseTraderArgs(argv);
    if (flags.help) {
      io.out(USAGE);
      return 0;
    }
    // The optional config file (MANDATE_CONFIG, else ./mandate.config.json): the environment
    // wins over it, flags over both. Any key the variable table does not know is an error.
    const settings = loadTraderSettings(env, flags, cwd);
    if (settings.file !== null) {
      configFile = `${settings.file} (${settings.fromFile.length} settings used)`;
    }
    config = settings.config;
    // A keystore instead of a raw key: decrypted here, kept in memory only (not for --report).
    if (!config.report) config = await loadTraderKeystore(config, settings.env);
  } catch (e) {
    if (e instanceof TraderConfigError) {
      io.err(`mandate-trader: ${e.name}: ${e.message}`);
      io.err("Run with --help for the options.");
      return 2;
    }
    // The config file, the keystore and its password (@mandate/config): named, never shown.
    if (e instanceof ConfigError) {
      io.err(`mandate-trader: ${e.name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const redact = traderRedactor(config);
  const write = config.logFormat === "json" ? jsonLogger("trader", io.out) : io.out;
  const log = (line: string) => write(redact(`[trader] ${line}`));
  const fail = (e: unknown, code = 1) => {
    const name = e instanceof Error && e.name !== "Error" ? `${e.name}: ` : "";
    const message = isMandateError(e) ? e.shortMessage : e instanceof Error ? e.message : String(e);
    io.err(redact(`mandate-trader: ${name}${message}`.replace(/\s+/g, " ")));
    return code;
  };

  const storeOptions = {
    databaseUrl: config.databaseUrl?.reveal(),
    dataDir: config.dryRun && !config.report ? "memory://" : (config.dbDir ?? undefined),
    cwd: config.cwd,
  };

  if (config.report) {
    let store: TraderStore;
    try {
      store = await openTraderStore(storeOptions);
    } catch (e) {
      return fail(e);
    }
    try {
      return await report(config, io, store);
    } finally {
      await store.close();
    }
  }

  if (configFile !== null) log(`config file ${configFile}`);
  if (config.keySource === "keystore") log(`agent key from the keystore ${config.keystore}`);

  // The first SIGINT/SIGTERM finishes the current step, a second exits with 130.
  const stop = stopOnSignals({ name: "mandate-trader", log: io.err, signal });
  // /health and /metrics (--http-port): a pass is a step; see src/vault/status.ts.
  const status = createTraderStatus(config.user);
  let ops: OpsServer | null = null;
  let store: TraderStore | null = null;
  try {
    if (config.httpPort !== null) {
      try {
        ops = await serveOps(status, {
          port: config.httpPort,
          host: config.httpHost,
          staleAfterMs: traderStaleAfterMs(config),
        });
      } catch (e) {
        return fail(e);
      }
      log(`health on ${ops.url}/health, metrics on ${ops.url}/metrics`);
    }
    // 1. The chain: retried with backoff while the RPC does not answer.
    let connection: TraderConnection | null = null;
    let delay = options.retryBaseMs ?? 1_000;
    for (let attempt = 1; !connection; attempt++) {
      try {
        connection = await connectTrader(config);
      } catch (e) {
        if (!(e instanceof RpcUnreachableError)) {
          return fail(e, e instanceof DevKeyRefusedError ? 2 : 1);
        }
        recordFailure(status, redact(e.message));
        if (config.once && attempt >= (options.onceAttempts ?? 4)) {
          return fail(
            new RpcUnreachableError(e.url, `${e.reason} (gave up after ${attempt} attempts)`),
          );
        }
        log(`${e.message}; retrying in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay, stop.signal);
        if (stop.signal.aborted) return 130;
        delay = Math.min(30_000, delay * 2);
      }
    }
    recordConnected(status);
    const { client, account, addresses, chainId } = connection;
    const user = config.user ?? zeroAddress;

    // 2. The agent: the key's address (or, in a dry run without a key, the policy's agent).
    const probe = createVaultChain({
      client,
      chain: connection.chain,
      addresses,
      user,
      account,
      agent: account?.address ?? zeroAddress,
    });
    const policy = await probe.policy();
    const agent = account?.address ?? (policy.agent !== zeroAddress ? policy.agent : zeroAddress);
    const chain = createVaultChain({
      client,
      chain: connection.chain,
      addresses,
      user,
      account,
      agent,
    });

    // 3. Belief sources and the delegate.
    let beliefs: BeliefsFile | null = null;
    if (config.beliefsFile) {
      try {
        beliefs = loadBeliefsFile(config.beliefsFile, { log });
      } catch (e) {
        if (e instanceof BeliefsFileError) return fail(e, 2);
        throw e;
      }
    }
    const tally = proposalSource({
      getTally: (m) =>
        m.proposal ? chain.proposalTally(m.proposal.proposalId) : Promise.resolve(null),
    });
    const forecaster = config.forecaster
      ? createOpenAIForecaster({
          model: config.forecaster.model,
          baseURL: config.forecaster.baseURL,
          apiKey: config.forecaster.apiKey?.reveal(),
          weight: config.forecaster.weight,
          timeoutMs: config.forecaster.timeoutMs,
          maxRetries: config.forecaster.maxRetries,
        })
      : null;
    // The model is asked once per market per TTL, not on every pass.
    const forecast = forecaster
      ? cachedSource(forecaster, { ttlMs: (config.forecaster?.ttlSeconds ?? 3_600) * 1_000 })
      : null;
    let delegate: { id: bigint; name: string } | null = null;
    if (config.delegateId !== null) {
      try {
        delegate = { id: config.delegateId, name: await chain.delegateName(config.delegateId) };
      } catch (e) {
        return fail(
          isMandateError(e) && e.kind === "contract"
            ? new TraderSetupError(`delegate #${config.delegateId}: ${e.shortMessage}`)
            : e,
        );
      }
    }
    const sources = (): BeliefSource[] => [
      ...(beliefs ? [beliefs.source()] : []),
      tally,
      ...(forecast ? [forecast] : []),
    ];

    // 4. The store.
    store = await openTraderStore(storeOptions);

    let units: TokenUnits | undefined;
    let balance = 0n;
    if (policy.collateral !== zeroAddress) {
      const b = await getTokenBalance(client, {
        addresses,
        token: policy.collateral,
        account: user,
      });
      units = { symbol: b.symbol, decimals: b.decimals };
      balance = (await chain.vault(policy.collateral, [])).balance;
    }
    log(
      `starting: agent ${agent === zeroAddress ? "(none: dry run)" : short(agent)} for the vault of ${short(getAddress(user))} on chain ${chainId} via ${connection.shownRpcUrl}${config.dryRun ? " — dry run: nothing is sent" : ""}`,
    );
    if (policy.agent === zeroAddress) {
      log("policy: none (the holder has not appointed an agent)");
    } else {
      const lim = (x: bigint) => formatAmount(x, units);
      log(
        `policy: agent ${short(getAddress(policy.agent))}, ${policy.allMarkets ? "every market" : "listed markets"}, ${lim(policy.maxPerTrade)} per trade, ${lim(policy.maxPerDay)} per day, ${lim(policy.maxExposurePerMarket)} per market, expires ${new Date(Number(policy.expiry) * 1000).toISOString()}; vault balance ${lim(balance)}`,
      );
    }
    log(
      `beliefs: ${beliefs ? `holder file ${beliefs.path} (${beliefs.size} markets), ` : ""}proposal tally${forecaster ? `, ${forecaster.id} at ${forecaster.baseURL}` : ""}, pooled in log-odds${delegate ? `; delegate #${delegate.id} "${delegate.name}" bounds its proposals' markets` : ""}; store ${store.kind} at ${store.location}; ${config.once ? "one pass" : `a pass every ${config.intervalMs} ms`}`,
    );

    // 5. Run.
    const runtime = createTraderRuntime({
      store,
      chain,
      sources,
      delegate,
      deadlineSeconds: config.deadlineSeconds,
      receiptTimeoutMs: config.receiptTimeoutMs,
      dryRun: config.dryRun,
      log,
      hooks: options.hooks,
      signal: stop.signal,
    });
    status.phase = "running";
    const result = await runTraderLoop(runtime, {
      once: config.once,
      intervalMs: config.intervalMs,
      signal: stop.signal,
      log,
      retryBaseMs: options.retryBaseMs,
      onceAttempts: options.onceAttempts,
      onStep: (step) =>
        step.ok ? recordPass(status, step.result) : recordFailure(status, redact(step.error)),
    });
    if (config.once) {
      const last = result.last;
      if (result.error !== null) return fail(new Error(result.error));
      if (last) {
        const count = (s: string) => last.entries.filter((e) => e.status === s).length;
        log(
          `pass done: ${last.markets} markets, ${count("executed")} executed, ${count("printed")} printed (dry run), ${count("skipped") + count("refused")} skipped, ${count("failed")} failed, ${count("unsettled")} unsettled, ${last.errors} errors`,
        );
        if (last.blocked || last.errors > 0) return 1;
      }
    }
    return 0;
  } catch (e) {
    if (
      e instanceof StoreError ||
      e instanceof TraderSetupError ||
      e instanceof RpcUnreachableError ||
      isMandateError(e)
    ) {
      return fail(e);
    }
    return fail(new Error(`unexpected error: ${errorText(e)}`));
  } finally {
    status.phase = "stopped";
    stop.dispose();
    await store?.close().catch(() => {});
    await ops?.close();
  }
}

runIfEntryPoint(import.meta.url, "mandate-trader", main);
