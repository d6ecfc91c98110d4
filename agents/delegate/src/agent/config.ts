/**
 * The delegate's configuration: read from the environment and command-line flags
 * (`loadDelegateConfig`, synchronous, checks formats), then checked against the chain
 * (`connectDelegate`: the RPC answers, the registry knows the delegate, the key is its operator,
 * the mandate file is the one the holder published). Every error names what is wrong; the
 * operator key is never printed, and URLs are printed with credentials and tokens masked.
 *
 * | variable                  | flag             | default                                        |
 * | ------------------------- | ---------------- | ---------------------------------------------- |
 * | MANDATE_RPC_URL           | --rpc-url        | http://127.0.0.1:8545                          |
 * | MANDATE_DELEGATE_ID       | --delegate-id    | required                                       |
 * | MANDATE_OPERATOR_KEY      | (env only)       | required unless --dev-account (chain 31337)    |
 * | MANDATE_DEV_ACCOUNT       | --dev-account    | Hardhat dev account index, chain 31337 only    |
 * | MANDATE_MANDATE_FILE      | --mandate        | required                                       |
 * | MANDATE_GOVERNOR_ADDRESS  | --governor       | the registry's governor / local deployment     |
 * | MANDATE_REGISTRY_ADDRESS  | --registry       | local deployment on chain 31337                |
 * | DATABASE_URL              |                  | embedded PGlite                                |
 * | MANDATE_DB_DIR            | --db-dir         | .mandate/delegate-db                           |
 * | MANDATE_WEBHOOK_URL       | --webhook-url    | none                                           |
 * | MANDATE_WEBHOOK_TIMEOUT_MS|                  | 5000                                           |
 * | MANDATE_APP_URL           | --app-url        | none (links in the webhook payload)            |
 * | MANDATE_DRY_RUN=1         | --dry-run        | off                                            |
 * | MANDATE_ONCE=1            | --once           | off                                            |
 * | MANDATE_POLL_INTERVAL_MS  | --poll-ms        | 500                                            |
 * | MANDATE_FROM_BLOCK        | --from-block     | the registry's / governor's deployment block, else 0 |
 * | MANDATE_BLOCK_RANGE       | --block-range    | 2000 blocks per getLogs                        |
 * | MANDATE_MNDT_USD          | --mndt-usd       | 10 (assumed USD price of the governance token) |
 * | MANDATE_RECEIPT_TIMEOUT_MS|                  | 120000                                         |
 * | MANDATE_ENGINE, OPENAI_*  |                  | offline (see engineFromEnv)                    |
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  aiDelegateRegistryAbi,
  deployments,
  governanceTokenAbi,
  mandateGovernorAbi,
  timelockControllerAbi,
} from "@mandate/abis";
import { parseFlags } from "@mandate/config";
import { opsSettingsFromEnv } from "@mandate/config/ops";
import {
  mandateHash as hashMandate,
  type Mandate,
  MandateError,
  parseMandate,
} from "@mandate/mandate";
import {
  type Address,
  type Chain,
  createPublicClient,
  getAddress,
  type Hex,
  http,
  isAddress,
  type LocalAccount,
  type PublicClient,
  type Transport,
  zeroAddress,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { parseEngineEnv } from "../engines/openai-env.js";
import { type OpenStoreOptions, redactDatabaseUrl } from "../store/index.js";
import type { DecodeContext } from "../types.js";
import {
  buildDecodeContext,
  type ChainTokens,
  chainFor,
  revertReason,
  rootCauseMessage,
} from "./chain.js";
import {
  ContractNotFoundError,
  DelegateConfigError,
  DevKeyRefusedError,
  MandateFileError,
  MandateMismatchError,
  MissingOperatorKeyError,
  makeRedactor,
  OperatorMismatchError,
  RpcUnreachableError,
  redactUrl,
  Secret,
  UnknownDelegateError,
} from "./errors.js";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_POLL_INTERVAL_MS = 500;
export const DEFAULT_BLOCK_RANGE = 2_000n;
/** Assumed USD price of one MNDT (the governance token); not market data. */
export const DEFAULT_MNDT_USD = 10;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
export const DEFAULT_RECEIPT_TIMEOUT_MS = 120_000;
/** The local Hardhat chain, the only one where dev keys are accepted. */
export const LOCAL_CHAIN_ID = 31337;
/** Hardhat's well-known dev mnemonic: local chain only. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

type Env = Record<string, string | undefined>;

/** Command-line flags; each overrides its environment variable. */
export interface DelegateFlags {
  rpcUrl?: string;
  delegateId?: string;
  devAccount?: string;
  mandateFile?: string;
  governor?: string;
  registry?: string;
  dbDir?: string;
  webhookUrl?: string;
  appUrl?: string;
  dryRun?: boolean;
  once?: boolean;
  pollMs?: string;
  fromBlock?: string;
  blockRange?: string;
  mndtUsd?: string;
  httpPort?: string;
  help?: boolean;
}

