import "server-only";
import { createPublicClient, http, type PublicClient } from "viem";
import { mandateChain } from "../chain";
import type { AppConfig } from "../config";

const clients = new Map<string, PublicClient>();

/** One public client per RPC URL, for the server's reads (short timeout, no retries). */
export function serverPublicClient(config: AppConfig): PublicClient {
  const key = `${config.chainId}:${config.rpcUrl}`;
  let client = clients.get(key);
  if (client === undefined) {
    client = createPublicClient({
      chain: mandateChain(config.chainId, config.rpcUrl),
      transport: http(config.rpcUrl, { timeout: 5_000, retryCount: 0 }),
      batch: { multicall: false },
    }) as PublicClient;
    clients.set(key, client);
  }
  return client;
}
