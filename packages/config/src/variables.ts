/**
 * Every setting of every Mandate service, in one table: the names a config file (mandate.config.json)
 * may hold and the environment may set. Services pass `MANDATE_VARIABLE_NAMES` as `known` to
 * `loadConfigFile`, so one file can configure the whole deployment and a typo is caught with the
 * closest name. Secrets are listed too (for the environment); the file refuses them.
 */
export type Service = "delegate" | "trader" | "indexer" | "web" | "start";

export interface VariableDoc {
  name: string;
  services: readonly Service[];
  description: string;
  /** Environment only: refused in a config file. */
  secret?: true;
}

export const MANDATE_VARIABLES: readonly VariableDoc[] = [
  // Chain and contracts
  {
    name: "MANDATE_RPC_URL",
    services: ["delegate", "trader", "indexer", "web"],
    description: "JSON-RPC endpoint (default http://127.0.0.1:8545)",
  },
  {
    name: "MANDATE_CHAIN_ID",
    services: ["indexer", "web"],
    description: "chain id (default: the deployment record's, else 31337)",
  },
  {
    name: "MANDATE_DEPLOYMENT_FILE",
    services: ["trader", "indexer"],
    description: "a deployment record (contracts/deployments/<network>.json format)",
  },
  {
    name: "MANDATE_REGISTRY_ADDRESS",
    services: ["delegate"],
    description: "AIDelegateRegistry (default on 31337: the local deployment)",
  },
  {
    name: "MANDATE_GOVERNOR_ADDRESS",
    services: ["delegate"],
    description: "governor (default: the registry's)",
  },
  {
    name: "MANDATE_FROM_BLOCK",
    services: ["delegate"],
    description: "first block to read when there is no cursor",
  },
  { name: "MANDATE_BLOCK_RANGE", services: ["delegate"], description: "blocks per eth_getLogs" },
  { name: "MANDATE_RPC_TIMEOUT_MS", services: ["trader"], description: "RPC request timeout" },
  {
    name: "MANDATE_RPC_WAIT_SECONDS",
    services: ["indexer"],
    description: "how long to wait for an unreachable chain at start",
  },
  {
    name: "MANDATE_RPC_CACHE",
    services: ["indexer"],
    description: "1: keep Ponder's RPC cache between runs",
  },
  {
    name: "MANDATE_POLLING_MS",
    services: ["indexer"],
    description: "how often the indexer polls for blocks",
  },
  {
    name: "MANDATE_RECEIPT_TIMEOUT_MS",
    services: ["delegate", "trader"],
    description: "how long to wait for a receipt",
  },
  // Databases
  {
    name: "DATABASE_URL",
    services: ["delegate", "trader", "indexer"],
    description:
      "PostgreSQL URL; unset: embedded PGlite (a URL with a password belongs in the environment)",
  },
  {
    name: "DATABASE_SCHEMA",
    services: ["indexer"],
    description: "PostgreSQL schema of the indexer",
  },
  {
    name: "MANDATE_DB_DIR",
    services: ["delegate"],
    description: "the delegate's embedded database directory",
  },
  {
    name: "MANDATE_TRADER_DB_DIR",
    services: ["trader"],
    description: "the trader's embedded database directory",
  },
  {
    name: "MANDATE_INDEXER_PGLITE_DIR",
    services: ["indexer"],
    description: "the indexer's embedded database directory",
  },
  // The AI delegate
  {
    name: "MANDATE_DELEGATE_ID",
    services: ["delegate"],
    description: "registry id of the delegate",
  },
  {
    name: "MANDATE_MANDATE_FILE",
    services: ["delegate"],
    description: "the mandate JSON (must hash to the published mandate)",
  },
  {
    name: "MANDATE_DEV_ACCOUNT",
    services: ["delegate"],
    description: "Hardhat dev account index (local chain only)",
  },
  {
    name: "MANDATE_OPERATOR_KEY",
    services: ["delegate"],
    description: "the operator's hex private key",
    secret: true,
  },
  {
    name: "MANDATE_OPERATOR_KEYSTORE",
    services: ["delegate"],
    description: "an Ethereum V3 keystore file with the operator key",
  },
  {
    name: "MANDATE_OPERATOR_KEYSTORE_PASSWORD",
    services: ["delegate"],
    description: "its password",
    secret: true,
  },
  {
    name: "MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE",
    services: ["delegate"],
    description: "a file holding its password",
  },
  {
    name: "MANDATE_WEBHOOK_URL",
    services: ["delegate"],
    description: "POSTed when the delegate asks its holders",
  },
  { name: "MANDATE_WEBHOOK_TIMEOUT_MS", services: ["delegate"], description: "webhook timeout" },
  { name: "MANDATE_APP_URL", services: ["delegate"], description: "web app base URL, for links" },
  {
    name: "MANDATE_DRY_RUN",
    services: ["delegate"],
    description: "1: decide and print, send nothing",
  },
  {
    name: "MANDATE_ONCE",
    services: ["delegate"],
    description: "1: process the backlog, then exit",
  },
  { name: "MANDATE_POLL_INTERVAL_MS", services: ["delegate"], description: "poll interval" },
  {
    name: "MANDATE_MNDT_USD",
    services: ["delegate", "web"],
    description: "assumed USD price of the governance token",
  },
  // The AI trader
  {
    name: "MANDATE_TRADER_USER",
    services: ["trader"],
    description: "the vault owner whose funds it trades",
  },
  {
    name: "MANDATE_TRADER_DEV_ACCOUNT",
    services: ["trader"],
    description: "Hardhat dev account index (local chain only)",
  },
  {
    name: "MANDATE_TRADER_KEY",
    services: ["trader"],
    description: "the trader agent's hex private key",
    secret: true,
  },
  {
    name: "MANDATE_TRADER_KEYSTORE",
    services: ["trader"],
    description: "an Ethereum V3 keystore file with the trader key",
  },
  {
    name: "MANDATE_TRADER_KEYSTORE_PASSWORD",
    services: ["trader"],
    description: "its password",
    secret: true,
  },
  {
    name: "MANDATE_TRADER_KEYSTORE_PASSWORD_FILE",
    services: ["trader"],
    description: "a file holding its password",
  },
  {
    name: "MANDATE_TRADER_BELIEFS",
    services: ["trader"],
    description: "holder-set probabilities per market (JSON file)",
  },
  {
    name: "MANDATE_TRADER_DELEGATE_ID",
    services: ["trader"],
    description: "the AI delegate whose votes constrain the trader",
  },
  {
    name: "MANDATE_TRADER_FORECASTER",
    services: ["trader"],
    description: "the model forecaster source",
  },
  {
    name: "MANDATE_TRADER_FORECAST_WEIGHT",
    services: ["trader"],
    description: "its weight in the pool",
  },
  {
    name: "MANDATE_TRADER_FORECAST_TTL_SECONDS",
    services: ["trader"],
    description: "how long a market's forecast is reused (default 3600)",
  },
  { name: "MANDATE_TRADER_INTERVAL_MS", services: ["trader"], description: "loop interval" },
  { name: "MANDATE_TRADER_DEADLINE_SECONDS", services: ["trader"], description: "trade deadline" },
  { name: "MANDATE_TRADER_DRY_RUN", services: ["trader"], description: "1: decide, send nothing" },
  { name: "MANDATE_TRADER_ONCE", services: ["trader"], description: "1: one pass, then exit" },
  // Model provider
  { name: "MANDATE_ENGINE", services: ["delegate"], description: "offline (default) or openai" },
  {
    name: "MANDATE_ENGINE_FALLBACK",
    services: ["delegate"],
    description: "offline or abstain when the model fails",
  },
  {
    name: "OPENAI_BASE_URL",
    services: ["delegate", "trader"],
    description: "an OpenAI-compatible server",
  },
  { name: "OPENAI_MODEL", services: ["delegate", "trader"], description: "model name" },
  {
    name: "OPENAI_API_KEY",
    services: ["delegate", "trader"],
    description: "its API key",
    secret: true,
  },
  { name: "OPENAI_TIMEOUT_MS", services: ["delegate", "trader"], description: "request timeout" },
  { name: "OPENAI_MAX_RETRIES", services: ["delegate", "trader"], description: "retries" },
  // Operations
  {
    name: "MANDATE_HTTP_PORT",
    services: ["delegate", "trader"],
    description: "serve /health and /metrics on this port",
  },
  {
    name: "MANDATE_HTTP_HOST",
    services: ["delegate", "trader"],
    description: "their interface (default 127.0.0.1)",
  },
  {
    name: "MANDATE_LOG_FORMAT",
    services: ["delegate", "trader"],
    description: "text (default) or json",
  },
  { name: "MANDATE_INDEXER_URL", services: ["web"], description: "the indexer's base URL" },
  // npm start (local)
  {
    name: "MANDATE_CHAIN_PORT",
    services: ["start"],
    description: "local chain port (default 8545)",
  },
  {
    name: "MANDATE_INDEXER_PORT",
    services: ["start"],
    description: "indexer port (default 42069)",
  },
  { name: "MANDATE_WEB_PORT", services: ["start"], description: "web app port (default 3000)" },
  {
    name: "MANDATE_AGENT_PORT",
    services: ["start"],
    description:
      "first of three ports for the agents' /health and /metrics: delegate #1, delegate #2, the trader (default 42101)",
  },
  {
    name: "MANDATE_DATA_DIR",
    services: ["start"],
    description: "local databases and logs (default .mandate/local)",
  },
];

export const MANDATE_VARIABLE_NAMES: readonly string[] = MANDATE_VARIABLES.map((v) => v.name);
