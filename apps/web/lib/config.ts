/**
 * The app's runtime configuration, read from the environment of the server process at request
 * time (never baked into the build: every `npm start` picks its own ports).
 *
 * | variable              | meaning                                  | default                  |
 * | --------------------- | ---------------------------------------- | ------------------------ |
 * | `MANDATE_RPC_URL`     | the chain's JSON-RPC, as the server sees it | `http://127.0.0.1:8545` |
 * | `MANDATE_INDEXER_URL` | the indexer's REST API                   | `http://127.0.0.1:42069` |
 * | `MANDATE_CHAIN_ID`    | the chain id the app expects             | `31337`                  |
 *
 * The browser never talks to these URLs directly: it goes through the app's own `/api/rpc` and
 * `/api/indexer/*` routes (same origin, so no CORS, and the node may listen on 127.0.0.1 only).
 */

export type AppConfig = {
  /** JSON-RPC URL the server uses. */
  rpcUrl: string;
  /** Indexer base URL the server uses (no trailing slash). */
  indexerUrl: string;
  chainId: number;
};

/** What the browser needs: where to send JSON-RPC and indexer reads, and the expected chain. */
export type ClientConfig = {
  chainId: number;
  /** Same-origin path of the JSON-RPC proxy. */
  rpcPath: string;
  /** Same-origin path prefix of the indexer proxy. */
  indexerPath: string;
  /** The server-side URLs, shown in the footer for orientation (never used by the browser). */
  rpcUrl: string;
  indexerUrl: string;
};

export const LOCAL_CHAIN_ID = 31337;
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_INDEXER_URL = "http://127.0.0.1:42069";

export class ConfigError extends Error {
  override name = "ConfigError";
}

function parseUrl(name: string, raw: string | undefined, fallback: string): string {
  const value = raw === undefined || raw.trim() === "" ? fallback : raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.username !== "" || url.password !== "") {
    // Credentials in a URL would be shown in the footer and in error messages.
    throw new ConfigError(`${name} must not contain credentials (user:password@)`);
  }
  return value.replace(/\/+$/, "");
}

function parseChainId(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return LOCAL_CHAIN_ID;
  const text = raw.trim();
  if (!/^[0-9]+$/.test(text)) {
    throw new ConfigError(`MANDATE_CHAIN_ID must be a positive integer, got "${raw}"`);
  }
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new ConfigError(`MANDATE_CHAIN_ID must be a positive integer, got "${raw}"`);
  }
  return id;
}

/** Reads and checks the configuration; throws {@link ConfigError} naming the bad variable. */
export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return {
    rpcUrl: parseUrl("MANDATE_RPC_URL", env.MANDATE_RPC_URL, DEFAULT_RPC_URL),
    indexerUrl: parseUrl("MANDATE_INDEXER_URL", env.MANDATE_INDEXER_URL, DEFAULT_INDEXER_URL),
    chainId: parseChainId(env.MANDATE_CHAIN_ID),
  };
}

export function clientConfig(config: AppConfig): ClientConfig {
  return {
    chainId: config.chainId,
    rpcPath: "/api/rpc",
    indexerPath: "/api/indexer",
    rpcUrl: config.rpcUrl,
    indexerUrl: config.indexerUrl,
  };
}
