#!/usr/bin/env node
/**
 * mandate-delegate: runs an AI delegate. See `--help` and the README's "Running the delegate".
 *
 *   npm run delegate -w @mandate/delegate -- --delegate-id 2 --dev-account 11 \
 *     --mandate ../../packages/mandate/examples/builder-friendly.json
 */
import {
  ConfigError,
  LOCAL_CHAIN_ID,
  loadConfigFile,
  MANDATE_VARIABLE_NAMES,
  runIfEntryPoint,
  signingKeyFromEnv,
} from "@mandate/config";
import {
  createAgentStatus,
  jsonLogger,
  type OpsServer,
  serveOps,
  stopOnSignals,
} from "@mandate/config/ops";
import {
  configRedactor,
  DEFAULT_MNDT_USD,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RPC_URL,
  DelegateConfigError,
  DelegateError,
  loadDelegateConfig,
  parseDelegateArgs,
  runDelegate,
} from "./agent/index.js";
import { EngineConfigError } from "./engines/openai.js";
import { StoreError } from "./store/index.js";

export const USAGE = `mandate-delegate: an AI delegate that reads every proposal, decides by its holder's mandate
and votes on-chain with its reasons.

Usage: mandate-delegate --delegate-id N --mandate FILE [options]

  --delegate-id N     registry id of the delegate (MANDATE_DELEGATE_ID)
  --mandate FILE      the mandate JSON; must hash to the delegate's latest published mandate
                      (MANDATE_MANDATE_FILE)
  --dev-account N     sign with Hardhat dev account N (local chain 31337 only); otherwise set
                      MANDATE_OPERATOR_KEY to the operator's hex private key (never a flag)
  --rpc-url URL       JSON-RPC endpoint (MANDATE_RPC_URL, default ${DEFAULT_RPC_URL})
  --governor ADDR     governor (MANDATE_GOVERNOR_ADDRESS, default: the registry's governor)
  --registry ADDR     AIDelegateRegistry (MANDATE_REGISTRY_ADDRESS, default on 31337: the local
                      deployment)
  --db-dir DIR        embedded database directory (MANDATE_DB_DIR, default .mandate/delegate-db);
                      DATABASE_URL=postgres://… uses PostgreSQL instead
  --webhook-url URL   POST a JSON notice when the delegate asks its holder (MANDATE_WEBHOOK_URL)
  --app-url URL       web app base URL for links in the webhook payload (MANDATE_APP_URL)
  --dry-run           decide and print, send nothing (uses an in-memory store)
  --once              process the backlog, then exit
  --poll-ms N         poll interval (MANDATE_POLL_INTERVAL_MS, default ${DEFAULT_POLL_INTERVAL_MS})
  --from-block N      first block when there is no cursor yet (MANDATE_FROM_BLOCK)
  --block-range N     blocks per getLogs request (MANDATE_BLOCK_RANGE, default 2000)
  --mndt-usd X        assumed USD price of the governance token (MANDATE_MNDT_USD, default
                      ${DEFAULT_MNDT_USD})
  --http-port N       serve GET /health and GET /metrics (Prometheus) on this port
                      (MANDATE_HTTP_PORT; MANDATE_HTTP_HOST, default 127.0.0.1)
  -h, --help          this help

Engine: MANDATE_ENGINE=offline (default) | openai, with OPENAI_BASE_URL, OPENAI_MODEL,
OPENAI_API_KEY, MANDATE_ENGINE_FALLBACK=offline|abstain.
Logs: MANDATE_LOG_FORMAT=text (default) | json (one JSON object per line).
Key from a keystore: MANDATE_OPERATOR_KEYSTORE=FILE (an Ethereum V3 keystore, e.g. from
mandate-keystore new) with MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE (or _PASSWORD).
Config file: MANDATE_CONFIG=FILE, else ./mandate.config.json if present: a JSON object of the
variables above (no secrets); the environment wins. packages/config/README.md lists them all.
`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the CLI; resolves with the exit code. SIGINT/SIGTERM stop it cleanly. */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) },
  signal?: AbortSignal,
): Promise<number> {
  let config: ReturnType<typeof loadDelegateConfig>;
  try {
    const flags = parseDelegateArgs(argv);
    if (flags.help) {
      io.out(USAGE);
      return 0;
    }
    // The optional config file (MANDATE_CONFIG, else ./mandate.config.json): the environment wins.
    const loaded = loadConfigFile({ env, known: MANDATE_VARIABLE_NAMES });
    if (loaded.file !== null) {
      io.out(
        `mandate-delegate: config file ${loaded.file} (${loaded.fromFile.length} settings used)`,
      );
    }
    const merged: Record<string, string | undefined> = { ...loaded.env };
    // A keystore instead of a raw key: decrypted here, kept in memory only. Whether a well-known
    // dev key is acceptable is decided after reading the chain id (connectDelegate).
    if (merged.MANDATE_OPERATOR_KEYSTORE?.trim()) {
      const signing = await signingKeyFromEnv(merged, {
        name: "operator",
        keyVar: "MANDATE_OPERATOR_KEY",
        keystoreVar: "MANDATE_OPERATOR_KEYSTORE",
        chainId: LOCAL_CHAIN_ID,
      });
      merged.MANDATE_OPERATOR_KEY = signing.privateKey;
      delete merged.MANDATE_OPERATOR_KEYSTORE_PASSWORD;
      io.out(`mandate-delegate: operator key from the keystore ${signing.keystore}`);
    }
    config = loadDelegateConfig(merged, flags);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`mandate-delegate: ${e.name}: ${e.message}`);
      return 2;
    }
    if (e instanceof DelegateConfigError || e instanceof EngineConfigError) {
      io.err(`mandate-delegate: ${e.name}: ${e.message}`);
      io.err("Run with --help for the options.");
      return 2;
    }
    throw e;
  }

  // The first SIGINT/SIGTERM finishes the current step, a second exits with 130.
  const stop = stopOnSignals({ name: "mandate-delegate", log: io.err, signal });
  const log = config.logFormat === "json" ? jsonLogger("delegate", io.out) : io.out;
  const status = createAgentStatus("delegate");
  let ops: OpsServer | null = null;
  try {
    if (config.httpPort !== null) {
      ops = await serveOps(status, {
        port: config.httpPort,
        host: config.httpHost,
        staleAfterMs: Math.max(30_000, config.pollIntervalMs * 10),
      });
      log(`mandate-delegate: health on ${ops.url}/health, metrics on ${ops.url}/metrics`);
    }
    const result = await runDelegate(config, { signal: stop.signal, log, status });
    return config.once && (result.errors > 0 || result.failedDecisions > 0) ? 1 : 0;
  } catch (e) {
    if (e instanceof DelegateError || e instanceof StoreError || e instanceof EngineConfigError) {
      io.err(`mandate-delegate: ${e.name}: ${e.message}`);
      return 1;
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.err(`mandate-delegate: unexpected error: ${configRedactor(config)(message)}`);
    return 1;
  } finally {
    await ops?.close();
    stop.dispose();
  }
}

runIfEntryPoint(import.meta.url, "mandate-delegate", main);
