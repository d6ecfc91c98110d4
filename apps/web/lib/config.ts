/**
 * The app's runtime configuration, read by the server process at request time (never baked into
 * the build: every `npm start` picks its own ports), from the same sources as every Mandate
 * service (@mandate/config): the process environment, over the optional configuration file
 * (`MANDATE_CONFIG`, else `mandate.config.json` in the working directory), over the defaults.
 *
 * | variable              | meaning                                     | default                  |
 * | --------------------- | ------------------------------------------- | ------------------------ |
 * | `MANDATE_RPC_URL`     | the chain's JSON-RPC, as the server sees it | `http://127.0.0.1:8545`  |
 * | `MANDATE_INDEXER_URL` | the indexer's REST API                      | `http://127.0.0.1:42069` |
 * | `MANDATE_CHAIN_ID`    | the chain id the app expects                | `31337`                  |
 *
 * The browser never talks to these URLs directly: it goes through the app's own `/api/rpc` and
 * `/api/indexer/*` routes (same origin, so no CORS, and the node may listen on 127.0.0.1 only).
 *
 * Client components import this module's constants and types, so it never imports
 * @mandate/config (node:fs, node:crypto) statically: the server loads it at run time
 * ({@link mandateConfig}), and the browser bundle stays free of it.
 */
import type * as MandateConfig from "@mandate/config";

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
  /**
   * The server-side URLs, shown in the footer for orientation (never used by the browser), with
   * anything that looks like a key masked (`https://eth-mainnet.g.alchemy.com/v2/***`).
   */
  rpcUrl: string;
  indexerUrl: string;
};

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

export const LOCAL_CHAIN_ID = 31337;
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_INDEXER_URL = "http://127.0.0.1:42069";
/** The variables the web app reads (all of them may be set in the configuration file). */
export const WEB_VARIABLES = [
  "MANDATE_RPC_URL",
  "MANDATE_INDEXER_URL",
  "MANDATE_CHAIN_ID",
] as const;

export class ConfigError extends Error {
  override name = "ConfigError";
}

let configModule: typeof MandateConfig | undefined;

/**
 * @mandate/config, loaded on the server at run time (Node's `require` of the built package,
 * found from this file or the working directory). Never call it in the browser.
 */
function mandateConfig(): typeof MandateConfig {
  if (configModule !== undefined) return configModule;
  const nodeModule = (
    globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined
  )?.getBuiltinModule?.("node:module") as typeof import("node:module") | undefined;
  if (nodeModule === undefined) {
    throw new Error("the configuration is read on the server only (Node 22.3 or later)");
  }
  const from = [import.meta.url, `${process.cwd()}/package.json`];
  let lastError: unknown;
  for (const base of from) {
    try {
      configModule = nodeModule.createRequire(base)("@mandate/config") as typeof MandateConfig;
      return configModule;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Where a variable's value came from, for messages. */
type Sources = { file: string | null; fromFile: readonly string[] };

function source(name: string, sources: Sources): string {
  return sources.file !== null && sources.fromFile.includes(name) ? ` (in ${sources.file})` : "";
}

/** How a bad URL is described without repeating it (messages are shown on every page). */
function describeBadUrl(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return "a value without http:// or https://";
  try {
    return `a "${new URL(value).protocol}" URL`;
  } catch {
    return "text that is not a URL";
  }
}

function parseUrl(name: string, env: Env, fallback: string, sources: Sources): string {
  const raw = env[name];
  const value = raw === undefined || raw.trim() === "" ? fallback : raw.trim();
  const where = `${name}${source(name, sources)}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${where} must be an http(s) URL, got ${describeBadUrl(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${where} must be an http(s) URL, got ${describeBadUrl(value)}`);
  }
  if (url.username !== "" || url.password !== "") {
    // Credentials in a URL would be shown in the footer and in error messages.
    throw new ConfigError(`${where} must not contain credentials (user:password@)`);
  }
  return value.replace(/\/+$/, "");
}

function parseChainId(env: Env, sources: Sources): number {
  const raw = env.MANDATE_CHAIN_ID;
  if (raw === undefined || raw.trim() === "") return LOCAL_CHAIN_ID;
  const text = raw.trim();
  const fail = () =>
    new ConfigError(
      `MANDATE_CHAIN_ID${source("MANDATE_CHAIN_ID", sources)} must be a positive integer, got "${text.length > 24 ? `${text.slice(0, 21)}...` : text}"`,
    );
  if (!/^[0-9]+$/.test(text)) throw fail();
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw fail();
  return id;
}

function parse(env: Env, sources: Sources): AppConfig {
  return {
    rpcUrl: parseUrl("MANDATE_RPC_URL", env, DEFAULT_RPC_URL, sources),
    indexerUrl: parseUrl("MANDATE_INDEXER_URL", env, DEFAULT_INDEXER_URL, sources),
    chainId: parseChainId(env, sources),
  };
}

export type LoadedSettings = {
  /** The effective variables: the environment over the file. */
  env: Env;
  /** The configuration file read (absolute path), or null. */
  file: string | null;
  /** The variables whose value came from the file. */
  fromFile: string[];
};

/**
 * The environment with the configuration file's values under it, through @mandate/config's
 * `loadConfigFile` (the file is `MANDATE_CONFIG`, else `mandate.config.json` in `cwd`; any key
 * of `MANDATE_VARIABLES` is allowed, so one file can serve every service; secrets and URLs with a
 * password are refused in it). A bad file throws a {@link ConfigError} naming the file and each
 * key, never a value.
 */
export function loadSettings(options: { env?: Env; cwd?: string } = {}): LoadedSettings {
  const config = mandateConfig();
  try {
    return config.loadConfigFile({
      env: options.env ?? process.env,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      known: config.MANDATE_VARIABLE_NAMES,
    });
  } catch (error) {
    if (error instanceof config.ConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * Reads and checks the configuration; throws {@link ConfigError} naming the bad variable (and
 * the file, when the value came from it).
 *
 * - `readConfig()`: the server's configuration: the process environment over the configuration
 *   file over the defaults.
 * - `readConfig(env)`: exactly these variables over the defaults, no file (`readConfig({})` is
 *   the defaults).
 */
export function readConfig(env?: Env): AppConfig {
  if (env !== undefined) return parse(env, { file: null, fromFile: [] });
  return readServerConfig();
}

/** {@link readConfig} with the file: `env` (default process.env) over the file over defaults. */
export function readServerConfig(options: { env?: Env; cwd?: string } = {}): AppConfig {
  const { env, file, fromFile } = loadSettings(options);
  return parse(env, { file, fromFile });
}

/** A URL as the footer shows it: keys and tokens masked (@mandate/config's `maskUrl`). */
function displayUrl(url: string): string {
  return mandateConfig().maskUrl(url);
}

/**
 * `text` with every http(s) URL in it masked like the footer's: for messages shown to visitors,
 * such as a failed chain read whose error quotes the RPC URL (which may carry a provider key).
 */
export function maskUrlsIn(text: string): string {
  // A sentence's closing punctuation is not part of the URL.
  return text.replace(/https?:\/\/[^\s"'<>()]*[^\s"'<>().,;:!?]/g, (url) => displayUrl(url));
}

export function clientConfig(config: AppConfig): ClientConfig {
  return {
    chainId: config.chainId,
    rpcPath: "/api/rpc",
    indexerPath: "/api/indexer",
    rpcUrl: displayUrl(config.rpcUrl),
    indexerUrl: displayUrl(config.indexerUrl),
  };
}