const VALUE_FLAGS: Record<string, keyof DelegateFlags> = {
  "--rpc-url": "rpcUrl",
  "--delegate-id": "delegateId",
  "--dev-account": "devAccount",
  "--mandate": "mandateFile",
  "--governor": "governor",
  "--registry": "registry",
  "--db-dir": "dbDir",
  "--webhook-url": "webhookUrl",
  "--app-url": "appUrl",
  "--poll-ms": "pollMs",
  "--from-block": "fromBlock",
  "--block-range": "blockRange",
  "--mndt-usd": "mndtUsd",
  "--http-port": "httpPort",
};
const BOOLEAN_FLAGS: Record<string, "dryRun" | "once" | "help"> = {
  "--dry-run": "dryRun",
  "--once": "once",
  "--help": "help",
  "-h": "help",
};

/** Parses `argv` (without node and the script); unknown flags and missing values are errors. */
export function parseDelegateArgs(argv: readonly string[]): DelegateFlags {
  return parseFlags<DelegateFlags>(
    argv,
    {
      values: VALUE_FLAGS,
      booleans: BOOLEAN_FLAGS,
      refuse: (name) =>
        name === "--operator-key" || name === "--private-key"
          ? `${name} is not accepted: a key on the command line is visible to every process; set MANDATE_OPERATOR_KEY instead`
          : null,
    },
    (message) => new DelegateConfigError(message),
  );
}

/** What the delegate runs with. Safe to print: secrets are `Secret`s or functions. */
export interface DelegateConfig {
  rpcUrl: string;
  delegateId: bigint;
  /** MANDATE_OPERATOR_KEY (0x-prefixed); never printed. */
  operatorKey: Secret | null;
  /** Hardhat dev account index (--dev-account), chain 31337 only. */
  devAccount: number | null;
  /** Absolute path of the mandate JSON. */
  mandateFile: string;
  governor: Address | null;
  registry: Address | null;
  /** PostgreSQL URL (DATABASE_URL); never printed unmasked. */
  databaseUrl: Secret | null;
  /** PGlite data directory (MANDATE_DB_DIR); default .mandate/delegate-db. */
  dbDir: string | null;
  /** Base directory for a relative dbDir. */
  cwd: string;
  webhookUrl: string | null;
  webhookTimeoutMs: number;
  /** Base URL of the web app, for links in the webhook payload. */
  appUrl: string | null;
  dryRun: boolean;
  once: boolean;
  pollIntervalMs: number;
  blockRange: bigint;
  fromBlock: bigint | null;
  /** Assumed USD price of one governance token (MNDT). */
  governanceTokenUsd: number;
  receiptTimeoutMs: number;
  /** Health and metrics endpoints (MANDATE_HTTP_PORT / --http-port); null: not served. */
  httpPort: number | null;
  /** Their interface (MANDATE_HTTP_HOST, default 127.0.0.1). */
  httpHost: string;
  /** Log lines as text (default) or one JSON object per line (MANDATE_LOG_FORMAT=json). */
  logFormat: "text" | "json";
  /** The environment the engine is configured from (a function, so it never prints). */
  engineEnv: () => Env;
}

