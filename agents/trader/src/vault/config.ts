/**
 * The trader's configuration: flags and environment (`loadTraderConfig`, synchronous, checks
 * formats; the CLI first merges the optional config file under the environment with
 * @mandate/config's `loadConfigFile`), then the keystore is decrypted (`loadTraderKeystore`), then
 * checked against the chain (`connectTrader`: the RPC answers, dev keys only on the local chain,
 * the deployment is known, the vault exists, the delegate exists). Every error names what is
 * wrong; the agent key is never printed and URLs are printed with credentials masked.
 *
 * | variable                      | flag            | default                                  |
 * | ----------------------------- | --------------- | ---------------------------------------- |
 * | MANDATE_TRADER_USER           | --user          | required: the vault's owner              |
 * | MANDATE_TRADER_KEY            | (env only)      | the agent's key; or --dev-account (31337) |
 * | MANDATE_TRADER_KEYSTORE       |                 | or a V3 keystore with the agent's key    |
 * | MANDATE_TRADER_KEYSTORE_PASSWORD_FILE (or _PASSWORD) |  | its password                  |
 * | MANDATE_TRADER_DEV_ACCOUNT    | --dev-account   | Hardhat dev account index, chain 31337   |
 * | MANDATE_RPC_URL               | --rpc-url       | http://127.0.0.1:8545                    |
 * | DATABASE_URL                  |                 | embedded PGlite                          |
 * | MANDATE_TRADER_DB_DIR         | --db-dir        | .mandate/trader-db                       |
 * | MANDATE_TRADER_BELIEFS        | --beliefs       | none (holder-set probabilities, JSON)    |
 * | MANDATE_TRADER_DELEGATE_ID    | --delegate-id   | none (whose votes constrain it)          |
 * | MANDATE_TRADER_ONCE=1         | --once          | off                                      |
 * | MANDATE_TRADER_DRY_RUN=1      | --dry-run       | off                                      |
 * | MANDATE_TRADER_INTERVAL_MS    | --interval-ms   | 5000                                     |
 * |                               | --report        | print the track record as JSON, exit     |
 * | MANDATE_DEPLOYMENT_FILE       | --deployment    | the recorded deployment of the chain id  |
 * | MANDATE_RPC_TIMEOUT_MS        |                 | 10000                                    |
 * | MANDATE_RECEIPT_TIMEOUT_MS    |                 | 120000                                   |
 * | MANDATE_TRADER_DEADLINE_SECONDS |               | 300                                      |
 * | MANDATE_HTTP_PORT             | --http-port     | none: serve /health and /metrics         |
 * | MANDATE_HTTP_HOST             |                 | 127.0.0.1                                |
 * | MANDATE_LOG_FORMAT            |                 | text, or json (one object per line)      |
 * | MANDATE_TRADER_FORECASTER=openai, OPENAI_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY,         |
 * | MANDATE_TRADER_FORECAST_WEIGHT (default 1), MANDATE_TRADER_FORECAST_TTL_SECONDS (3600),   |
 * | OPENAI_TIMEOUT_MS (60000), OPENAI_MAX_RETRIES (2)                                         |
 * |                                                 | an OpenAI-compatible forecast source     |
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  DEV_MNEMONIC,
  devAccountIndex,
  LOCAL_CHAIN_ID,
  loadConfigFile,
  MANDATE_VARIABLE_NAMES,
  parseFlags,
  signingKeyFromEnv,
} from "@mandate/config";
import { opsSettingsFromEnv } from "@mandate/config/ops";
import {
  DevKeyRefusedError,
  makeRedactor,
  RpcUnreachableError,
  redactDatabaseUrl,
  redactUrl,
  Secret,
} from "@mandate/delegate";
import {
  addressesFromDeployment,
  type DeploymentRecord,
  type MandateAddresses,
  mandateAddresses,
} from "@mandate/sdk";
import {
  type Address,
  type Chain,
  createPublicClient,
  defineChain,
  getAddress,
  type Hex,
  http,
  isAddress,
  type LocalAccount,
  type PublicClient,
  type Transport,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_TRADER_INTERVAL_MS = 5_000;
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
export const DEFAULT_RECEIPT_TIMEOUT_MS = 120_000;
export const DEFAULT_OPENAI_TIMEOUT_MS = 60_000;
export const DEFAULT_OPENAI_MAX_RETRIES = 2;

/** The agent's hex private key (environment only). */
export const TRADER_KEY_VAR = "MANDATE_TRADER_KEY";
/**
 * An Ethereum V3 keystore with the agent's key; its password in `…_PASSWORD_FILE` (or
 * `…_PASSWORD`), read by @mandate/config's `signingKeyFromEnv`.
 */
