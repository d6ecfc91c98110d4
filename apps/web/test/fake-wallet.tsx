/**
 * A wallet state for component tests: the Mandate client's methods are vi.fn mocks the test
 * programs, so components are exercised without a chain.
 */
import { type MandateClient, MandateError } from "@mandate/sdk";
import type { ReactNode } from "react";
import type { Address, PublicClient, WalletClient } from "viem";
import { vi } from "vitest";
import { WalletContextProvider, type WalletState } from "@/components/WalletProvider";
import { formatUnitsDisplay, MUSD } from "@/lib/format";

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

const musd = (v: bigint) => formatUnitsDisplay(v, MUSD, { maxFraction: 6, minFraction: 2 });

/**
 * The market's collateral credit of {@link ME}, kept as the contract keeps it, for the `markets`
 * group: `creditOf` reads the balance; `deposit`, `withdraw` (all of it without an amount),
 * `buyFromCredit` and `sellToCredit` move it and resolve as the SDK's writes do (mined, `result`,
 * `credit` after). A buy costs `prices.cost` (default: its `maxCost`), a sale pays
 * `prices.proceeds` (default: its `minProceeds`) — the fake has no LMSR. Too little credit
 * throws the SDK's `InsufficientCredit` MandateError, as the chain would.
 */
export function fakeCredit(initial: bigint, prices: { cost?: bigint; proceeds?: bigint } = {}) {
  const ledger = { balance: initial };
  const short = (needed: bigint, what: string) =>
    new MandateError({
      kind: "contract",
      code: "InsufficientCredit",
      errorName: "InsufficientCredit",
      shortMessage: `${ME} has ${musd(ledger.balance)} of credit in the market (collateral ${MUSD.symbol}), but ${what} ${musd(needed)}.`,
    });
  const markets = {
    creditOf: vi.fn(async (_: { account: Address; collateral?: Address }) => ledger.balance),
    deposit: vi.fn(async ({ amount }: { amount: bigint; collateral?: Address }) => {
      ledger.balance += amount;
      return { ...mined(30n), credit: ledger.balance, approval: undefined };
    }),
    withdraw: vi.fn(async ({ amount }: { amount?: bigint; collateral?: Address } = {}) => {
      const taken = amount ?? ledger.balance;
      if (taken > ledger.balance) throw short(taken, "cannot withdraw");
      ledger.balance -= taken;
      return { ...mined(31n, taken), credit: ledger.balance };
    }),
    buyFromCredit: vi.fn(async ({ maxCost }: { maxCost: bigint }) => {
      const cost = prices.cost ?? maxCost;
      if (cost > ledger.balance) throw short(cost, "this buy costs");
      ledger.balance -= cost;
      return { ...mined(32n, cost), credit: ledger.balance };
    }),
    sellToCredit: vi.fn(async ({ minProceeds }: { minProceeds: bigint }) => {
      const proceeds = prices.proceeds ?? minProceeds;
      ledger.balance += proceeds;
      return { ...mined(33n, proceeds), credit: ledger.balance };
    }),
  };
  return { ledger, markets };
}
