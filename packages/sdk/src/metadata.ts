/**
 * Market metadata documents (schema "mandate.market-metadata/1", as the seeded markets use): the
 * question, the outcomes and how the market resolves. A market stores `keccak256(document)` and a
 * URI; here the URI is a `data:application/json;base64,…` URI, so no host is needed. Works in
 * browsers and Node (no Buffer).
 */

import { bytesToString, type Hex, keccak256, stringToBytes } from "viem";
import { MandateError } from "./errors.js";

export const MARKET_METADATA_SCHEMA = "mandate.market-metadata/1";

export type MarketMetadata = {
  schema: typeof MARKET_METADATA_SCHEMA;
  /** The question, ending with "?". */
  question: string;
  /** One or two sentences of context. */
  description: string;
  /** Outcome labels; index i is outcome i. */
  outcomes: string[];
  resolution: {
    /** How the resolver decides, in plain words. */
    rules: string;
    /** When the market resolves invalid. */
    invalidIf: string;
    /** Where the answer will be read. */
    sources: string[];
  };
  tags: string[];
};

export type EncodedMarketMetadata = {
  /** The document as stored: `JSON.stringify(metadata)`. */
  json: string;
  /** keccak256 of the document's UTF-8 bytes: the market's `metadataHash`. */
  hash: Hex;
  /** `data:application/json;base64,…` of the same bytes: the market's `metadataURI`. */
  uri: string;
};

const DATA_URI_PREFIX = "data:application/json;base64,";

/** Encodes a metadata document for `createMarket` (the same bytes the seed scripts produce). */
export function encodeMarketMetadata(metadata: MarketMetadata): EncodedMarketMetadata {
  const json = JSON.stringify(metadata);
  const bytes = stringToBytes(json);
  return { json, hash: keccak256(bytes), uri: DATA_URI_PREFIX + toBase64(bytes) };
}

/**
 * Decodes a `data:application/json;base64,` metadata URI, checking it against `expectedHash` when
 * given. Returns `undefined` for other URIs (fetch those yourself).
 * @throws MandateError `MetadataHashMismatch` when the document does not hash to `expectedHash`.
 */
export function decodeMarketMetadataURI(
  uri: string,
  expectedHash?: Hex,
): MarketMetadata | undefined {
  if (!uri.startsWith(DATA_URI_PREFIX)) return undefined;
  const bytes = fromBase64(uri.slice(DATA_URI_PREFIX.length));
  if (expectedHash !== undefined && keccak256(bytes) !== expectedHash.toLowerCase()) {
    throw new MandateError({
      kind: "invalidArgument",
      code: "MetadataHashMismatch",
      shortMessage: `The market's metadata document does not match its hash ${expectedHash}: it may have been tampered with.`,
    });
  }
  return JSON.parse(bytesToString(bytes)) as MarketMetadata;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