export const TRADER_KEYSTORE_VAR = "MANDATE_TRADER_KEYSTORE";

type Env = Record<string, string | undefined>;

/** A setting is missing or malformed; the message names the variable or flag. */
export class TraderConfigError extends Error {
  override name = "TraderConfigError";
}

/** Something about the chain makes the configuration unusable (unknown deployment, no vault…). */
export class TraderSetupError extends Error {
  override name = "TraderSetupError";
}

export interface TraderFlags {
  user?: string;
  devAccount?: string;
  rpcUrl?: string;
  dbDir?: string;
  beliefs?: string;
  delegateId?: string;
  intervalMs?: string;
  deployment?: string;
  httpPort?: string;
  once?: boolean;
  dryRun?: boolean;
  report?: boolean;
  help?: boolean;
}

const VALUE_FLAGS: Record<string, keyof TraderFlags> = {
  "--user": "user",
  "--dev-account": "devAccount",
  "--rpc-url": "rpcUrl",
  "--db-dir": "dbDir",
  "--beliefs": "beliefs",
  "--delegate-id": "delegateId",
  "--interval-ms": "intervalMs",
  "--deployment": "deployment",
  "--http-port": "httpPort",
};
/** The variable each value flag overrides. */
const FLAG_VARIABLES: Record<
  Exclude<keyof TraderFlags, "once" | "dryRun" | "report" | "help">,
  string
> = {
  user: "MANDATE_TRADER_USER",
  devAccount: "MANDATE_TRADER_DEV_ACCOUNT",
  rpcUrl: "MANDATE_RPC_URL",
  dbDir: "MANDATE_TRADER_DB_DIR",
  beliefs: "MANDATE_TRADER_BELIEFS",
  delegateId: "MANDATE_TRADER_DELEGATE_ID",
  intervalMs: "MANDATE_TRADER_INTERVAL_MS",
  deployment: "MANDATE_DEPLOYMENT_FILE",
  httpPort: "MANDATE_HTTP_PORT",
};
const BOOLEAN_FLAGS: Record<string, "once" | "dryRun" | "report" | "help"> = {
  "--once": "once",
  "--dry-run": "dryRun",
  "--report": "report",
  "--help": "help",
  "-h": "help",
};

/** Parses `argv` (without node and the script); unknown flags and missing values are errors. */
export function parseTraderArgs(argv: readonly string[]): TraderFlags {
  return parseFlags<TraderFlags>(
    argv,
    {
      values: VALUE_FLAGS,
      booleans: BOOLEAN_FLAGS,
      refuse: (name) =>
        /^--(private-key|operator-key|key|trader-key)$/.test(name)
          ? `${name} is not accepted: a key on the command line is visible to every process; set MANDATE_TRADER_KEYSTORE (a V3 keystore file) or MANDATE_TRADER_KEY instead`
          : null,
    },
    (message) => new TraderConfigError(message),
  );
}

export interface ForecasterConfig {
  model: string;
  baseURL: string | undefined;
  apiKey: Secret | null;
  weight: number;
  /** Seconds a market's forecast is reused before the model is asked again. */
  ttlSeconds: number;
  /** Per request (OPENAI_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries of a failed request (OPENAI_MAX_RETRIES). */
  maxRetries: number;
}

