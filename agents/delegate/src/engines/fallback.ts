/**
 * What happens when the model engine fails (unreachable, rate limited past its retries, or its
 * output rejected): either analyse with a fallback engine (normally the offline one) and say so in
 * summary.engine, or refuse with EngineUnavailableError so the agent abstains or asks the human.
 */
import type { Analysis, DecodeContext, Engine, ProposalInput } from "../types.js";

/** No engine could produce a trustworthy analysis. The agent must abstain or ask the human. */
export class EngineUnavailableError extends Error {
  override name = "EngineUnavailableError";
  constructor(
    /** The engine that failed, e.g. "openai/gpt-4o-mini". */
    readonly engine: string,
    /** Why, in one line (never contains the API key: engine errors are redacted at the source). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${engine} is unavailable: ${reason}`, options);
  }
}

export type FallbackMode = "fallback" | "abstain";

export interface FallbackOptions {
  /** "fallback": use the fallback engine; "abstain": throw EngineUnavailableError. */
  onFailure: FallbackMode;
  /** Told about every failure of the primary engine (for logs). */
  onPrimaryFailure?: ((error: unknown, primary: string) => void) | undefined;
  /** Longest reason copied into summary.engine (default 160 characters). */
  maxReasonChars?: number | undefined;
}

function engineName(e: Engine): string {
  const named = (e as Engine & { name?: unknown }).name;
  return typeof named === "string" && named.length > 0 ? named : e.id;
}

/** The error message on one line, without a leading "<engine> [at <url>]:" that repeats the name. */
function oneLine(error: unknown, max: number, engine?: string): string {
  let text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
  if (engine && text.startsWith(`${engine} `)) {
    text = text
      .slice(engine.length)
      .replace(/^ at \S+:/, "")
      .trim();
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Wraps `primary` so a failure is handled as `opts.onFailure` says. In "fallback" mode the
 * fallback's summary.engine reads e.g. "offline/textrank-1 (fallback from openai/gpt-4o-mini:
 * <reason>)". If the fallback fails too, or in "abstain" mode, throws EngineUnavailableError.
 */
export function withFallback(
  primary: Engine,
  fallback: Engine | null,
  opts: FallbackOptions,
): Engine & { readonly name: string } {
  if (opts.onFailure === "fallback" && !fallback) {
    throw new Error('withFallback: onFailure "fallback" needs a fallback engine');
  }
  const primaryName = engineName(primary);
  const max = opts.maxReasonChars ?? 160;
  const useFallback = opts.onFailure === "fallback" && fallback !== null;
  return {
    id: primary.id,
    name: primaryName,
    label: useFallback
      ? `${primary.label}; falls back to ${fallback.label}`
      : `${primary.label}; abstains when unavailable`,
    async analyze(p: ProposalInput, ctx: DecodeContext): Promise<Analysis> {
      try {
        return await primary.analyze(p, ctx);
      } catch (error) {
        opts.onPrimaryFailure?.(error, primaryName);
        const reason = oneLine(error, max, primaryName);
        if (!useFallback) throw new EngineUnavailableError(primaryName, reason, { cause: error });
        let result: Analysis;
        try {
          result = await fallback.analyze(p, ctx);
        } catch (fallbackError) {
          throw new EngineUnavailableError(
            primaryName,
            `${reason}; fallback ${engineName(fallback)} failed too: ${oneLine(fallbackError, max, engineName(fallback))}`,
            { cause: fallbackError },
          );
        }
        return {
          ...result,
          summary: {
            ...result.summary,
            engine: `${result.summary.engine} (fallback from ${primaryName}: ${reason})`,
          },
        };
      }
    },
  };
}