function read(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v);
}

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new DelegateConfigError(
      `${name} must be an integer from ${min} to ${max} (got "${raw}")`,
    );
  }
  return n;
}

function httpUrl(name: string, raw: string, protocols = ["http:", "https:"]): string {
  let u: URL | null = null;
  try {
    u = new URL(raw);
  } catch {
    // reported below
  }
  if (!u || !protocols.includes(u.protocol)) {
    throw new DelegateConfigError(
      `${name} must be an ${protocols.map((p) => p.slice(0, -1)).join("/")} URL (got "${redactUrl(raw)}")`,
    );
  }
  return raw;
}

function address(name: string, raw: string): Address {
  if (!isAddress(raw, { strict: false })) {
    throw new DelegateConfigError(`${name} must be a 20-byte hex address (got "${raw}")`);
  }
  // A mixed-case address must carry a correct EIP-55 checksum (all-lowercase is accepted).
  if (!isAddress(raw, { strict: true })) {
    throw new DelegateConfigError(`${name} has a bad EIP-55 checksum: "${raw}"`);
  }
  return getAddress(raw);
}

/**
 * Reads and checks the configuration from `env` and `flags` (flags win). Throws a
 * DelegateConfigError (or MissingOperatorKeyError, EngineConfigError) naming what is wrong.
 */