/** What the trader runs with. Safe to print: secrets are `Secret`s. */
export interface TraderConfig {
  rpcUrl: string;
  /** The vault's owner; null only for --report. */
  user: Address | null;
  /**
   * The agent's key: MANDATE_TRADER_KEY, or the keystore's once `loadTraderKeystore` decrypted
   * it. Never printed.
   */
  key: Secret | null;
  /** Where the key comes from; null: none (dev account, dry run, report). */
  keySource: "env" | "keystore" | null;
  /** Absolute path of MANDATE_TRADER_KEYSTORE, or null. */
  keystore: string | null;
  devAccount: number | null;
  databaseUrl: Secret | null;
  dbDir: string | null;
  cwd: string;
  beliefsFile: string | null;
  delegateId: bigint | null;
  once: boolean;
  dryRun: boolean;
  report: boolean;
  intervalMs: number;
  deploymentFile: string | null;
  rpcTimeoutMs: number;
  receiptTimeoutMs: number;
  deadlineSeconds: bigint;
  forecaster: ForecasterConfig | null;
  /** Health and metrics endpoints (MANDATE_HTTP_PORT / --http-port); null: not served. */
  httpPort: number | null;
  /** Their interface (MANDATE_HTTP_HOST, default 127.0.0.1). */
  httpHost: string;
  /** Log lines as text (default) or one JSON object per line (MANDATE_LOG_FORMAT=json). */
  logFormat: "text" | "json";
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
    throw new TraderConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

/** `raw` checked as by {@link integer}, or `fallback` when the setting is absent. */
function integerOr<F extends number | null>(
  name: string,
  raw: string | undefined,
  fallback: F,
  min: number,
  max: number,
): number | F {
  return raw === undefined ? fallback : integer(name, raw, min, max);
}

function address(name: string, raw: string): Address {
  if (!isAddress(raw, { strict: false })) {
    throw new TraderConfigError(`${name} must be a 20-byte hex address (got "${raw}")`);
  }
  if (!isAddress(raw, { strict: true })) {
    throw new TraderConfigError(`${name} has a bad EIP-55 checksum: "${raw}"`);
  }
  return getAddress(raw);
}

/** Reads and checks the configuration (flags win over variables). Throws TraderConfigError. */
export function loadTraderConfig(
  env: Env = process.env,
  flags: TraderFlags = {},
  cwd: string = process.cwd(),
): TraderConfig {
  const report = flags.report === true;
  const rpcRaw = flags.rpcUrl ?? read(env, "MANDATE_RPC_URL") ?? DEFAULT_RPC_URL;
  let rpcOk = false;
  try {
    rpcOk = ["http:", "https:"].includes(new URL(rpcRaw).protocol);
  } catch {
    rpcOk = false;
  }
  if (!rpcOk) {
    throw new TraderConfigError(
      `${flags.rpcUrl !== undefined ? "--rpc-url" : "MANDATE_RPC_URL"} must be an http(s) URL (got "${redactUrl(rpcRaw)}")`,
    );
  }

  const userRaw = flags.user ?? read(env, "MANDATE_TRADER_USER");
  if (userRaw === undefined && !report) {
    throw new TraderConfigError(
      "--user (or MANDATE_TRADER_USER) is required: the address of the holder whose vault the trader manages",
    );
  }
  const user = userRaw === undefined ? null : address("--user / MANDATE_TRADER_USER", userRaw);

  const dryRun = flags.dryRun === true || truthy(read(env, "MANDATE_TRADER_DRY_RUN"));
  const once = flags.once === true || truthy(read(env, "MANDATE_TRADER_ONCE"));

  const keyRaw = read(env, TRADER_KEY_VAR);
  const keystoreRaw = read(env, TRADER_KEYSTORE_VAR);
  if (keyRaw !== undefined && keystoreRaw !== undefined) {
    throw new TraderConfigError(
      `both ${TRADER_KEY_VAR} and ${TRADER_KEYSTORE_VAR} are set; set only one (the keystore is the safer choice)`,
    );
  }
  let key: Secret | null = null;
  if (keyRaw !== undefined) {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(keyRaw)) {
      throw new TraderConfigError(
        `MANDATE_TRADER_KEY must be a 32-byte hex private key (64 hex digits, optionally 0x-prefixed); the value set has ${keyRaw.length} characters`,
      );
    }
    key = new Secret(keyRaw.startsWith("0x") ? keyRaw : `0x${keyRaw}`);
  }
  const devRaw = flags.devAccount ?? read(env, "MANDATE_TRADER_DEV_ACCOUNT");
  const devAccount = integerOr("--dev-account", devRaw, null, 0, 999);
  if ((key || keystoreRaw !== undefined) && devAccount !== null) {
    throw new TraderConfigError(
      `give either ${key ? TRADER_KEY_VAR : TRADER_KEYSTORE_VAR} or --dev-account (MANDATE_TRADER_DEV_ACCOUNT), not both`,
    );
  }
  if (!key && keystoreRaw === undefined && devAccount === null && !dryRun && !report) {
    throw new TraderConfigError(
      `no agent key: set ${TRADER_KEY_VAR} to the hex private key of the agent the vault policy names, or ${TRADER_KEYSTORE_VAR} to an Ethereum V3 keystore file holding it (its password in a file named by ${TRADER_KEYSTORE_VAR}_PASSWORD_FILE), or on the local chain (31337) pass --dev-account N (e.g. 12 for the seeded vault)`,
    );
  }

