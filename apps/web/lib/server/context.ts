import "server-only";
import { type MandateAddresses, mandateAddresses } from "@mandate/sdk";
import { connection } from "next/server";
import type { PublicClient } from "viem";
import { type AppConfig, ConfigError, maskUrlsIn, readConfig } from "../config";
import { type IndexerGetOptions, type IndexerResult, indexerGet } from "../indexer";
import type { Notice } from "../views";
import { serverPublicClient } from "./chain";

export type ServerContext = {
  config: AppConfig;
  client: PublicClient;
  /** Null when the chain id has no known deployment. */
  addresses: MandateAddresses | null;
  /** Problems every page shows (configuration, unknown chain). */
  notices: Notice[];
  indexer<T>(path: string, options?: IndexerGetOptions): Promise<IndexerResult<T>>;
};

/**
 * The per-request server context: configuration from the environment (read at request time, so
 * pages are always rendered dynamically), the chain client and the indexer reader.
 */
export async function serverContext(): Promise<ServerContext> {
  await connection();
  const notices: Notice[] = [];
  let config: AppConfig;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    notices.push({ kind: "config", message: `Configuration error: ${error.message}.` });
    config = readConfig({});
  }
  let addresses: MandateAddresses | null = null;
  try {
    addresses = mandateAddresses(config.chainId);
  } catch {
    notices.push({
      kind: "config",
      message: `Chain ${config.chainId} has no known Mandate deployment (MANDATE_CHAIN_ID); only the local chain 31337 is recorded.`,
    });
  }
  return {
    config,
    client: serverPublicClient(config),
    addresses,
    notices,
    indexer: <T>(path: string, options?: IndexerGetOptions) =>
      indexerGet<T>(config.indexerUrl, path, options),
  };
}

/** The message of a failed chain read, for a notice. */
export function chainErrorMessage(error: unknown): string {
  const short =
    typeof error === "object" && error !== null && "shortMessage" in error
      ? String((error as { shortMessage: unknown }).shortMessage)
      : error instanceof Error
        ? error.message
        : String(error);
  // Visitors see this: the node's URL in it may carry a provider key.
  return maskUrlsIn(short.split("\n")[0] ?? "unknown error");
}