export function loadDelegateConfig(
  env: Env = process.env,
  flags: DelegateFlags = {},
  cwd: string = process.cwd(),
): DelegateConfig {
  const rpcUrl = httpUrl(
    flags.rpcUrl !== undefined ? "--rpc-url" : "MANDATE_RPC_URL",
    flags.rpcUrl ?? read(env, "MANDATE_RPC_URL") ?? DEFAULT_RPC_URL,
  );

  const idRaw = flags.delegateId ?? read(env, "MANDATE_DELEGATE_ID");
  if (idRaw === undefined) {
    throw new DelegateConfigError(
      "MANDATE_DELEGATE_ID (or --delegate-id) is required: the registry id of the delegate to run, e.g. 2",
    );
  }
  if (!/^\d{1,30}$/.test(idRaw) || BigInt(idRaw) === 0n) {
    throw new DelegateConfigError(
      `MANDATE_DELEGATE_ID / --delegate-id must be a positive integer (got "${idRaw}")`,
    );
  }
  const delegateId = BigInt(idRaw);

  const dryRun = flags.dryRun === true || truthy(read(env, "MANDATE_DRY_RUN"));
  const once = flags.once === true || truthy(read(env, "MANDATE_ONCE"));

  const keyRaw = read(env, "MANDATE_OPERATOR_KEY");
  let operatorKey: Secret | null = null;
  if (keyRaw !== undefined) {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(keyRaw)) {
      throw new DelegateConfigError(
        `MANDATE_OPERATOR_KEY must be a 32-byte hex private key (64 hex digits, optionally 0x-prefixed); the value set has ${keyRaw.length} characters`,
      );
    }
    operatorKey = new Secret(keyRaw.startsWith("0x") ? keyRaw : `0x${keyRaw}`);
  }
  const devRaw = flags.devAccount ?? read(env, "MANDATE_DEV_ACCOUNT");
  const devAccount = devRaw === undefined ? null : integer("--dev-account", devRaw, 0, 999);
  if (operatorKey && devAccount !== null) {
    throw new DelegateConfigError(
      "give either MANDATE_OPERATOR_KEY or --dev-account (MANDATE_DEV_ACCOUNT), not both",
    );
  }
  if (!operatorKey && devAccount === null && !dryRun) {
    throw new MissingOperatorKeyError(
      "no operator key: set MANDATE_OPERATOR_KEY to the delegate operator's hex private key, or on the local chain (31337) pass --dev-account N (e.g. 11 for the seeded Builder delegate)",
    );
  }

  const mandateRaw = flags.mandateFile ?? read(env, "MANDATE_MANDATE_FILE");
  if (mandateRaw === undefined) {
    throw new DelegateConfigError(
      "MANDATE_MANDATE_FILE (or --mandate) is required: the JSON mandate this delegate serves, as published in the registry",
    );
  }

  const govRaw = flags.governor ?? read(env, "MANDATE_GOVERNOR_ADDRESS");
  const regRaw = flags.registry ?? read(env, "MANDATE_REGISTRY_ADDRESS");
  const dbUrl = read(env, "DATABASE_URL");
  if (dbUrl !== undefined && !/^postgres(ql)?:\/\//.test(dbUrl)) {
    throw new DelegateConfigError(
      `DATABASE_URL must be a postgres:// URL (got "${redactDatabaseUrl(dbUrl)}")`,
    );
  }
  const webhookRaw = flags.webhookUrl ?? read(env, "MANDATE_WEBHOOK_URL");
  const appRaw = flags.appUrl ?? read(env, "MANDATE_APP_URL");
  const pollRaw = flags.pollMs ?? read(env, "MANDATE_POLL_INTERVAL_MS");
  // MANDATE_HTTP_PORT / --http-port, MANDATE_HTTP_HOST, MANDATE_LOG_FORMAT.
  const ops = opsSettingsFromEnv(env, flags, (message) => new DelegateConfigError(message));
  const fromRaw = flags.fromBlock ?? read(env, "MANDATE_FROM_BLOCK");
  const rangeRaw = flags.blockRange ?? read(env, "MANDATE_BLOCK_RANGE");
  const usdRaw = flags.mndtUsd ?? read(env, "MANDATE_MNDT_USD");
  const webhookTimeoutRaw = read(env, "MANDATE_WEBHOOK_TIMEOUT_MS");
  const receiptTimeoutRaw = read(env, "MANDATE_RECEIPT_TIMEOUT_MS");

  let governanceTokenUsd = DEFAULT_MNDT_USD;
  if (usdRaw !== undefined) {
    governanceTokenUsd = Number(usdRaw);
    if (!/^\d+(\.\d+)?$/.test(usdRaw) || !(governanceTokenUsd > 0)) {
      throw new DelegateConfigError(
        `MANDATE_MNDT_USD / --mndt-usd must be a positive number of dollars (got "${usdRaw}")`,
      );
    }
  }
  if (fromRaw !== undefined && !/^\d{1,20}$/.test(fromRaw)) {
    throw new DelegateConfigError(
      `MANDATE_FROM_BLOCK / --from-block must be a block number (got "${fromRaw}")`,
    );
  }

  // Engine settings fail here, at start, naming the variable (EngineConfigError).
  parseEngineEnv(env);
  const engineEnv: Env = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith("MANDATE_ENGINE") || k.startsWith("OPENAI_")) engineEnv[k] = v;
  }

  return {
    rpcUrl,
    delegateId,
    operatorKey,
    devAccount,
    mandateFile: resolve(cwd, mandateRaw),
    governor:
      govRaw === undefined ? null : address("MANDATE_GOVERNOR_ADDRESS / --governor", govRaw),
    registry:
      regRaw === undefined ? null : address("MANDATE_REGISTRY_ADDRESS / --registry", regRaw),
    databaseUrl: dbUrl === undefined ? null : new Secret(dbUrl),
    dbDir: flags.dbDir ?? read(env, "MANDATE_DB_DIR") ?? null,
    cwd,
    webhookUrl:
      webhookRaw === undefined ? null : httpUrl("MANDATE_WEBHOOK_URL / --webhook-url", webhookRaw),
    webhookTimeoutMs:
      webhookTimeoutRaw === undefined
        ? DEFAULT_WEBHOOK_TIMEOUT_MS
        : integer("MANDATE_WEBHOOK_TIMEOUT_MS", webhookTimeoutRaw, 100, 120_000),
    appUrl: appRaw === undefined ? null : httpUrl("MANDATE_APP_URL / --app-url", appRaw),
    dryRun,
    once,
    httpPort: ops.httpPort,
    httpHost: ops.httpHost,
    logFormat: ops.logFormat,
    pollIntervalMs:
      pollRaw === undefined
        ? DEFAULT_POLL_INTERVAL_MS
        : integer("MANDATE_POLL_INTERVAL_MS / --poll-ms", pollRaw, 50, 3_600_000),
    blockRange:
      rangeRaw === undefined
        ? DEFAULT_BLOCK_RANGE
        : BigInt(integer("MANDATE_BLOCK_RANGE / --block-range", rangeRaw, 1, 100_000)),
    fromBlock: fromRaw === undefined ? null : BigInt(fromRaw),
    governanceTokenUsd,
    receiptTimeoutMs:
      receiptTimeoutRaw === undefined
        ? DEFAULT_RECEIPT_TIMEOUT_MS
        : integer("MANDATE_RECEIPT_TIMEOUT_MS", receiptTimeoutRaw, 1_000, 3_600_000),
    engineEnv: () => ({ ...engineEnv }),
  };
}