  const dbUrl = read(env, "DATABASE_URL");
  if (dbUrl !== undefined && !/^postgres(ql)?:\/\//.test(dbUrl)) {
    throw new TraderConfigError(
      `DATABASE_URL must be a postgres:// URL (got "${redactDatabaseUrl(dbUrl)}")`,
    );
  }

  const delegateRaw = flags.delegateId ?? read(env, "MANDATE_TRADER_DELEGATE_ID");
  if (
    delegateRaw !== undefined &&
    (!/^\d{1,30}$/.test(delegateRaw) || BigInt(delegateRaw) === 0n)
  ) {
    throw new TraderConfigError(
      `--delegate-id / MANDATE_TRADER_DELEGATE_ID must be a positive integer (got "${delegateRaw}")`,
    );
  }
  const intervalRaw = flags.intervalMs ?? read(env, "MANDATE_TRADER_INTERVAL_MS");
  const beliefsRaw = flags.beliefs ?? read(env, "MANDATE_TRADER_BELIEFS");
  const deploymentRaw = flags.deployment ?? read(env, "MANDATE_DEPLOYMENT_FILE");
  const rpcTimeoutRaw = read(env, "MANDATE_RPC_TIMEOUT_MS");
  const receiptTimeoutRaw = read(env, "MANDATE_RECEIPT_TIMEOUT_MS");
  const deadlineRaw = read(env, "MANDATE_TRADER_DEADLINE_SECONDS");

