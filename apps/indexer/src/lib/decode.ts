/**
 * Pure helpers shared by the indexing functions and the API: market metadata, AI vote reasons,
 * proposal titles, outcome token ids, prices.
 */
import { pricesWad } from "@mandate/lmsr";
import { type Hex, keccak256 } from "viem";

/** `<transaction hash>-<log index>`: the id of a row that records one event. */
export const eventId = (event: { transaction: { hash: Hex }; log: { logIndex: number } }) =>
  `${event.transaction.hash}-${event.log.logIndex}`;

export interface DecodedMetadata {
  verified: boolean;
  question: string | null;
  description: string | null;
  outcomes: string[];
  tags: string[];
  document: Record<string, unknown> | null;
}

const DATA_URI_PREFIX = "data:application/json;base64,";

const strings = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((x) => typeof x === "string") ? (value as string[]) : null;

/**
 * Reads a market's metadata document (mandate.market-metadata/1) when its URI carries it
 * (`data:application/json;base64,…`) and checks it against the stored hash. Other URIs (ipfs,
 * https) are not fetched: indexing stays deterministic and offline.
 */
export function decodeMarketMetadata(
  uri: string,
  hash: Hex,
  outcomeCount: number,
): DecodedMetadata {
  const fallback = Array.from({ length: outcomeCount }, (_, i) => `Outcome ${i}`);
  const none: DecodedMetadata = {
    verified: false,
    question: null,
    description: null,
    outcomes: fallback,
    tags: [],
    document: null,
  };
  if (!uri.startsWith(DATA_URI_PREFIX)) return none;
  try {
    const bytes = Buffer.from(uri.slice(DATA_URI_PREFIX.length), "base64");
    const verified = keccak256(bytes) === hash.toLowerCase();
    const document = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    if (document === null || typeof document !== "object" || Array.isArray(document)) return none;
    const labels = strings(document.outcomes);
    return {
      verified,
      question: typeof document.question === "string" ? document.question : null,
      description: typeof document.description === "string" ? document.description : null,
      outcomes: labels !== null && labels.length === outcomeCount ? labels : fallback,
      tags: strings(document.tags) ?? [],
      document,
    };
  } catch {
    return none;
  }
}

/** The reason suffix of an AI delegate's vote (contracts/docs/governance.md, format v1). */
const AI_REASON =
  /\n\n#mandate-vote v1 summary=(0x[0-9a-f]{64}) mandate=(0x[0-9a-f]{64}) version=([0-9]+)$/;

export interface AiReason {
  rationale: string;
  summaryHash: Hex;
  mandateHash: Hex;
  mandateVersion: bigint;
}

export function parseAiReason(reason: string): AiReason | null {
  const match = AI_REASON.exec(reason);
  if (match === null) return null;
  return {
    rationale: reason.slice(0, match.index),
    summaryHash: match[1] as Hex,
    mandateHash: match[2] as Hex,
    mandateVersion: BigInt(match[3] as string),
  };
}

/** A proposal's title: the description's first Markdown heading, else its first non-empty line. */
export function proposalTitle(description: string): string {
  const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(description);
  const line = heading?.[1] ?? description.split("\n").find((l) => l.trim() !== "") ?? "";
  const title = line.trim();
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

/** ERC-6909 outcome token id → (market, outcome): id = (marketId << 8) | outcome. */
export const decodeTokenId = (id: bigint) => ({ marketId: id >> 8n, outcome: Number(id & 0xffn) });

/**
 * Every outcome's price, WAD, exactly as the contract's `prices(marketId)` computes it (the
 * @mandate/lmsr mirror of LMSRMath: same integers), from the stored log-sum and supplies.
 */
export const marketPrices = (logSum: bigint, supplies: readonly bigint[], liquidity: bigint) =>
  pricesWad(logSum, supplies, liquidity);

/** `values[index] = value`, as a new array. */
export function withAt<T>(values: readonly T[], index: number, value: T): T[] {
  const next = values.slice();
  next[index] = value;
  return next;
}

/** Adds `delta` at `index` of a bigint array, growing it with zeros as needed. */
export function addAt(values: readonly bigint[], index: number, delta: bigint): bigint[] {
  const next = values.slice();
  while (next.length <= index) next.push(0n);
  next[index] = (next[index] ?? 0n) + delta;
  return next;
}