/** Store options for the config: memory for dry runs, PostgreSQL when DATABASE_URL is set. */
export function storeOptionsFor(config: DelegateConfig): OpenStoreOptions {
  if (config.dryRun) return { dataDir: "memory://" };
  return {
    databaseUrl: config.databaseUrl?.reveal(),
    dataDir: config.dbDir ?? undefined,
    cwd: config.cwd,
  };
}

/** A redactor for everything secret in the config (key, database password, URL tokens). */
export function configRedactor(config: DelegateConfig): (text: string) => string {
  const secrets: (string | null)[] = [config.operatorKey?.reveal() ?? null];
  const urls = [config.rpcUrl, config.webhookUrl, config.databaseUrl?.reveal() ?? null];
  for (const raw of urls) {
    if (!raw) continue;
    try {
      const u = new URL(raw);
      if (u.password) secrets.push(decodeURIComponent(u.password), u.password);
      for (const v of u.searchParams.values()) if (v.length >= 6) secrets.push(v);
      const last = u.pathname.split("/").pop() ?? "";
      if (/^[A-Za-z0-9_-]{20,}$/.test(last)) secrets.push(last);
    } catch {
      // not a URL: nothing to extract
    }
  }
  return makeRedactor(secrets);
}

/** Everything known after checking the configuration against the chain. */
export interface DelegateSetup {
  chainId: number;
  chain: Chain;
  client: PublicClient;
  /** The operator's signing account; null only in a dry run without a key. */
  account: LocalAccount | null;
  governor: Address;
  registry: Address;
  delegateId: bigint;
  /** The AIDelegate instance holders delegate to (the voter on the governor). */
  instance: Address;
  operator: Address;
  delegateName: string;
  mandate: Mandate;
  mandateHash: Hex;
  mandateVersion: bigint;
  /** First block the watcher reads when it has no cursor. */
  startBlock: bigint;
  decodeContext: DecodeContext;
  /** Masks every secret of the configuration. */
  redact: (text: string) => string;
}

/** Reads and validates the mandate file; throws MandateFileError naming the problem. */
export function readMandateFile(path: string): { mandate: Mandate; hash: Hex } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new MandateFileError(
      `cannot read the mandate file ${path}: ${code === "ENOENT" ? "no such file" : String(code ?? e)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MandateFileError(
      `the mandate file ${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  try {
    const mandate = parseMandate(json);
    return { mandate, hash: hashMandate(mandate) };
  } catch (e) {
    if (e instanceof MandateError) {
      throw new MandateFileError(`the mandate file ${path} is not a valid mandate: ${e.message}`);
    }
    throw e;
  }
}

const localDeployment = deployments.localhost;

let devAddresses: Set<string> | null = null;
/** The first 20 Hardhat dev accounts (lowercase). */
function hardhatDevAddresses(): Set<string> {
  if (!devAddresses) {
    devAddresses = new Set();
    for (let i = 0; i < 20; i++) {
      devAddresses.add(
        mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }).address.toLowerCase(),
      );
    }
  }
  return devAddresses;
}

export interface ConnectOptions {
  /** Transport override (tests); default http(config.rpcUrl). */
  transport?: Transport;
}