  let forecaster: ForecasterConfig | null = null;
  const kind = read(env, "MANDATE_TRADER_FORECASTER");
  if (kind !== undefined && kind !== "none") {
    if (kind !== "openai") {
      throw new TraderConfigError(
        `MANDATE_TRADER_FORECASTER must be "openai" or "none" (got "${kind}")`,
      );
    }
    const model = read(env, "OPENAI_MODEL");
    if (!model) {
      throw new TraderConfigError(
        "MANDATE_TRADER_FORECASTER=openai needs OPENAI_MODEL (and OPENAI_BASE_URL for a local server, or OPENAI_API_KEY)",
      );
    }
    const weightRaw = read(env, "MANDATE_TRADER_FORECAST_WEIGHT");
    const weight = weightRaw === undefined ? 1 : Number(weightRaw);
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new TraderConfigError(
        `MANDATE_TRADER_FORECAST_WEIGHT must be a number ≥ 0 (got "${weightRaw}")`,
      );
    }
    const apiKey = read(env, "OPENAI_API_KEY");
    const ttlRaw = read(env, "MANDATE_TRADER_FORECAST_TTL_SECONDS");
    const timeoutRaw = read(env, "OPENAI_TIMEOUT_MS");
    const retriesRaw = read(env, "OPENAI_MAX_RETRIES");
    forecaster = {
      model,
      baseURL: read(env, "OPENAI_BASE_URL"),
      apiKey: apiKey === undefined ? null : new Secret(apiKey),
      weight,
      ttlSeconds: integerOr("MANDATE_TRADER_FORECAST_TTL_SECONDS", ttlRaw, 3_600, 0, 30 * 86_400),
      timeoutMs: integerOr(
        "OPENAI_TIMEOUT_MS",
        timeoutRaw,
        DEFAULT_OPENAI_TIMEOUT_MS,
        1,
        3_600_000,
      ),
      maxRetries: integerOr("OPENAI_MAX_RETRIES", retriesRaw, DEFAULT_OPENAI_MAX_RETRIES, 0, 20),
    };
  }

  // MANDATE_HTTP_PORT / --http-port, MANDATE_HTTP_HOST, MANDATE_LOG_FORMAT.
  const ops = opsSettingsFromEnv(env, flags, (message) => new TraderConfigError(message));

  return {
    rpcUrl: rpcRaw,
    user,
    key,
    keySource: key ? "env" : null,
    keystore: keystoreRaw === undefined ? null : resolve(cwd, keystoreRaw),
    devAccount,
    databaseUrl: dbUrl === undefined ? null : new Secret(dbUrl),
    dbDir: flags.dbDir ?? read(env, "MANDATE_TRADER_DB_DIR") ?? null,
    cwd,
    beliefsFile: beliefsRaw === undefined ? null : resolve(cwd, beliefsRaw),
    delegateId: delegateRaw === undefined ? null : BigInt(delegateRaw),
    once,
    dryRun,
    report,
    intervalMs: integerOr(
      "--interval-ms / MANDATE_TRADER_INTERVAL_MS",
      intervalRaw,
      DEFAULT_TRADER_INTERVAL_MS,
      100,
      86_400_000,
    ),
    deploymentFile: deploymentRaw === undefined ? null : resolve(cwd, deploymentRaw),
    rpcTimeoutMs: integerOr(
      "MANDATE_RPC_TIMEOUT_MS",
      rpcTimeoutRaw,
      DEFAULT_RPC_TIMEOUT_MS,
      100,
      600_000,
    ),
    receiptTimeoutMs: integerOr(
      "MANDATE_RECEIPT_TIMEOUT_MS",
      receiptTimeoutRaw,
      DEFAULT_RECEIPT_TIMEOUT_MS,
      1_000,
      3_600_000,
    ),
    deadlineSeconds:
      deadlineRaw === undefined
        ? 300n
        : BigInt(integer("MANDATE_TRADER_DEADLINE_SECONDS", deadlineRaw, 30, 86_400)),
    forecaster,
    httpPort: ops.httpPort,
    httpHost: ops.httpHost,
    logFormat: ops.logFormat,
  };
}

export interface TraderSettings {
  config: TraderConfig;
  /** The effective environment: the config file's values under the process environment. */
  env: Env;
  /** Absolute path of the config file read, or null. */
  file: string | null;
  /** The variables whose value came from the file. */
  fromFile: string[];
}

