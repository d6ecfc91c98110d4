/**
 * The wallet runtime: viem clients and the Mandate SDK. Loaded on demand (the first read a page
 * needs, or when someone picks an account), so pages that only show server-rendered data do not
 * parse ~130 kB of wallet code at start-up.
 */
import { createMandateClient, type MandateClient } from "@mandate/sdk";
import {
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";
import { mandateChain } from "../chain";
import type { ClientConfig } from "../config";
import { assertDevChain } from "./dev-chain";

export type Runtime = {
  publicClient: PublicClient;
  /** The Mandate client (read-only without a wallet client); null for a chain with no deployment. */
  mandate(walletClient: WalletClient | null): MandateClient | null;
  /** A wallet client signing with dev account `index`, after checking the node's chain id. */
  devWallet(index: number): Promise<WalletClient>;
};

function absolute(path: string): string {
  return new URL(path, window.location.origin).toString();
}

export function createRuntime(config: ClientConfig): Runtime {
  const rpc = absolute(config.rpcPath);
  const chain = mandateChain(config.chainId, rpc);
  const publicClient = createPublicClient({
    chain,
    transport: http(rpc, { retryCount: 1 }),
    pollingInterval: 500,
  }) as PublicClient;
  return {
    publicClient,
    mandate(walletClient) {
      try {
        return createMandateClient({ publicClient, walletClient: walletClient ?? undefined });
      } catch {
        return null; // UnknownChain: the server's notice says so
      }
    },
    async devWallet(index) {
      assertDevChain(config.chainId);
      const nodeChainId = await publicClient.getChainId();
      assertDevChain(nodeChainId);
      // The mnemonic derivation (bip39, bip32) is loaded only for dev accounts.
      const { devAccount } = await import("./dev-accounts");
      return createWalletClient({
        account: devAccount(index, nodeChainId),
        chain,
        transport: http(rpc),
      });
    },
  };
}
