/**
 * The holder's beliefs file (`--beliefs FILE`): probabilities the holder sets, per market id.
 *
 *   { "5": 0.7, "3": { "p": 0.35, "note": "the tally looks weak to me" } }
 *
 * Each value is P(the market's yes outcome): the outcome labelled "Yes" (outcome 1 for proposal
 * markets, where 0 is No), else outcome 0. A value must be a number in [0, 1]; exactly 0 or 1 is
 * accepted in the file but the market is then skipped with `invalidBelief` (certainty is not a
 * belief to stake money on). The file is read again when it changes; a broken edit is reported
 * in one line and the previous beliefs stay in force.
 */
import { readFileSync, statSync } from "node:fs";
import { type HolderBelief, holderSource } from "../beliefs/holder.js";
import type { BeliefSource } from "../beliefs/types.js";

export class BeliefsFileError extends Error {
  override name = "BeliefsFileError";
}

/** Parses the file's text; throws BeliefsFileError naming the first problem. */
export function parseBeliefs(text: string, path: string): Map<bigint, HolderBelief> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BeliefsFileError(
      `${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new BeliefsFileError(
      `${path} must be an object mapping market ids to probabilities, e.g. {"5": 0.7}`,
    );
  }
  const out = new Map<bigint, HolderBelief>();
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (key.startsWith("$")) continue; // "$comment" and the like
    if (!/^\d{1,78}$/.test(key)) {
      throw new BeliefsFileError(`${path}: "${key}" is not a market id (a decimal integer)`);
    }
    const entry =
      typeof value === "number" ? { p: value } : (value as { p?: unknown; note?: unknown });
    if (entry === null || typeof entry !== "object") {
      throw new BeliefsFileError(`${path}: market ${key} must be a number or {"p": number}`);
    }
    const p = entry.p;
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new BeliefsFileError(
        `${path}: market ${key}: the probability must be a number from 0 to 1 (got ${JSON.stringify(p)})`,
      );
    }
    if (entry.note !== undefined && typeof entry.note !== "string") {
      throw new BeliefsFileError(`${path}: market ${key}: "note" must be a string`);
    }
    out.set(BigInt(key), { p, ...(typeof entry.note === "string" ? { note: entry.note } : {}) });
  }
  return out;
}

export interface BeliefsFile {
  readonly path: string;
  /** Markets with a belief, as last loaded. */
  readonly size: number;
  /** The holder source for the current contents (re-reading the file if it changed). */
  source(): BeliefSource;
}

/**
 * Loads the file (throws BeliefsFileError when it cannot be read or parsed) and returns a
 * handle that re-reads it when its modification time or size changes.
 */
export function loadBeliefsFile(
  path: string,
  options: { weight?: number | undefined; log?: ((line: string) => void) | undefined } = {},
): BeliefsFile {
  const read = (): { beliefs: Map<bigint, HolderBelief>; stamp: string } => {
    let stamp: string;
    let text: string;
    try {
      const st = statSync(path);
      stamp = `${st.mtimeMs}:${st.size}`;
      text = readFileSync(path, "utf8");
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new BeliefsFileError(
        `cannot read the beliefs file ${path}: ${code === "ENOENT" ? "no such file" : String(code ?? e)}`,
      );
    }
    return { beliefs: parseBeliefs(text, path), stamp };
  };
  let current = read();
  let source = holderSource({ beliefs: current.beliefs, weight: options.weight });
  let reported: string | null = null;
  return {
    path,
    get size() {
      return current.beliefs.size;
    },
    source() {
      let stamp: string | null = null;
      try {
        const st = statSync(path);
        stamp = `${st.mtimeMs}:${st.size}`;
      } catch {
        stamp = null;
      }
      if (stamp !== null && stamp !== current.stamp) {
        try {
          current = read();
          source = holderSource({ beliefs: current.beliefs, weight: options.weight });
          reported = null;
          options.log?.(`beliefs file ${path} reloaded: ${current.beliefs.size} markets`);
        } catch (e) {
          const line = e instanceof Error ? e.message : String(e);
          if (line !== reported) {
            options.log?.(`beliefs file not reloaded, keeping the previous beliefs: ${line}`);
            reported = line;
          }
        }
      }
      return source;
    },
  };
}
