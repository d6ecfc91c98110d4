/**
 * A wallet state for component tests: the Mandate client's methods are vi.fn mocks the test
 * programs, so components are exercised without a chain.
 */
import type { MandateClient } from "@mandate/sdk";
import type { ReactNode } from "react";
import type { Address, PublicClient, WalletClient } from "viem";
import { vi } from "vitest";
import { WalletContextProvider, type WalletState } from "@/components/WalletProvider";

export const ME: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

/** Groups of the Mandate client (markets, governance, …) with the methods a test needs. */
type FakeMandate = { [group in keyof MandateClient]?: Record<string, unknown> };

export function fakeWallet(
  mandate: FakeMandate,
  overrides: Partial<WalletState> = {},
): WalletState {
  return {
    config: {
      chainId: 31337,
      rpcPath: "/api/rpc",
      indexerPath: "/api/indexer",
      rpcUrl: "http://127.0.0.1:8545",
      indexerUrl: "http://127.0.0.1:42069",
    },
    publicClient: {
      getBlock: vi.fn(async () => ({ timestamp: 1_800_000_000n })),
    } as unknown as PublicClient,
    mode: "dev",
    address: ME,
    walletClient: {} as WalletClient,
    mandate: {
      addresses: {
        lmsrMarket: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
        committeeResolver: "0x8A791620dd6260079BF849Dc5567aDC3F2FdC318",
        governorResolver: "0x0B306BF915C4d645ff596e518fAf3F9669b97016",
      },
      ...mandate,
    } as unknown as MandateClient,
    devIndex: 3,
    devAccounts: [ME],
    wrongChain: false,
    injectedAvailable: false,
    error: null,
    load: vi.fn(),
    selectDev: vi.fn(async () => {}),
    connectInjected: vi.fn(),
    disconnect: vi.fn(),
    switchChain: vi.fn(),
    ...overrides,
  };
}

export function withWallet(state: WalletState, children: ReactNode) {
  return <WalletContextProvider value={state}>{children}</WalletContextProvider>;
}

/** What an SDK write resolves to once mined. */
export function mined(blockNumber: bigint, result: unknown = 0n) {
  return {
    hash: `0x${"ab".repeat(32)}` as const,
    receipt: { blockNumber, status: "success" },
    result,
  };
}
