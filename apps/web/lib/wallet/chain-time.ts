import type { PublicClient } from "viem";

/**
 * The chain's "now": the timestamp the next block would carry (the pending block), else the
 * latest block's. On an idle local chain the latest block can be minutes old, and after time
 * travel (evm_increaseTime) the node's clock runs ahead of the wall clock; the pending block has
 * the time the node will actually use.
 */
export async function chainTime(client: PublicClient): Promise<bigint> {
  try {
    const pending = await client.getBlock({ blockTag: "pending" });
    if (pending.timestamp > 0n) return pending.timestamp;
  } catch {
    // some nodes do not serve the pending block
  }
  return (await client.getBlock({ blockTag: "latest" })).timestamp;
}

/** A trade deadline `seconds` after the chain's now (default 10 minutes, as the SDK's). */
export async function tradeDeadlineFromNow(client: PublicClient, seconds = 600n): Promise<bigint> {
  return (await chainTime(client)) + seconds;
}