/**
 * The optional config file (MANDATE_CONFIG, else ./mandate.config.json in `cwd`; read by
 * @mandate/config's `loadConfigFile` with every documented variable as `known`) merged under the
 * environment, then `loadTraderConfig`: flags > environment > file > defaults. Throws
 * ConfigFileError (the file: not found, not JSON, an unknown key, a secret) or TraderConfigError
 * (a bad value, naming the variable, and the file when the value came from it).
 */
export function loadTraderSettings(
  env: Env = process.env,
  flags: TraderFlags = {},
  cwd: string = process.cwd(),
): TraderSettings {
  const loaded = loadConfigFile({ env, cwd, known: MANDATE_VARIABLE_NAMES });
  try {
    const config = loadTraderConfig(loaded.env, flags, cwd);
    return { config, env: loaded.env, file: loaded.file, fromFile: loaded.fromFile };
  } catch (e) {
    // A bad value from the file: say so (unless a flag gave the value).
    const overridden = new Set(
      Object.entries(FLAG_VARIABLES).flatMap(([flag, v]) =>
        flags[flag as keyof typeof FLAG_VARIABLES] === undefined ? [] : [v],
      ),
    );
    const named =
      e instanceof TraderConfigError && loaded.file !== null
        ? loaded.fromFile.filter(
            (v) => !overridden.has(v) && new RegExp(`\\b${v}\\b`).test(e.message),
          )
        : [];
    if (named.length > 0) {
      throw new TraderConfigError(
        `${(e as Error).message} (${named.join(", ")} from the config file ${loaded.file})`,
      );
    }
    throw e;
  }
}

/**
 * Decrypts MANDATE_TRADER_KEYSTORE (when the configuration names one) with the password in
 * MANDATE_TRADER_KEYSTORE_PASSWORD_FILE or MANDATE_TRADER_KEYSTORE_PASSWORD, and returns the
 * configuration with the key. The key stays in memory only. Whether it is a well-known dev key is
 * decided once the chain id is known (`connectTrader`). Throws @mandate/config's
 * SigningKeyError (a ConfigError) naming the variable: no password, unreadable file, wrong
 * password.
 */
export async function loadTraderKeystore(config: TraderConfig, env: Env): Promise<TraderConfig> {
  if (config.keystore === null) return config;
  const signing = await signingKeyFromEnv(
    { ...env, [TRADER_KEY_VAR]: undefined, [TRADER_KEYSTORE_VAR]: config.keystore },
    {
      name: "trader",
      keyVar: TRADER_KEY_VAR,
      keystoreVar: TRADER_KEYSTORE_VAR,
      chainId: LOCAL_CHAIN_ID,
      cwd: config.cwd,
    },
  );
  return { ...config, key: new Secret(signing.privateKey), keySource: "keystore" };
}

/** A redactor for every secret of the configuration (key, database password, URL tokens). */
export function traderRedactor(config: TraderConfig): (text: string) => string {
  const secrets: (string | null)[] = [
    config.key?.reveal() ?? null,
    config.forecaster?.apiKey?.reveal() ?? null,
  ];
  for (const raw of [config.rpcUrl, config.databaseUrl?.reveal() ?? null]) {
    if (!raw) continue;
    try {
      const u = new URL(raw);
      if (u.password) secrets.push(decodeURIComponent(u.password), u.password);
      for (const v of u.searchParams.values()) if (v.length >= 6) secrets.push(v);
      const last = u.pathname.split("/").pop() ?? "";
      if (/^[A-Za-z0-9_-]{20,}$/.test(last)) secrets.push(last);
    } catch {
      // not a URL
    }
  }
  return makeRedactor(secrets);
}

/** The deepest cause's message ("connect ECONNREFUSED 127.0.0.1:1" rather than "fetch failed"). */
export function rootCause(error: unknown): string {
  let e: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 10 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    const m = (e as { shortMessage?: unknown }).shortMessage ?? e.message;
    if (typeof m === "string" && m.length > 0) message = m;
    if (typeof code === "string" && !message.includes(code)) message = `${code}: ${message}`;
    e = (e as { cause?: unknown }).cause;
  }
  return message.replace(/\s+/g, " ").trim();
}

