/**
 * Market metadata documents: what a market asks, its outcomes and how it resolves.
 *
 * A market stores `metadataHash = keccak256(document bytes)` and `metadataURI`. The local chain
 * uses `data:application/json;base64,<document>` URIs, so no host is needed; the hash is over the
 * exact UTF-8 bytes the URI carries, and `decodeMetadataURI` checks it.
 */
import { type Hex, keccak256, toBytes } from "viem";

export const METADATA_SCHEMA = "mandate.market-metadata/1";

export interface MarketMetadata {
  schema: typeof METADATA_SCHEMA;
  /** The question, ending with "?". */
  question: string;
  /** One or two sentences of context. */
  description: string;
  /** Outcome labels; index i is outcome i of the market. */
  outcomes: string[];
  resolution: {
    /** How the resolver decides, in plain words. */
    rules: string;
    /** When the market resolves invalid (every share then pays its outcome's last price). */
    invalidIf: string;
    /** Where the answer will be read. */
    sources: string[];
  };
  tags: string[];
}

export interface EncodedMetadata {
  /** The document as stored: `JSON.stringify(metadata)`. */
  json: string;
  /** keccak256 of the document's UTF-8 bytes. */
  hash: Hex;
  /** `data:application/json;base64,...` of the same bytes. */
  uri: string;
}

const DATA_URI_PREFIX = "data:application/json;base64,";

export function encodeMetadata(metadata: MarketMetadata): EncodedMetadata {
  const json = JSON.stringify(metadata);
  return {
    json,
    hash: keccak256(toBytes(json)),
    uri: DATA_URI_PREFIX + Buffer.from(json, "utf8").toString("base64"),
  };
}

/** Decodes a `data:application/json;base64,` URI and checks it against `expectedHash` if given. */
export function decodeMetadataURI(uri: string, expectedHash?: Hex): MarketMetadata {
  if (!uri.startsWith(DATA_URI_PREFIX)) {
    throw new Error(`Not a base64 JSON data URI: ${uri.slice(0, 40)}…`);
  }
  const bytes = Buffer.from(uri.slice(DATA_URI_PREFIX.length), "base64");
  if (expectedHash !== undefined) {
    const actual = keccak256(bytes);
    if (actual !== expectedHash) {
      throw new Error(
        `Metadata hash mismatch: the URI's document hashes to ${actual}, expected ${expectedHash}`,
      );
    }
  }
  return JSON.parse(bytes.toString("utf8")) as MarketMetadata;
}
