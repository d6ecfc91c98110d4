import { MAX_MARKET_ID, MAX_OUTCOMES } from "./constants.js";
import { OutcomeOutOfRangeError } from "./errors.js";
import { assertUint } from "./validate.js";

export type TokenIdParameters = Parameters<typeof tokenId>;
export type TokenIdReturnType = bigint;

/**
 * The ERC-6909 token id of an outcome's shares, as the contract's `tokenId`:
 * `(marketId << 8) | outcome`.
 *
 * @throws OutcomeOutOfRangeError if `outcome` ≥ 256 (it would collide with another market's
 * ids; the contract's pure function does not check).
 */
export function tokenId(marketId: bigint, outcome: bigint): TokenIdReturnType {
  assertUint("marketId", marketId, MAX_MARKET_ID);
  assertUint("outcome", outcome);
  if (outcome >= MAX_OUTCOMES) {
    throw new OutcomeOutOfRangeError({ outcome, outcomeCount: MAX_OUTCOMES });
  }
  return (marketId << 8n) | outcome;
}

export type DecodeTokenIdParameters = Parameters<typeof decodeTokenId>;
export type DecodeTokenIdReturnType = { marketId: bigint; outcome: bigint };

/** Splits an ERC-6909 token id into its market id and outcome index. */
export function decodeTokenId(id: bigint): DecodeTokenIdReturnType {
  assertUint("id", id);
  return { marketId: id >> 8n, outcome: id & 0xffn };
}
