/**
 * Engine selection from the environment:
 *
 *   MANDATE_ENGINE=offline|openai        default offline (no network, no weights)
 *   OPENAI_BASE_URL=http://localhost:11434/v1   any OpenAI-compatible server (default: OpenAI)
 *   OPENAI_MODEL=gpt-4o-mini             required with OPENAI_BASE_URL; default gpt-4o-mini
 *   OPENAI_API_KEY=sk-...                required for OpenAI itself; never logged
 *   OPENAI_TIMEOUT_MS=60000              per request
 *   OPENAI_MAX_RETRIES=3
 *   MANDATE_ENGINE_FALLBACK=offline|abstain   when the model fails: default offline
 *
 * The offline engine is injected (a factory), so this module does not import it.
 */
import type { Engine } from "../types.js";
import { type FallbackMode, withFallback } from "./fallback.js";
import {
  createOpenAIEngine,
  EngineConfigError,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIEngineOptions,
} from "./openai.js";
import type { DecodeFn, RetryClock } from "./openai-types.js";

export const OPENAI_DEFAULT_MODEL = "gpt-4o-mini";

export interface EngineEnvConfig {
  engine: "offline" | "openai";
  /** Set when engine is "openai". */
  openai?: {
    baseURL: string | undefined;
    model: string;
    apiKey: string | undefined;
    timeoutMs: number;
    maxRetries: number;
  };
  /** What to do when the openai engine fails. */
  fallback: FallbackMode;
}

type Env = Record<string, string | undefined>;

function read(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = read(env, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new EngineConfigError(`${key} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

/** Reads and checks the engine settings; throws EngineConfigError naming what is wrong. */
export function parseEngineEnv(env: Env = process.env): EngineEnvConfig {
  const engine = (read(env, "MANDATE_ENGINE") ?? "offline").toLowerCase();
  if (engine !== "offline" && engine !== "openai") {
    throw new EngineConfigError(`MANDATE_ENGINE must be "offline" or "openai" (got "${engine}")`);
  }
  const fallbackRaw = (read(env, "MANDATE_ENGINE_FALLBACK") ?? "offline").toLowerCase();
  if (fallbackRaw !== "offline" && fallbackRaw !== "abstain") {
    throw new EngineConfigError(
      `MANDATE_ENGINE_FALLBACK must be "offline" or "abstain" (got "${fallbackRaw}")`,
    );
  }
  const fallback: FallbackMode = fallbackRaw === "offline" ? "fallback" : "abstain";
  if (engine === "offline") return { engine, fallback };

  const baseURL = read(env, "OPENAI_BASE_URL");
  const apiKey = read(env, "OPENAI_API_KEY");
  if (!apiKey && !baseURL) {
    throw new EngineConfigError(
      "MANDATE_ENGINE=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server that needs no key)",
    );
  }
  if (baseURL) {
    let u: URL | null = null;
    try {
      u = new URL(baseURL);
    } catch {
      // reported below
    }
    if (!u || (u.protocol !== "http:" && u.protocol !== "https:")) {
      throw new EngineConfigError(
        `OPENAI_BASE_URL must be an http(s) URL such as http://localhost:11434/v1 (got "${baseURL.replace(/\/\/[^@/]*@/, "//***@")}")`,
      );
    }
  }
  let model = read(env, "OPENAI_MODEL");
  if (!model) {
    if (baseURL && baseURL.replace(/\/+$/, "") !== OPENAI_DEFAULT_BASE_URL) {
      throw new EngineConfigError(
        "MANDATE_ENGINE=openai with OPENAI_BASE_URL needs OPENAI_MODEL (the model name your server serves, e.g. llama3.1:8b)",
      );
    }
    model = OPENAI_DEFAULT_MODEL;
  }
  return {
    engine,
    fallback,
    openai: {
      baseURL,
      model,
      apiKey,
      timeoutMs: integer(env, "OPENAI_TIMEOUT_MS", 60_000, 1, 3_600_000),
      maxRetries: integer(env, "OPENAI_MAX_RETRIES", 3, 0, 20),
    },
  };
}

/** One line for logs; never includes the key. */
export function describeEngineConfig(cfg: EngineEnvConfig): string {
  if (cfg.engine === "offline" || !cfg.openai) return "engine: offline";
  const o = cfg.openai;
  return (
    `engine: openai/${o.model} at ${(o.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/\/[^@/]*@/, "//***@")}` +
    ` (key ${o.apiKey ? "set" : "not set"}, timeout ${o.timeoutMs} ms, ${o.maxRetries} retries,` +
    ` on failure: ${cfg.fallback === "fallback" ? "offline engine" : "abstain"})`
  );
}

export interface EngineDeps {
  /** Creates the offline engine (src/engines/offline). */
  offline: () => Engine;
  /** The decoder (src/decode) the openai engine takes its facts from. */
  decode: DecodeFn;
  log?: ((line: string) => void) | undefined;
  clock?: RetryClock | undefined;
  fetch?: OpenAIEngineOptions["fetch"];
}

/** The engine the environment asks for, wrapped with the configured failure behaviour. */
export function engineFromEnv(env: Env, deps: EngineDeps): Engine {
  const cfg = parseEngineEnv(env);
  if (cfg.engine === "offline" || !cfg.openai) return deps.offline();
  const primary = createOpenAIEngine({
    ...cfg.openai,
    decode: deps.decode,
    log: deps.log,
    clock: deps.clock,
    fetch: deps.fetch,
  });
  return withFallback(primary, cfg.fallback === "fallback" ? deps.offline() : null, {
    onFailure: cfg.fallback,
    onPrimaryFailure: deps.log
      ? (e, name) => deps.log?.(`${name} failed: ${e instanceof Error ? e.message : String(e)}`)
      : undefined,
  });
}