/**
 * Checks the configuration against the chain and returns what the runtime needs. Throws
 * RpcUnreachableError, ContractNotFoundError, UnknownDelegateError, DevKeyRefusedError,
 * OperatorMismatchError, MandateFileError or MandateMismatchError.
 */
export async function connectDelegate(
  config: DelegateConfig,
  options: ConnectOptions = {},
): Promise<DelegateSetup> {
  const redact = configRedactor(config);
  const shownUrl = redactUrl(config.rpcUrl);
  const { mandate, hash: fileHash } = readMandateFile(config.mandateFile);

  const transport = options.transport ?? http(config.rpcUrl, { timeout: 10_000, retryCount: 2 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (e) {
    throw new RpcUnreachableError(shownUrl, redact(rootCauseMessage(e)), { cause: e });
  }
  const chain = chainFor(chainId, config.rpcUrl);
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const isLocal = chainId === LOCAL_CHAIN_ID;

  // Operator key: dev keys on the local chain only.
  let account: LocalAccount | null = null;
  if (config.devAccount !== null) {
    if (!isLocal) {
      throw new DevKeyRefusedError(
        chainId,
        `--dev-account derives a well-known Hardhat dev key: refused on chain ${chainId} (only the local chain ${LOCAL_CHAIN_ID} accepts it); set MANDATE_OPERATOR_KEY`,
      );
    }
    account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: config.devAccount });
  } else if (config.operatorKey) {
    account = privateKeyToAccount(config.operatorKey.reveal() as Hex);
    if (!isLocal && hardhatDevAddresses().has(account.address.toLowerCase())) {
      throw new DevKeyRefusedError(
        chainId,
        `MANDATE_OPERATOR_KEY is a well-known Hardhat dev key (account ${account.address}): refused on chain ${chainId}; anyone can sign with it`,
      );
    }
  }

  // Contracts: explicit, else the registry's governor, else the local deployment.
  const localContracts = isLocal ? localDeployment.contracts : null;
  const registry: Address | null =
    config.registry ??
    (localContracts ? getAddress(localContracts.AIDelegateRegistry.address) : null);
  if (!registry) {
    throw new ContractNotFoundError(
      `chain ${chainId} has no built-in deployment: set MANDATE_REGISTRY_ADDRESS (and MANDATE_GOVERNOR_ADDRESS)`,
    );
  }
  const hasCode = async (a: Address) => {
    const code = await client.getCode({ address: a }).catch((e: unknown) => {
      throw new RpcUnreachableError(shownUrl, redact(rootCauseMessage(e)), { cause: e });
    });
    return code !== undefined && code !== "0x";
  };
  if (!(await hasCode(registry))) {
    throw new ContractNotFoundError(
      `no contract at the AIDelegateRegistry address ${registry} on chain ${chainId}` +
        (isLocal && !config.registry
          ? " (is the local chain running with a fresh deployment? start it with `npm start`)"
          : ": check MANDATE_REGISTRY_ADDRESS"),
    );
  }
  const registryGovernor = getAddress(
    await client.readContract({
      address: registry,
      abi: aiDelegateRegistryAbi,
      functionName: "governor",
    }),
  );
  const governor = config.governor ?? registryGovernor;
  if (governor !== registryGovernor) {
    throw new ContractNotFoundError(
      `the registry at ${registry} votes on the governor ${registryGovernor}, not on MANDATE_GOVERNOR_ADDRESS ${governor}`,
    );
  }
  if (!(await hasCode(governor))) {
    throw new ContractNotFoundError(
      `no contract at the governor address ${governor} on chain ${chainId}`,
    );
  }

  // The delegate.
  let info: {
    instance: Address;
    operator: Address;
    latestMandateVersion: bigint;
    name: string;
  };
  try {
    info = await client.readContract({
      address: registry,
      abi: aiDelegateRegistryAbi,
      functionName: "delegateInfo",
      args: [config.delegateId],
    });
  } catch (e) {
    const reason = revertReason(e);
    if (reason?.startsWith("RegistryUnknownDelegate")) {
      const count = await client.readContract({
        address: registry,
        abi: aiDelegateRegistryAbi,
        functionName: "delegateCount",
      });
      throw new UnknownDelegateError(config.delegateId, count, registry);
    }
    throw e;
  }
  const operator = getAddress(info.operator);
  if (operator === zeroAddress) {
    throw new OperatorMismatchError(
      `delegate #${config.delegateId} "${info.name}" is paused: its owner set no operator`,
    );
  }
  if (account && getAddress(account.address) !== operator) {
    throw new OperatorMismatchError(
      `the key given (address ${account.address}) is not the operator of delegate #${config.delegateId} "${info.name}"; its operator is ${operator}`,
    );
  }

  // The mandate: the file must be the holder's latest published version.
  const version = info.latestMandateVersion;
  const published = await client.readContract({
    address: registry,
    abi: aiDelegateRegistryAbi,
    functionName: "mandate",
    args: [config.delegateId, version],
  });
  if (published.mandateHash.toLowerCase() !== fileHash.toLowerCase()) {
    let older: bigint | null = null;
    for (let v = version - 1n; v >= 1n && v > version - 20n; v--) {
      const m = await client.readContract({
        address: registry,
        abi: aiDelegateRegistryAbi,
        functionName: "mandate",
        args: [config.delegateId, v],
      });
      if (m.mandateHash.toLowerCase() === fileHash.toLowerCase()) {
        older = v;
        break;
      }
    }
    throw new MandateMismatchError(
      `refusing to vote: the mandate file ${config.mandateFile} hashes to ${fileHash}, but delegate #${config.delegateId} "${info.name}" published ${published.mandateHash} as its latest mandate (version ${version})` +
        (older !== null ? `; the file is version ${older}, superseded` : "") +
        ". The holder must publish this mandate first (registry.publishMandate), or point MANDATE_MANDATE_FILE at the published one.",
      fileHash,
      published.mandateHash,
      version,
    );
  }

  // Where to start reading, and what the engines need to price actions.
  const usingLocal =
    localContracts !== null &&
    getAddress(localContracts.AIDelegateRegistry.address) === registry &&
    getAddress(localContracts.MandateGovernor.address) === governor;
  const startBlock =
    config.fromBlock ??
    (usingLocal
      ? BigInt(
          Math.min(
            localContracts.MandateGovernor.blockNumber,
            localContracts.AIDelegateRegistry.blockNumber,
          ),
        )
      : 0n);

  const tokenAddress = getAddress(
    await client.readContract({
      address: governor,
      abi: mandateGovernorAbi,
      functionName: "token",
    }),
  );
  const [symbol, decimals] = await Promise.all([
    client.readContract({ address: tokenAddress, abi: governanceTokenAbi, functionName: "symbol" }),
    client.readContract({
      address: tokenAddress,
      abi: governanceTokenAbi,
      functionName: "decimals",
    }),
  ]);
  const timelock = getAddress(
    await client.readContract({
      address: governor,
      abi: mandateGovernorAbi,
      functionName: "timelock",
    }),
  );
  const known: ChainTokens = {
    governanceToken: { address: tokenAddress, symbol, decimals: Number(decimals) },
    stablecoin: null,
    labels: {
      [timelock]: { label: "DAO treasury (timelock)", abi: timelockControllerAbi },
      [governor]: { label: "MandateGovernor (the DAO's governor)", abi: mandateGovernorAbi },
      [registry]: { label: "AIDelegateRegistry" },
    },
  };
  if (usingLocal) {
    const c = localContracts;
    const collateral = getAddress(c.DemoCollateral.address);
    if (await hasCode(collateral)) {
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

  return {
    chainId,
    chain,
    client,
    account,
    governor,
    registry,
    delegateId: config.delegateId,
    instance: getAddress(info.instance),
    operator,
    delegateName: info.name,
    mandate,
    mandateHash: fileHash,
    mandateVersion: version,
    startBlock,
    decodeContext: buildDecodeContext(chainId, known, config.governanceTokenUsd),
    redact,
  };
}
