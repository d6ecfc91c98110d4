/**
 * Ponder configuration: one chain (the local Mandate chain by default), every Mandate contract.
 *
 * Environment (all optional; also read from the config file MANDATE_CONFIG / mandate.config.json,
 * see packages/config):
 * - MANDATE_RPC_URL          JSON-RPC endpoint (default http://127.0.0.1:8545).
 * - MANDATE_CHAIN_ID         chain id (default: the deployment record's, else 31337).
 * - MANDATE_DEPLOYMENT_FILE  a deployment record (contracts/deployments/<network>.json format:
 *                            `{ chainId, contracts: { Name: { address, blockNumber } } }`) to use
 *                            instead of @mandate/abis' `deployments.localhost`.
 * - MANDATE_POLLING_MS       how often to poll the chain for new blocks (default 200 ms).
 * - DATABASE_URL             PostgreSQL connection string; unset: embedded PGlite.
 * - MANDATE_INDEXER_PGLITE_DIR  PGlite directory (default .ponder/pglite).
 * - MANDATE_RPC_WAIT_SECONDS how long to wait for an unreachable chain at start (default 30).
 * - MANDATE_RPC_CACHE=1      keep Ponder's RPC cache between runs (default off: a local chain is
 *                            recreated at every `npm start`, so cached logs would be stale).
 */
import {
  aiDelegateRegistryAbi,
  committeeResolverAbi,
  deployments,
  governanceTokenAbi,
  governorResolverAbi,
  lmsrMarketAbi,
  mandateGovernorAbi,
  optimisticResolverAbi,
  tradingVaultAbi,
} from "@mandate/abis";
import { ConfigError, loadConfigFile, MANDATE_VARIABLE_NAMES } from "@mandate/config";
import { createConfig } from "ponder";
import { http } from "viem";
import { type IndexedContract, loadDeployment } from "./src/lib/deployment.ts";

// The optional config file shared by every service (MANDATE_CONFIG, else ./mandate.config.json;
// packages/config): its settings fill what the environment leaves unset.
try {
  const loaded = loadConfigFile({ env: process.env, known: MANDATE_VARIABLE_NAMES });
  for (const name of loaded.fromFile) process.env[name] = loaded.env[name];
  if (loaded.file !== null) {
    console.log(`[indexer] config file ${loaded.file} (${loaded.fromFile.length} settings used)`);
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`[indexer] ${error.message}`);
  process.exit(1);
}

const deployment = loadDeployment(process.env, deployments.localhost);
const rpcUrl = process.env.MANDATE_RPC_URL || "http://127.0.0.1:8545";
const pollingInterval = Number(process.env.MANDATE_POLLING_MS || 200);

/**
 * The hash of the market's deployment block: the identity of this chain. It is part of the
 * config, hence of Ponder's build id, so `ponder start` on a database indexed from another chain
 * with the same id (a recreated local chain) refuses to resume ("Schema … was previously used by a
 * different Ponder app") instead of mixing the two chains' rows.
 */
/** The RPC URL for logs: credentials and key-like query values masked (hosted RPCs carry keys). */
function maskedRpcUrl(): string {
  try {
    const url = new URL(rpcUrl);
    if (url.username) url.username = "***";
    if (url.password) url.password = "***";
    for (const key of [...url.searchParams.keys()]) {
      if (/key|token|secret|auth|pass/i.test(key)) url.searchParams.set(key, "***");
    }
    // Path segments that look like API keys (e.g. …/v2/<32+ hex or base64 chars>).
    url.pathname = url.pathname.replace(/\/[A-Za-z0-9_-]{24,}/g, "/***");
    const masked = url.toString();
    // Unchanged but for URL's normalisation (a trailing "/"): print it as given.
    return masked === new URL(rpcUrl).toString() ? rpcUrl : masked;
  } catch {
    return "(an unparsable URL)";
  }
}

async function chainFingerprint(): Promise<string> {
  const block = deployment.contracts.LMSRMarket.blockNumber;
  const waitMs = Number(process.env.MANDATE_RPC_WAIT_SECONDS || 30) * 1000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_getBlockByNumber",
          params: [`0x${block.toString(16)}`, false],
        }),
        signal: AbortSignal.timeout(3_000),
      });
      const body = (await response.json()) as { result?: { hash?: string } | null };
      if (typeof body.result?.hash === "string") return body.result.hash;
      problem = `the chain has no block ${block}: is it the deployment's chain?`;
    } catch (error) {
      problem = (error as Error).message.split(rpcUrl).join(maskedRpcUrl());
    }
    const elapsed = Date.now() - started;
    if (elapsed >= waitMs) {
      // One line and a clean exit: a stack trace says nothing more, and a supervisor that
      // restarts the indexer gets a readable reason each time.
      console.error(
        `[indexer] MANDATE_RPC_URL=${maskedRpcUrl()} does not answer as the deployment's chain after ${attempt} attempts in ${Math.round(elapsed / 1000)} s (${problem}). Start the chain first (npm start, or npm run chain), or set MANDATE_RPC_URL.`,
      );
      process.exit(1);
    }
    const delay = Math.min(500 * 2 ** (attempt - 1), 5_000, waitMs - elapsed);
    console.error(
      `[indexer] waiting for the chain at ${maskedRpcUrl()} (attempt ${attempt}: ${problem}); retrying in ${(delay / 1000).toFixed(1)} s`,
    );
    await new Promise((r) => setTimeout(r, delay));
  }
}

const network = {
  chainId: deployment.chainId,
  // viem refuses responses over 10 MB by default; a backfill's eth_getLogs over a busy range
  // (or a block of hundreds of trades with its transactions) is larger.
  transport: http(rpcUrl, { maxResponseBodySize: 1024 * 1024 * 1024 }),
  pollingInterval,
  maxRequestsPerSecond: 1_000,
  disableCache: process.env.MANDATE_RPC_CACHE !== "1",
  // Not a Ponder setting: only here to enter the build id (see chainFingerprint).
  chainFingerprint: await chainFingerprint(),
};

const contract = (name: IndexedContract) => {
  const entry = deployment.contracts[name];
  return { network: "mandate" as const, address: entry.address, startBlock: entry.blockNumber };
};

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.MANDATE_INDEXER_PGLITE_DIR || ".ponder/pglite" },
  networks: { mandate: network },
  contracts: {
    LMSRMarket: { abi: lmsrMarketAbi, ...contract("LMSRMarket") },
    CommitteeResolver: { abi: committeeResolverAbi, ...contract("CommitteeResolver") },
    GovernorResolver: { abi: governorResolverAbi, ...contract("GovernorResolver") },
    OptimisticResolver: { abi: optimisticResolverAbi, ...contract("OptimisticResolver") },
    TradingVault: { abi: tradingVaultAbi, ...contract("TradingVault") },
    GovernanceToken: { abi: governanceTokenAbi, ...contract("GovernanceToken") },
    MandateGovernor: { abi: mandateGovernorAbi, ...contract("MandateGovernor") },
    AIDelegateRegistry: { abi: aiDelegateRegistryAbi, ...contract("AIDelegateRegistry") },
  },
});