export interface TraderConnection {
  chainId: number;
  chain: Chain;
  client: PublicClient;
  account: LocalAccount | null;
  addresses: MandateAddresses;
  /** Where the RPC is, credentials masked. */
  shownRpcUrl: string;
}

/**
 * Checks the configuration against the chain. Throws RpcUnreachableError (retry it),
 * DevKeyRefusedError, or TraderSetupError (unknown deployment, no vault contract).
 */
export async function connectTrader(
  config: TraderConfig,
  options: { transport?: Transport } = {},
): Promise<TraderConnection> {
  const redact = traderRedactor(config);
  const shownRpcUrl = redactUrl(config.rpcUrl);
  const transport =
    options.transport ?? http(config.rpcUrl, { timeout: config.rpcTimeoutMs, retryCount: 1 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (e) {
    throw new RpcUnreachableError(shownRpcUrl, redact(rootCause(e)), { cause: e });
  }
  const chain = defineChain({
    id: chainId,
    name: chainId === LOCAL_CHAIN_ID ? "Mandate local chain" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const isLocal = chainId === LOCAL_CHAIN_ID;

  let account: LocalAccount | null = null;
  if (config.devAccount !== null) {
    if (!isLocal) {
      throw new DevKeyRefusedError(
        chainId,
        `--dev-account derives a well-known Hardhat dev key: refused on chain ${chainId} (only the local chain ${LOCAL_CHAIN_ID} accepts it); set MANDATE_TRADER_KEY`,
      );
    }
    account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: config.devAccount });
  } else if (config.key) {
    // From MANDATE_TRADER_KEY or from the keystore: the same rule.
    account = privateKeyToAccount(config.key.reveal() as Hex);
    const devIndex = isLocal ? null : devAccountIndex(account.address);
    if (devIndex !== null) {
      const from =
        config.keySource === "keystore"
          ? `${TRADER_KEYSTORE_VAR} (${config.keystore}) holds`
          : `${TRADER_KEY_VAR} is`;
      throw new DevKeyRefusedError(
        chainId,
        `${from} a well-known Hardhat dev key (Hardhat/Anvil dev account #${devIndex}, ${account.address}): refused on chain ${chainId}; anyone can sign with it`,
      );
    }
  }

  let addresses: MandateAddresses;
  if (config.deploymentFile) {
    let record: DeploymentRecord;
    try {
      record = JSON.parse(readFileSync(config.deploymentFile, "utf8")) as DeploymentRecord;
    } catch (e) {
      throw new TraderSetupError(
        `cannot read the deployment file ${config.deploymentFile}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (record.chainId !== chainId) {
      throw new TraderSetupError(
        `the deployment file ${config.deploymentFile} is for chain ${record.chainId}, the RPC serves chain ${chainId}`,
      );
    }
    addresses = addressesFromDeployment(record);
  } else {
    try {
      addresses = mandateAddresses(chainId);
    } catch {
      throw new TraderSetupError(
        `chain ${chainId} has no recorded Mandate deployment: pass --deployment FILE (MANDATE_DEPLOYMENT_FILE), a record like contracts/deployments/localhost.json`,
      );
    }
  }
  let code: Hex | undefined;
  try {
    code = await client.getCode({ address: addresses.tradingVault });
  } catch (e) {
    throw new RpcUnreachableError(shownRpcUrl, redact(rootCause(e)), { cause: e });
  }
  if (code === undefined || code === "0x") {
    throw new TraderSetupError(
      `no TradingVault contract at ${addresses.tradingVault} on chain ${chainId}` +
        (isLocal && !config.deploymentFile
          ? " (is the local chain running with a fresh deployment? start it with `npm start`)"
          : ": check the deployment file"),
    );
  }
  return { chainId, chain, client, account, addresses, shownRpcUrl };
}
